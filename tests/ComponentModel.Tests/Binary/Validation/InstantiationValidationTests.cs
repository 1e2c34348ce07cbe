using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Component and core module instantiation: arguments are matched by name and checked by subtyping.</summary>
public sealed class InstantiationValidationTests
{
    [Fact]
    public void AMissingComponentImportIsReported() =>
        Rejects("(component (component $c (import \"x\" (func))) (instance (instantiate $c)))", "missing import named `x`", "instance");

    [Fact]
    public void ArgumentsMustHaveTheImportedKind() =>
        Rejects("""
            (component
              (component $a)
              (component $c (import "x" (func)))
              (instance (instantiate $c (with "x" (component $a)))))
            """, "expected func, found component");

    [Fact]
    public void RecordFieldsAreComparedByNameAndType()
    {
        Rejects("""
            (component
              (type $r (record (field "b" u32)))
              (import "r" (type $r' (eq $r)))
              (component $c
                (type $r (record (field "a" u32)))
                (import "r" (type (eq $r))))
              (instance (instantiate $c (with "r" (type $r')))))
            """, "expected field name `a`, found `b`");
        Rejects("""
            (component
              (import "f" (func $f (param "x" string)))
              (component $c (import "f" (func (param "x" u32))))
              (instance (instantiate $c (with "f" (func $f)))))
            """, "expected primitive `u32` found primitive `string`");
    }

    [Fact]
    public void InstanceArgumentsNeedEveryExpectedExport() =>
        Rejects("""
            (component
              (import "i" (instance $i))
              (component $c (import "i" (instance (export "x" (func)))))
              (instance (instantiate $c (with "i" (instance $i)))))
            """, "missing expected export `x`");

    [Fact]
    public void ImportedResourcesAreBoundByTheFirstArgument()
    {
        const string inner = """
            (component $eq
              (import "a" (type $a (sub resource)))
              (import "b" (type (eq $a))))
            """;
        Rejects($"""
            (component
              (import "T1" (type $T1 (sub resource)))
              (import "T2" (type $T2 (sub resource)))
              {inner}
              (instance (instantiate $eq (with "a" (type $T1)) (with "b" (type $T2)))))
            """, "resource types are not the same");
        Accepts($"""
            (component
              (import "T1" (type $T1 (sub resource)))
              (import "T2" (type $T2 (eq $T1)))
              {inner}
              (instance (instantiate $eq (with "a" (type $T1)) (with "b" (type $T2)))))
            """);
    }

    [Fact]
    public void OwnAndBorrowDiffer() =>
        Rejects("""
            (component
              (import "T" (type $T (sub resource)))
              (import "f" (func $f (param "x" (borrow $T))))
              (component $c
                (import "T" (type $T (sub resource)))
                (import "g" (func (param "x" (own $T)))))
              (instance (instantiate $c (with "T" (type $T)) (with "g" (func $f)))))
            """, "expected own, found borrow");

    [Fact]
    public void CoreModuleArgumentsAreMatchedByModuleName()
    {
        Rejects("(component (core module $m (import \"a\" \"f\" (func))) (core instance (instantiate $m)))",
            "missing module instantiation argument named `a`", "core instance");
        Rejects("""
            (component
              (core module $m (import "a" "g" (global i32)))
              (core module $n (func (export "g")))
              (core instance $i (instantiate $n))
              (core instance (instantiate $m (with "a" (instance $i)))))
            """, "expected global, found func");
        Rejects("""
            (component
              (core module $m (import "a" "t" (table 2 funcref)))
              (core module $n (table (export "t") 1 funcref))
              (core instance $i (instantiate $n))
              (core instance (instantiate $m (with "a" (instance $i)))))
            """, "mismatch in table limits");
    }

    [Fact]
    public void CoreFunctionImportsNeedTheSameSignature() =>
        Rejects("""
            (component
              (core module $m (import "a" "f" (func (param i32))))
              (core module $n (func (export "f")))
              (core instance $i (instantiate $n))
              (core instance (instantiate $m (with "a" (instance $i)))))
            """, "type mismatch in import `a::f`");

    [Fact]
    public void AValidInstantiationChainIsAccepted() =>
        Accepts("""
            (component
              (import "T" (type $T (sub resource)))
              (import "f" (func $f (param "x" (own $T))))
              (component $c
                (import "T" (type $T (sub resource)))
                (import "g" (func (param "x" (own $T))))
                (export "T2" (type $T)))
              (instance $i (instantiate $c (with "T" (type $T)) (with "g" (func $f))))
              (alias export $i "T2" (type $T2))
              (component $d
                (import "U" (type $U (sub resource)))
                (import "h" (func (param "x" (own $U)))))
              (instance (instantiate $d (with "U" (type $T2)) (with "h" (func $f)))))
            """);

    [Fact]
    public void MessagesSayWhatAndWhere()
    {
        var e = Rejects("""
            (component
              (import "f" (func $f (param "x" string)))
              (component $c (import "f" (func (param "x" u32))))
              (instance (instantiate $c))
              (instance (instantiate $c (with "f" (func $f)))))
            """, "missing import named `f`", "instance");
        Assert.Equal("missing import named `f` (instance definition 0 of the section)", e.Problem);
        Assert.Matches(@"\(in instance section, at offset 0x[0-9a-f]+\)$", e.Message);
    }

    [Fact]
    public void AnInterfaceWithResourcesFlowsIntoAChildAndBackOut() =>
        Accepts("""
            (component
              (type $streams (instance
                (export "stream" (type $s (sub resource)))
                (export "[method]stream.read" (func (param "self" (borrow $s)) (result u32)))))
              (import "ns:io/streams" (instance $io (type $streams)))
              (alias export $io "stream" (type $stream))
              (import "make" (func $make (result (own $stream))))
              (component $C
                (import "ns:io/streams" (instance $io
                  (export "stream" (type $s (sub resource)))
                  (export "[method]stream.read" (func (param "self" (borrow $s)) (result u32)))))
                (alias export $io "stream" (type $stream))
                (import "make" (func $make (result (own $stream))))
                (core module $m (func (export "f") (param i32) (result i32) local.get 0))
                (core instance $i (instantiate $m))
                (func $f (param "s" (own $stream)) (result u32) (canon lift (core func $i "f")))
                (export "consume" (func $f)))
              (instance $c (instantiate $C (with "ns:io/streams" (instance $io)) (with "make" (func $make))))
              (export "consume" (func $c "consume")))
            """);

    [Fact]
    public void AChildsResourceImportMustBeTheArgumentsResource() =>
        Rejects("""
            (component
              (import "ns:io/streams" (instance $io (export "stream" (type (sub resource)))))
              (import "other" (type $other (sub resource)))
              (import "make" (func $make (result (own $other))))
              (component $C
                (import "ns:io/streams" (instance $io (export "stream" (type (sub resource)))))
                (alias export $io "stream" (type $stream))
                (import "make" (func (result (own $stream)))))
              (instance (instantiate $C (with "ns:io/streams" (instance $io)) (with "make" (func $make)))))
            """, "resource types are not the same");
}
