using System;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.Runtime.Tests.Execution;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>
/// Typed function references in CoreWasm's reader and validator (execution: FunctionReferenceExecutionTests).
/// </summary>
public class FunctionReferencesTests
{
    internal const string Valid = @"(module
      (type $t (func (param i32) (result i32)))
      (type $same (func (param i32) (result i32)))
      (func $sq (type $t) (i32.mul (local.get 0) (local.get 0)))
      (elem declare func $sq)
      (table $tt 2 (ref $t) (ref.func $sq))
      (func (export ""go"") (param $r (ref null $t)) (result i32) (local $nn (ref $same))
        (local.set $nn (ref.as_non_null (local.get $r)))
        (block $null (result i32)
          (br_on_null $null (i32.const -1) (local.get $r))
          (drop) (drop)
          (call_ref $same (i32.const 3) (local.get $nn))))
      (func (param $r funcref) (result funcref)
        (block $l (result (ref func))
          (br_on_non_null $l (local.get $r))
          (ref.func $sq)))
      (func (param (ref $t)) (result i32) (return_call_ref $t (i32.const 5) (local.get 0)))
      (func (result funcref) (table.get $tt (i32.const 0))))";

    [Fact]
    public void TypedReferencesAndTheirInstructionsValidate()
    {
        var module = CoreValidation.Validated(Valid);
        var go = module.Codes[1];
        Assert.Contains(go.Instructions, i => i.OpCode == OpCode.CallRef);
        Assert.Contains(go.Instructions, i => i.OpCode == OpCode.BrOnNull);
        Assert.Contains(go.Instructions, i => i.OpCode == OpCode.RefAsNonNull);
        Assert.True(module.Tables[0].ElementType.IsTypedReference());
        Assert.False(module.Tables[0].ElementType.IsNullable());
        Assert.Equal("(ref 0)", module.Tables[0].ElementType.Name());
    }

    [Fact]
    public void TheEngineRunsThem()
    {
        var instance = new Linker(Wat.Engine).Instantiate(new Store(Wat.Engine), Module.FromBytes(Wat.Engine, Wat.ToBinary(Valid)));
        // go(null): ref.as_non_null traps before anything else.
        Assert.Equal(TrapCode.NullReference, instance.Traps("go", WasmValue.FromFuncRef(null)).Code);
    }

    [Fact]
    public void PlainModulesWithRefFuncStillRun()
    {
        // ref.func now has the type (ref $t); it still flows into funcref tables, globals and results.
        var instance = Wat.Instantiate(@"(module
          (func $f (result i32) (i32.const 42))
          (elem declare func $f)
          (table $t 1 funcref)
          (global $g (mut funcref) (ref.null func))
          (func (export ""run"") (result i32)
            (table.set $t (i32.const 0) (ref.func $f))
            (global.set $g (ref.func $f))
            (call_indirect (result i32) (i32.const 0))))");
        Assert.Equal(42, instance.I32("run"));
    }

    [Fact]
    public void NonNullLocalsMustBeSetBeforeUse()
    {
        Assert.Equal("uninitialized local", CoreValidation.Invalid(@"(module (type $t (func))
          (func (local (ref $t)) (drop (local.get 0))))"));
        // Initialization inside a block does not outlive the block.
        Assert.Equal("uninitialized local", CoreValidation.Invalid(@"(module (type $t (func)) (func $f (type $t)) (elem declare func $f)
          (func (local (ref $t)) (block (local.set 0 (ref.func $f))) (drop (local.get 0))))"));
        CoreValidation.Validated(@"(module (type $t (func)) (func $f (type $t)) (elem declare func $f)
          (func (local (ref $t)) (local.set 0 (ref.func $f)) (block (drop (local.get 0)))))");
    }

    [Fact]
    public void ReferenceSubtypingIsChecked()
    {
        // nullable where non-null is required
        Assert.Equal("type mismatch", CoreValidation.Invalid(@"(module (type $t (func))
          (func (param (ref null $t)) (result (ref $t)) (local.get 0)))"));
        // a different function type
        Assert.Equal("type mismatch", CoreValidation.Invalid(@"(module (type $t (func)) (type $u (func (param i32)))
          (func (param (ref $t)) (call_ref $u (i32.const 0) (local.get 0))))"));
        // a non-null table needs an initializer
        Assert.Equal("type mismatch", CoreValidation.Invalid(@"(module (type $t (func)) (table 1 (ref $t)))"));
        // an unknown type index
        Assert.StartsWith("unknown type", CoreValidation.Invalid(@"(module (func (param (ref null 7))))"), StringComparison.Ordinal);
        // br_on_non_null needs a reference as the label's last value
        Assert.Equal("type mismatch", CoreValidation.Invalid(@"(module
          (func (param funcref) (block $l (result i32) (br_on_non_null $l (local.get 0)) (i32.const 0)) (drop)))"));
    }
}
