using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Function bodies of embedded core modules are type-checked by the core validator (the spec interpreter's wording).</summary>
public sealed class CoreBodyValidationTests
{
    [Fact]
    public void OperandTypesAreChecked()
    {
        Rejects("(component (core module (func i32.add)))", "type mismatch", "core module");
        Rejects("(component (core module (func (result i32) i64.const 1)))", "type mismatch");
        Rejects("(component (core module (func i32.const 1)))", "type mismatch");
    }

    [Fact]
    public void IndicesAndAlignmentAreChecked()
    {
        Rejects("(component (core module (func local.get 0 drop)))", "unknown local 0");
        Rejects("(component (core module (memory 1) (func i32.const 0 i32.load align=8 drop)))", "alignment must not be larger than natural");
        Rejects("(component (core module (global i32 (i32.const 0)) (func i32.const 1 global.set 0)))", "immutable global");
    }

    [Fact]
    public void ControlFlowIsTyped()
    {
        Rejects("(component (core module (func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 end)))",
            "type mismatch");
        Accepts("""
            (component (core module
              (memory 1)
              (global $g (mut i64) (i64.const 0))
              (func $f (param i32 i64) (result i64)
                (block $out (result i64)
                  (loop $l
                    local.get 0
                    i32.eqz
                    if
                      local.get 1
                      br $out
                    end
                    local.get 0
                    i32.const 1
                    i32.sub
                    local.set 0
                    local.get 1
                    i64.const 3
                    i64.mul
                    local.set 1
                    br $l)
                  unreachable)
                global.set $g
                i32.const 8
                i64.load offset=4
                i64.const 0
                local.get 0
                select)
              (func (export "g") (result i64) i32.const 4 i64.const 2 call $f)))
            """);
    }

    [Fact]
    public void BulkMemoryAndSaturatingTruncationAreTyped()
    {
        Accepts("(component (core module (memory 1) (func (param f64) (result i64) i32.const 0 i32.const 0 i32.const 1 memory.copy local.get 0 i64.trunc_sat_f64_u)))");
        Rejects("(component (core module (memory 1) (func i32.const 0 i64.const 0 i32.const 1 memory.fill)))", "type mismatch");
    }

    [Fact]
    public void UnmodelledInstructionsAreNotRejected() =>
        Accepts("(component (core module (func (result i32) v128.const i64x2 1 2 i64x2.extract_lane 0 i32.wrap_i64)))");

    [Fact]
    public void FeaturesNoStandardHasAreRejectedAndStandardOnesTheEngineLacksAreNot()
    {
        // Legacy exception handling and stack switching: Wasmtime rejects them by default, so do we.
        Rejects("(component (core module (func try catch_all end)))", "legacy exception handling, which is not a standard WebAssembly feature", "core module");
        Rejects("(component (core module (type $f (func)) (type (cont $f))))", "stack switching", "core module");
        // The engine's reader knows the continuation heap types (component core types use them) and rejects them too.
        Rejects("(component (core module (func (param contref))))", "stack switching", "core module");
        Rejects("(component (core module (func (param (ref null nocont)))))", "stack switching", "core module");
        // Exception handling with try_table is standard (and the engine runs it): the module is valid.
        Accepts("(component (core module (tag $e) (func try_table (catch_all 0) throw $e end)))");
    }
}
