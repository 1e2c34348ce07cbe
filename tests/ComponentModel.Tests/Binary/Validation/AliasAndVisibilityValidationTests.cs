using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Alias targets, outer aliases of resources, and the visibility of types used by imports and exports.</summary>
public sealed class AliasAndVisibilityValidationTests
{
    [Fact]
    public void CoreExportAliasesNeedAnExportOfThatKind()
    {
        Rejects("""
            (component
              (core module $m)
              (core instance $i (instantiate $m))
              (alias core export $i "f" (core func)))
            """, "core instance 0 has no export named `f`", "alias");
        Rejects("""
            (component
              (core module $m (func (export "f")))
              (core instance $i (instantiate $m))
              (alias core export $i "f" (core memory)))
            """, "export `f` for core instance 0 is not a memory");
    }

    [Fact]
    public void TypesMentioningResourcesAreNotAliasedIntoNestedComponents()
    {
        Rejects("""
            (component $C
              (type $R (resource (rep i32)))
              (type $Rec (record (field "h" (own $R))))
              (component (alias outer $C $Rec (type $a))))
            """, "transitively refers to resources");
        Accepts("""
            (component $C
              (type $R (record (field "h" u32)))
              (component (alias outer $C $R (type $a))))
            """);
    }

    [Fact]
    public void TypeDeclarationsAliasOnlyTypesFromOutside() =>
        Rejects("(component $C (component $D) (type (component (alias outer $C $D (component $a)))))",
            "may only refer to types or instances");

    [Fact]
    public void ExportedFunctionsUseOnlyExportedNamedTypes()
    {
        const string prefix = """
            (core module $m (func (export "f") (result i32) unreachable))
            (core instance $i (instantiate $m))
            (type $Rec (record (field "x" u32)))
            """;
        Rejects($"(component {prefix} (func $f (result $Rec) (canon lift (core func $i \"f\"))) (export \"f\" (func $f)))",
            "func not valid to be used as export", "export");
        Accepts($"(component {prefix} (export $Rec' \"rec\" (type $Rec)) (func $f (result $Rec') (canon lift (core func $i \"f\"))) (export \"f\" (func $f)))");
    }

    [Fact]
    public void ExportedTypesLookThroughAnonymousTypesOnly() =>
        Rejects("(component (type $E (enum \"a\")) (type $L (list $E)) (export \"t\" (type $L)))",
            "type not valid to be used as export");

    [Fact]
    public void ImportsMayNotUseLocallyDefinedResources() =>
        Rejects("(component (type $R (resource (rep i32))) (import \"f\" (func (result (own $R)))))",
            "func not valid to be used as import", "import");

    [Fact]
    public void InstanceTypesDeferVisibilityUntilUsed()
    {
        const string type = """
            (type $I (instance
              (type $Rec (record (field "x" u32)))
              (type $Rec2 (record (field "r" $Rec)))
              (export "t" (type (eq $Rec2)))))
            """;
        Accepts($"(component {type})");
        Rejects($"(component {type} (import \"i\" (instance (type $I))))", "instance not valid to be used as import");
    }

    [Fact]
    public void AnImportedInstanceWithResourcesCanBeReExported() =>
        Accepts("""
            (component
              (import "ns:pkg/iface" (instance $i
                (export "r" (type $r (sub resource)))
                (type $rec (record (field "h" (own $r))))
                (export "rec" (type $rec' (eq $rec)))
                (export "make" (func (result $rec')))
                (export "[method]r.name" (func (param "self" (borrow $r)) (result string)))))
              (alias export $i "r" (type $r))
              (core func (canon resource.drop $r))
              (export "ns:pkg/iface" (instance $i)))
            """, wasmtimeCannotLoad: true);

    [Fact]
    public void ABagOfExportsNamesItsTypesWhenExported() =>
        Accepts("""
            (component
              (core module $m (func (export "f") (param i32)))
              (core instance $i (instantiate $m))
              (type $Rec (record (field "x" u32)))
              (instance $bag (export "t" (type $Rec)))
              (export $bag' "i" (instance $bag))
              (alias export $bag' "t" (type $Rec'))
              (func $f (param "r" $Rec') (canon lift (core func $i "f")))
              (export "f" (func $f)))
            """);

    [Fact]
    public void TypesOfAnInstantiatedChildNeedANameInTheParent()
    {
        const string child = """
            (core module $m (func (export "f") (param i32)))
            (core instance $i (instantiate $m))
            (component $C
              (type $Rec (record (field "x" u32)))
              (export "t" (type $Rec)))
            (instance $c (instantiate $C))
            """;
        Rejects($"""
            (component {child}
              (alias export $c "t" (type $Rec))
              (func $f (param "r" $Rec) (canon lift (core func $i "f")))
              (export "f" (func $f)))
            """, "func not valid to be used as export");
        Accepts($"""
            (component {child}
              (export $c' "i" (instance $c))
              (alias export $c' "t" (type $Rec))
              (func $f (param "r" $Rec) (canon lift (core func $i "f")))
              (export "f" (func $f)))
            """);
    }

    [Fact]
    public void ImportedTypesOfAChildAreTheArguments() =>
        Accepts("""
            (component
              (type $Rec (record (field "x" u32)))
              (import "t" (type $Rec' (eq $Rec)))
              (component $C
                (type $Rec (record (field "x" u32)))
                (import "t" (type $Rec' (eq $Rec)))
                (type $Rec2 (record (field "r" $Rec')))
                (export "t2" (type $Rec2)))
              (instance $c (instantiate $C (with "t" (type $Rec'))))
              (export "t2" (type $c "t2")))
            """);

    [Fact]
    public void ExportingATypeDoesNotNameTheDefinitionItself() =>
        Rejects("""
            (component
              (core module $m (func (export "f") (result i32) unreachable))
              (core instance $i (instantiate $m))
              (type $Rec (record (field "x" u32)))
              (func $f (result $Rec) (canon lift (core func $i "f")))
              (export $Rec' "rec" (type $Rec))
              (export "f" (func $f)))
            """, "func not valid to be used as export");

    [Fact]
    public void AnExportedBagMakesItsResourcesNameable() =>
        Accepts("""
            (component
              (type $R (resource (rep i32)))
              (instance $bag (export "r" (type $R)))
              (instance $outer (export "i" (instance $bag)))
              (export "i2" (instance $outer))
              (core func $drop (canon resource.drop $R))
              (func $f (param "x" (own $R)) (canon lift (core func $drop)))
              (export "f" (func $f)))
            """);
}
