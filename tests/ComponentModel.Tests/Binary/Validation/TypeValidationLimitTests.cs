using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Type-level rules: kinds where a kind is required, value size and shape limits, core module types.</summary>
public sealed class TypeValidationLimitTests
{
    [Fact]
    public void OwnAndBorrowNeedAResource() =>
        Rejects("(component (type $t u8) (type (own $t)))", "type index 0 is not a resource type", "type");

    [Fact]
    public void FunctionResultsCannotBorrow() =>
        Rejects("(component (import \"T\" (type $T (sub resource))) (type (func (result (borrow $T)))))",
            "function result cannot contain a `borrow` type");

    [Fact]
    public void FuncImportsNeedAFunctionType() =>
        Rejects("(component (type $t (instance)) (import \"f\" (func (type $t))))", "type index 0 is not a function type");

    [Fact]
    public void ModuleImportsNeedAModuleType() =>
        Rejects("(component (core type $t (func)) (import \"m\" (core module (type $t))))", "core type index 0 is not a module type");

    [Fact]
    public void ValuesHaveAMaximumByteSize()
    {
        Accepts("(component (type (list u8 268435455)))", wasmtimeCannotLoad: true);
        Rejects("(component (type (list u8 268435456)))", "exceeds maximum byte size");
        Rejects("(component (type (tuple (list u8 268435455) (list u8 1))))", "exceeds maximum byte size");
        Rejects("(component (type (list string 16777216)))", "exceeds maximum byte size");
    }

    [Fact]
    public void DeeplyNestedTypesAreRejectedNotOverflowed()
    {
        var text = new System.Text.StringBuilder("(component (type u8)");
        for (int i = 0; i < 150; i++) text.Append($" (type (list {i}))");
        text.Append(')');
        Rejects(text.ToString(), "type nesting is too deep");
    }

    [Fact]
    public void CoreModuleTypesAreValidated()
    {
        Rejects("(component (core type (module (export \"a\" (func)) (export \"a\" (func)))))", "export name `a` already defined", "core type");
        Rejects("(component (core type (module (import \"\" \"a\" (func)) (import \"\" \"a\" (func)))))", "duplicate import name `:a`");
        Rejects("(component (core type (module (import \"\" \"\" (memory 70000)))))", "memory size must be at most");
    }

    [Fact]
    public void CoreModulesMayNotRepeatAnImportName() =>
        Rejects("(component (core module (import \"\" \"a\" (func)) (import \"\" \"a\" (func))))", "duplicate import name `:a`", "core module");
}
