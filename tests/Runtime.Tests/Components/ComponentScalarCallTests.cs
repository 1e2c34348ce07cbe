using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// <see cref="ComponentFunction.CallScalar"/>, the allocation-free path of scalar functions that typed host bindings
/// call: the same results and checks as <see cref="ComponentFunction.Call"/>, no per-call allocation.
/// </summary>
public sealed class ComponentScalarCallTests
{
    private static readonly Engine Engine = new();

    private const string Wat = """
        (component
          (import "twice" (func $twice (param "x" s32) (result s32)))
          (core func $twice' (canon lower (func $twice)))
          (core module $m
            (import "" "twice" (func $twice (param i32) (result i32)))
            (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func (export "neg8") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
            (func (export "not") (param i32) (result i32) (i32.eqz (local.get 0)))
            (func (export "next-char") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "pick") (param i32) (result i32) (local.get 0))
            (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
            (func (export "quad") (param i32) (result i32) (call $twice (call $twice (local.get 0))))
            (func (export "boom") unreachable)
            (func (export "pair") (param i32 i32)))
          (core instance $i (instantiate $m (with "" (instance (export "twice" (func $twice'))))))
          (type $e (enum "a" "b" "c"))
          (export $e' "e" (type $e))
          (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
          (func (export "neg8") (param "a" s8) (result s8) (canon lift (core func $i "neg8")))
          (func (export "not") (param "a" bool) (result bool) (canon lift (core func $i "not")))
          (func (export "next-char") (param "c" char) (result char) (canon lift (core func $i "next-char")))
          (func (export "pick") (param "i" u32) (result $e') (canon lift (core func $i "pick")))
          (func (export "half") (param "x" f64) (result f64) (canon lift (core func $i "half")))
          (func (export "quad") (param "x" s32) (result s32) (canon lift (core func $i "quad")))
          (func (export "boom") (canon lift (core func $i "boom")))
          (func (export "pair") (param "p" (tuple u32 u32)) (canon lift (core func $i "pair")))
        )
        """;

    private static ComponentInstance Instantiate()
    {
        var linker = new ComponentLinker(Engine);
        linker.Root.DefineFunction("twice", a => new[] { ComponentValue.S32((int)a[0].AsInt64() * 2) });
        return linker.Instantiate(new Store(Engine), Component.FromText(Engine, Wat));
    }

    [Fact]
    public void ScalarFunctionsGiveTheResultsOfTheDynamicPath()
    {
        var inst = Instantiate();
        var add = inst.GetFunction("add")!;
        Assert.True(add.IsScalar);
        Assert.Equal(42, (int)add.CallScalar(stackalloc ulong[] { 20, 22 }));
        Assert.Equal(-5, (int)add.CallScalar(stackalloc ulong[] { unchecked((ulong)-7L), 2 }));
        Assert.Equal(add.Call(ComponentValue.S32(-7), ComponentValue.S32(2))!.Value.RawBits, add.CallScalar(stackalloc ulong[] { unchecked((ulong)-7L), 2 }));
        // s8: the result is lifted (wrapped to 8 bits, sign-extended).
        Assert.Equal(-100, (sbyte)inst.GetFunction("neg8")!.CallScalar(stackalloc ulong[] { 100 }));
        Assert.Equal(127, (sbyte)inst.GetFunction("neg8")!.CallScalar(stackalloc ulong[] { unchecked((ulong)-127L) }));
        Assert.Equal(1UL, inst.GetFunction("not")!.CallScalar(stackalloc ulong[] { 0 }));
        Assert.Equal(0UL, inst.GetFunction("not")!.CallScalar(stackalloc ulong[] { 5 }));
        Assert.Equal((ulong)'b', inst.GetFunction("next-char")!.CallScalar(stackalloc ulong[] { 'a' }));
        Assert.Equal(2UL, inst.GetFunction("pick")!.CallScalar(stackalloc ulong[] { 2 }));
        Assert.Equal(1.25, BitConverter.UInt64BitsToDouble(inst.GetFunction("half")!.CallScalar(stackalloc ulong[] { BitConverter.DoubleToUInt64Bits(2.5) })));
        // Through a host import and back.
        Assert.Equal(12, (int)inst.GetFunction("quad")!.CallScalar(stackalloc ulong[] { 3 }));
    }

    [Fact]
    public void ResultsAreCheckedAsLiftingChecksThem()
    {
        var inst = Instantiate();
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("next-char")!.CallScalar(stackalloc ulong[] { 0xD7FF }));
        Assert.Contains("char", trap.Message);
        Assert.Equal("cannot enter component instance", Assert.Throws<Trap>(() => inst.GetFunction("add")!.CallScalar(stackalloc ulong[] { 1, 2 })).Message);

        var fresh = Instantiate();
        Assert.Throws<Trap>(() => fresh.GetFunction("pick")!.CallScalar(stackalloc ulong[] { 3 }));   // enum case 3 of 3
    }

    [Fact]
    public void ArgumentsAreCheckedAndNonScalarFunctionsRefused()
    {
        var inst = Instantiate();
        Assert.Throws<ArgumentException>(() => inst.GetFunction("add")!.CallScalar(stackalloc ulong[] { 1 }));
        Assert.Throws<ArgumentException>(() => inst.GetFunction("next-char")!.CallScalar(stackalloc ulong[] { 0xD800 }));
        var name = inst.GetFunction("pair")!;
        Assert.False(name.IsScalar);
        Assert.Throws<InvalidOperationException>(() => name.CallScalar(stackalloc ulong[] { 0 }));
        // None of these reached the component: it is not poisoned.
        Assert.Equal(3, (int)inst.GetFunction("add")!.CallScalar(stackalloc ulong[] { 1, 2 }));
    }

    [Fact]
    public void AGuestTrapPoisonsTheInstance()
    {
        var inst = Instantiate();
        Assert.Contains("unreachable", Assert.Throws<Trap>(() => inst.GetFunction("boom")!.CallScalar(default)).Message);
        Assert.Equal("cannot enter component instance", Assert.Throws<Trap>(() => inst.GetFunction("add")!.CallScalar(stackalloc ulong[] { 1, 2 })).Message);
    }

    [Fact]
    public void ScalarCallsDoNotAllocate()
    {
        var add = Instantiate().GetFunction("add")!;
        Span<ulong> args = stackalloc ulong[2];
        args[1] = 1;
        for (int i = 0; i < 100; i++) { args[0] = (ulong)i; add.CallScalar(args); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong sum = 0;
        for (int i = 0; i < 1000; i++) { args[0] = (ulong)i; sum += add.CallScalar(args); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(500500UL, sum);
        Assert.Equal(0, allocated);
    }
}
