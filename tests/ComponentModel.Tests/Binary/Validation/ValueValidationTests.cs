using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Component-level values (here: a start function's result) are linear: each is used exactly once.</summary>
public sealed class ValueValidationTests
{
    private const string Producer = """
        (core module $m (func (export "f") (result i32) i32.const 1))
        (core instance $i (instantiate $m))
        (func $f (result u32) (canon lift (core func $i "f")))
        (start $f (result (value $v)))
        """;

    [Fact]
    public void AValueMustBeUsed() =>
        Rejects($"(component {Producer})", "value index 0 was not used as part of an instantiation, start function, or export");

    [Fact]
    public void AValueIsUsedExactlyOnce()
    {
        Accepts($"(component {Producer} (export \"a\" (value $v)))", wasmtimeCannotLoad: true);
        Rejects($"(component {Producer} (export \"a\" (value $v)) (export \"b\" (value $v)))",
            "value 0 cannot be used more than once", "export");
    }

    [Fact]
    public void StartResultsMatchTheFunction() =>
        Rejects("""
            (component
              (core module $m (func (export "f")))
              (core instance $i (instantiate $m))
              (func $f (canon lift (core func $i "f")))
              (start $f (result (value $v))))
            """, "component start function has a result count of 0 but the section declares 1", "start");
}
