using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

public sealed class NameValidationTests
{
    [Fact]
    public void NamesInsideInstanceTypesMustBeKebabCase() =>
        Rejects("(component (type (instance (export \"NevEr\" (func)))))", "not in kebab case", "type");

    [Fact]
    public void NamesDifferingOnlyInCaseConflict() =>
        Rejects("(component (type (instance (export \"a\" (func)) (export \"A\" (func)))))", "export name `A` conflicts with previous name `a`");

    [Fact]
    public void InlineInstanceExportNamesConflict() =>
        Rejects("(component (import \"f\" (func $f)) (instance (export \"a\" (func $f)) (export \"a\" (func $f))))",
            "export name `a` conflicts with previous name `a`", "instance");

    [Fact]
    public void MethodNamesConflictWithTheirPostDotLabel()
    {
        Rejects("(component (import \"a\" (type $a (sub resource))) (import \"[static]a.a\" (func)))",
            "import name `[static]a.a` conflicts with previous name `a`");
        Accepts("(component (import \"a\" (type $a (sub resource))) (import \"[constructor]a\" (func (result (own $a)))))");
        // Only `[method]l.l` collides with `l` (as in wasi:http, `method` and `[method]incoming-request.method` coexist).
        Accepts("""
            (component
              (import "method" (func))
              (import "r" (type $r (sub resource)))
              (import "[method]r.method" (func (param "self" (borrow $r)))))
            """);
    }

    [Fact]
    public void ConstructorsReturnTheirOwnResource()
    {
        Rejects("(component (import \"a\" (type $a (sub resource))) (import \"[constructor]a\" (func (result string))))",
            "function should return `(own $T)` or `(result (own $T))`");
        Rejects("(component (import \"b\" (type $a (sub resource))) (import \"[constructor]a\" (func (result (own $a)))))",
            "function does not match expected resource name `b`");
    }

    [Fact]
    public void MethodsTakeSelfAsABorrow()
    {
        Rejects("(component (import \"[method]a.b\" (func (param \"x\" u32))))", "should have a first argument called `self`");
        Rejects("(component (import \"[method]a.b\" (func (param \"self\" u32))))", "should take a first argument of `(borrow $T)`");
        Rejects("(component (import \"[method]a.b\" (instance)))", "is not a func");
    }

    [Fact]
    public void ResourcesOfAnnotatedExportsNeedAnExportedName() =>
        Rejects("""
            (component
              (import "b" (type $T (sub resource)))
              (import "f" (func $f (param "self" (borrow $T))))
              (export "[method]b.foo" (func $f)))
            """, "resource used in function does not have a name in this context", "export");

    [Fact]
    public void ImplementsIsOnlyForInstancesWithPlainNames()
    {
        Rejects("(component (type (component (import \"a\" (implements \"a:b/c\") (func)))))", "only instances can have an `implements`");
        Rejects("(component (type (component (import \"a\" (implements \"not-valid\") (instance)))))", "must be an interface");
        Accepts("(component (import \"a\" (implements \"a:b/c\") (instance)))", wasmtimeCannotLoad: true);
    }

    [Fact]
    public void InstantiationArgumentsAreUnique() =>
        Rejects("""
            (component
              (import "f" (func $f))
              (component $c)
              (instance (instantiate $c (with "a" (func $f)) (with "a" (func $f)))))
            """, "instantiation argument `a` conflicts with previous argument `a`", "instance");

    [Fact]
    public void LaterKebabFragmentsMayStartWithADigit()
    {
        Accepts("(component (import \"log-0t-1\" (func)) (import \"run-2E\" (func)))");
        Rejects("(component (import \"run-2eE\" (func)))", "not in kebab case");
    }

    [Fact]
    public void ParameterNamesCompareIgnoringCase() =>
        Accepts("""
            (component
              (import "f" (func $f (param "T" u32)))
              (component $c (import "f" (func (param "t" u32))))
              (instance (instantiate $c (with "f" (func $f)))))
            """);

    [Fact]
    public void StaticFunctionsNeedAResourceOfThatName()
    {
        Rejects("(component (import \"[static]a.b\" (func)))", "static resource name is not known in this context");
        Accepts("(component (import \"a\" (type (sub resource))) (import \"[static]a.b\" (func (param \"x\" u32) (result string))))");
    }
}
