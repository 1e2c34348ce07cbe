using WitBindgen.Runtime;
using static WitBindgen.Runtime.WasmValue;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The cheaper call paths: call_indirect reads its table from a local loaded in the prologue (a callee that grows the
/// table must still be seen), and leaf functions enter without the native-stack probe but still count call depth.
/// </summary>
public class CallPathTests
{
    [Fact]
    public void CallIndirectSeesElementsAddedByTheCalleeItCalledBefore()
    {
        var instance = Wat.Instantiate(@"(module
          (type $t (func (result i32)))
          (table $tab 1 funcref)
          (elem (i32.const 0) $grow)
          (elem declare func $seven)
          (func $seven (type $t) (i32.const 7))
          (func $grow (type $t) (drop (table.grow $tab (ref.func $seven) (i32.const 1))) (i32.const 0))
          (func (export ""run"") (result i32)
            (i32.add (call_indirect (type $t) (i32.const 0)) (call_indirect (type $t) (i32.const 1)))))");
        Assert.Equal(7, instance.I32("run"));
    }

    [Fact]
    public void ALeafFunctionCountsTowardsTheCallDepth()
    {
        var engine = new Engine(new EngineOptions { MaxCallDepth = 100 });
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (func $leaf (result i32) (i32.const 1))
          (func $d (export ""depth"") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (call $leaf))
              (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(99, instance.I32("depth", 98)); // 99 frames of $d and the leaf: 100
        Assert.Equal(TrapCode.StackOverflow, instance.Traps("depth", FromI32(99)).Code);
    }
}
