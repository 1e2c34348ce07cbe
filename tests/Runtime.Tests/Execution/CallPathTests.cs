using WitBindgen.Runtime;
using static WitBindgen.Runtime.WasmValue;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The cheaper call paths: call_indirect reads its table from a local loaded in the prologue (a callee that grows the
/// table must still be seen), and leaf functions (no calls, loops allowed) enter without the native-stack probe and
/// check the call depth without writing it, trapping at the same depth as if they counted themselves.
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

    // First bodies (default) switch to full and resume bodies on the way; eager compilation runs full bodies only.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LeavesWithLoopsCheckTheDepthAndLeaveNoCount(bool eager)
    {
        var engine = new Engine(new EngineOptions { MaxCallDepth = 100, EagerCompilation = eager });
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (func $count (param i32) (result i32) (local i32)
            (loop (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1))
          (func $d (export ""depth"") (param i32) (result i32)
            (drop (call $count (i32.const 3000)))
            (drop (call $count (i32.const 5)))
            (if (result i32) (i32.eqz (local.get 0)) (then (call $count (i32.const 1)))
              (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        for (var round = 0; round < 3; round++)
        {
            // The first call resumes $count's loop in its resume body: a count left behind would let 99 pass.
            Assert.Equal(TrapCode.StackOverflow, instance.Traps("depth", FromI32(99)).Code);
            Assert.Equal(99, instance.I32("depth", 98)); // 99 frames of $d and the leaf: 100
        }
    }

    // Without fuel a prologue's depth check is also the interrupt poll (the store lowers the limit while its flag is up).
    [Fact]
    public void AnInterruptStopsTheNextCallAndTheDepthLimitComesBack()
    {
        var engine = new Engine(new EngineOptions { MaxCallDepth = 100 });
        var store = new Store(engine);
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (func $one (export ""leaf"") (result i32) (i32.const 1))
          (func $d (export ""depth"") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (call $one))
              (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"));
        var instance = new Linker(engine).Instantiate(store, module);
        Assert.Equal(1, instance.I32("leaf"));
        store.Interrupt();
        Assert.Equal(TrapCode.Interrupted, instance.Traps("leaf").Code);
        Assert.Equal(99, instance.I32("depth", 98));
        store.Interrupt();
        Assert.Equal(TrapCode.Interrupted, instance.Traps("depth", FromI32(5)).Code);
        Assert.Equal(TrapCode.StackOverflow, instance.Traps("depth", FromI32(99)).Code);
        Assert.Equal(1, instance.I32("leaf"));
    }
}
