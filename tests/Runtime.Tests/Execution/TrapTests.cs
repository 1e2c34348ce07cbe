using System;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

public class TrapTests
{
    private static readonly Instance Traps = Wat.Instantiate(@"(module
      (type $v (func))
      (type $i (func (result i32)))
      (memory 1)
      (table 3 funcref)
      (elem (i32.const 0) $nop)
      (func $nop)
      (func $f (export ""named-function"") unreachable)
      (func (export ""unreachable"") (call $f))
      (func (export ""load"") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
      (func (export ""store"") (param i32) (i64.store (local.get 0) (i64.const 1)))
      (func (export ""div_s"") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export ""rem_s"") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
      (func (export ""div_u64"") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
      (func (export ""trunc"") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export ""trunc_u64"") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
      (func (export ""call_indirect"") (param i32) (call_indirect (type $v) (local.get 0)))
      (func (export ""call_indirect_i"") (param i32) (result i32) (call_indirect (type $i) (local.get 0)))
      (func (export ""table_get"") (param i32) (result funcref) (table.get (local.get 0)))
      (func (export ""fill"") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
      (func $rec (export ""recurse"") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1))))");

    private static WasmValue I32(int v) => WasmValue.FromI32(v);

    [Fact]
    public void Unreachable_HasBacktraceWithNames()
    {
        var trap = Traps.Traps("unreachable");
        Assert.Equal(TrapCode.Unreachable, trap.Code);
        Assert.Equal("unreachable", trap.Message);
        Assert.Contains("f", trap.WasmBacktrace);
    }

    [Theory]
    [InlineData(65532)]
    [InlineData(-4)]
    [InlineData(-1)]
    public void LoadOutOfBounds(int address)
    {
        var trap = Traps.Traps("load", I32(address));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.Equal("out of bounds memory access", trap.Message);
    }

    [Fact]
    public void LoadAtLastValidAddress() => Assert.Equal(0, Traps.I32("load", 65528));

    [Fact]
    public void StoreOutOfBoundsAndBulkFill()
    {
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps.Traps("store", I32(65529)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps.Traps("fill", I32(65000), I32(1000)).Code);
        Traps.Call("fill", I32(65536), I32(0)); // zero length at the end is fine
    }

    [Fact]
    public void IntegerDivision()
    {
        Assert.Equal("integer divide by zero", Traps.Traps("div_s", I32(1), I32(0)).Message);
        Assert.Equal(TrapCode.IntegerOverflow, Traps.Traps("div_s", I32(int.MinValue), I32(-1)).Code);
        Assert.Equal(0, Traps.I32("rem_s", int.MinValue, -1));
        Assert.Equal(TrapCode.IntegerDivisionByZero, Traps.Traps("rem_s", I32(5), I32(0)).Code);
        Assert.Equal(TrapCode.IntegerDivisionByZero, Traps.Traps("div_u64", WasmValue.FromI64(1), WasmValue.FromI64(0)).Code);
    }

    [Fact]
    public void Conversions()
    {
        Assert.Equal(TrapCode.BadConversionToInteger, Traps.Traps("trunc", WasmValue.FromF64(double.NaN)).Code);
        Assert.Equal("integer overflow", Traps.Traps("trunc", WasmValue.FromF64(2147483648.0)).Message);
        Assert.Equal(-2147483648, Traps.Call("trunc", WasmValue.FromF64(-2147483648.9))[0].I32);
        Assert.Equal(TrapCode.IntegerOverflow, Traps.Traps("trunc_u64", WasmValue.FromF32(-1f)).Code);
        Assert.Equal(0, Traps.Call("trunc_u64", WasmValue.FromF32(-0.9f))[0].I64);
    }

    [Fact]
    public void IndirectCalls()
    {
        Traps.Call("call_indirect", I32(0));
        Assert.Equal(TrapCode.IndirectCallToNull, Traps.Traps("call_indirect", I32(1)).Code);
        Assert.StartsWith("uninitialized element", Traps.Traps("call_indirect", I32(1)).Message);
        Assert.Equal("undefined element", Traps.Traps("call_indirect", I32(3)).Message);
        Assert.Equal(TrapCode.UndefinedElement, Traps.Traps("call_indirect", I32(-1)).Code);
        Assert.Equal("indirect call type mismatch", Traps.Traps("call_indirect_i", I32(0)).Message);
        Assert.Equal(TrapCode.BadSignature, Traps.Traps("call_indirect_i", I32(0)).Code);
    }

    [Fact]
    public void TableOutOfBounds()
    {
        var trap = Traps.Traps("table_get", I32(3));
        Assert.Equal(TrapCode.TableOutOfBounds, trap.Code);
        Assert.Equal("out of bounds table access", trap.Message);
    }

    [Fact]
    public void InfiniteRecursion_IsATrapAndTheHostSurvives()
    {
        for (var i = 0; i < 3; i++)
        {
            var trap = Traps.Traps("recurse", I32(0));
            Assert.Equal(TrapCode.StackOverflow, trap.Code);
            Assert.Equal("call stack exhausted", trap.Message);
        }
        // The store's depth is restored: ordinary calls still work.
        Assert.Equal(3, Traps.I32("div_s", 9, 3));
    }

    [Fact]
    public void DeepRecursionOnSmallThreadStack_StillTraps()
    {
        Trap? trap = null;
        var thread = new System.Threading.Thread(() => trap = Assert.Throws<Trap>(() => Traps.Call("recurse", I32(0))), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapCode.StackOverflow, trap!.Code);
    }

    [Fact]
    public void UnboundedRecursionThroughTheHost_IsATrap()
    {
        var linker = new Linker(Wat.Engine);
        Function? reenter = null;
        linker.DefineFunction("env", "reenter", new WitBindgen.Runtime.Types.FuncType([], []),
            (_, _, _) => reenter!.Invoke());
        var instance = Wat.Instantiate(@"(module (import ""env"" ""reenter"" (func $h)) (func (export ""go"") (call $h)))", linker: linker);
        reenter = instance.GetFunction("go");
        var trap = instance.Traps("go");
        Assert.Equal(TrapCode.StackOverflow, trap.Code);
        Assert.Equal(TrapCode.StackOverflow, instance.Traps("go").Code); // and again: nothing leaked
    }

    [Fact]
    public void MaxCallDepthOption()
    {
        var engine = new Engine(new EngineOptions { MaxCallDepth = 100 });
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (func $d (export ""depth"") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(99, instance.I32("depth", 99));
        Assert.Equal(TrapCode.StackOverflow, instance.Traps("depth", I32(100)).Code);
    }

    // Tiered code (quick tier-0 frames, larger than fully optimized ones) and eagerly compiled code trap the same way:
    // named backtraces, recursion stopped at the depth limit and by the native stack check.
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void StartupOptionsTrapTheSameWay(bool eager, bool tiered)
    {
        var engine = new Engine(new EngineOptions { EagerCompilation = eager, TieredCompilation = tiered, MaxCallDepth = 100 });
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (func $f (export ""named-function"") unreachable)
          (func (export ""unreachable"") (call $f))
          (func $d (export ""depth"") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        var trap = instance.Traps("unreachable");
        Assert.Equal(TrapCode.Unreachable, trap.Code);
        Assert.Contains("f", trap.WasmBacktrace);
        Assert.Equal(99, instance.I32("depth", 99));
        Assert.Equal(TrapCode.StackOverflow, instance.Traps("depth", I32(100)).Code);
        Trap? overflow = null;
        var unbounded = new Engine(new EngineOptions { EagerCompilation = eager, TieredCompilation = tiered });
        var deep = new Linker(unbounded).Instantiate(new Store(unbounded), Module.FromBytes(unbounded, Wat.ToBinary(
            @"(module (func $rec (export ""recurse"") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1))))")));
        var thread = new System.Threading.Thread(() => overflow = Assert.Throws<Trap>(() => deep.Call("recurse", I32(0))), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapCode.StackOverflow, overflow!.Code);
    }
}
