using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Tests;

public sealed class FunctionAbiPlanTests
{
    [Fact]
    public void SpilledParamsRoundTripThroughRealloc()
    {
        var ps = Enumerable.Repeat(ValType.U32, 17).ToArray();
        var plan = FunctionAbiPlan.Create(ps, ValType.String);
        Assert.True(plan.ParamsIndirect);
        Assert.True(plan.ResultIndirect);
        Assert.Equal(68u, plan.ParamAreaSize);

        var heap = new BumpHeap(1024, 64);
        var cx = heap.Options(StringEncoding.Utf8);
        var args = Enumerable.Range(0, 17).Select(i => ComponentValue.U32((uint)i * 3)).ToArray();
        var flat = new ulong[plan.FlatArgumentCount];
        Assert.Equal(1, plan.LowerArguments(cx, args, flat));
        Assert.Equal(64UL, flat[0]);
        Assert.Equal(new ulong[] { 0, 0, 4, 68 }, heap.Log.Single());

        // the callee side (an import implemented by the host) lifts them back
        var lifted = new ComponentValue[17];
        plan.LiftArguments(cx, new ulong[] { flat[0], 512 }, lifted);
        Assert.Equal(args, lifted);
    }

    [Fact]
    public void IndirectResultsUseTheReturnAreaOrTheReturnedPointer()
    {
        var resultType = ValType.Tuple(ValType.U32, ValType.U64);
        var plan = FunctionAbiPlan.Create(Array.Empty<ValType>(), resultType);
        Assert.Equal("I32", string.Join(" ", plan.Lift.Results));
        Assert.Equal("I32", string.Join(" ", plan.Lower.Params));
        Assert.Empty(plan.Lower.Results);
        Assert.Equal(16u, plan.ResultAreaSize);
        Assert.Equal(8u, plan.ResultAreaAlignment);

        var heap = new BumpHeap(256, 128);
        var cx = heap.Options(StringEncoding.Utf8);
        var value = ComponentValue.Tuple(ComponentValue.U32(7), ComponentValue.U64(ulong.MaxValue));
        // lowered import: the host writes the result into the caller's return area
        Assert.Equal(0, plan.LowerResult(cx, value, new ulong[] { 32 }, Span<ulong>.Empty));
        // lifted export: the callee returns a pointer to its result
        Assert.Equal(value, plan.LiftResult(cx, new ulong[] { 32 }));

        Assert.Equal("unaligned pointer", Assert.Throws<CanonicalAbiTrap>(() => plan.LiftResult(cx, new ulong[] { 36 })).Message);
        Assert.Equal(TrapKind.PointerOutOfBounds, Assert.Throws<CanonicalAbiTrap>(() => plan.LowerResult(cx, value, new ulong[] { 248 }, Span<ulong>.Empty)).Kind);
    }

    [Fact]
    public void FlatCallsPassValuesDirectly()
    {
        var plan = FunctionAbiPlan.Create(new[] { ValType.S8, ValType.F64, ValType.Option(ValType.F32) }, ValType.Bool);
        Assert.Equal("I32 F64 I32 F32", string.Join(" ", plan.Lift.Params));
        var cx = new CanonicalOptions();
        var flat = new ulong[4];
        Assert.Equal(4, plan.LowerArguments(cx, new[] { ComponentValue.S8(-2), ComponentValue.F64(1.5), ComponentValue.Some(ComponentValue.F32(2f)) }, flat));
        Assert.Equal(new ulong[] { 0xfffffffe, 0x3ff8000000000000, 1, 0x40000000 }, flat);
        Assert.Equal(ComponentValue.Bool(true), plan.LiftResult(cx, new ulong[] { 2 }));
        var results = new ulong[1];
        Assert.Equal(1, plan.LowerResult(cx, ComponentValue.Bool(false), flat, results));
        Assert.Equal(0UL, results[0]);
    }

    [Fact]
    public void MissingOptionsAndBadValuesAreReported()
    {
        var plan = FunctionAbiPlan.Create(new[] { ValType.String }, null);
        var flat = new ulong[2];
        Assert.Equal(TrapKind.MissingMemory, Assert.Throws<CanonicalAbiTrap>(() => plan.LowerArguments(new CanonicalOptions(), new[] { ComponentValue.String("x") }, flat)).Kind);
        var noRealloc = new CanonicalOptions(new ArrayAbiMemory(16));
        Assert.Equal(TrapKind.MissingRealloc, Assert.Throws<CanonicalAbiTrap>(() => plan.LowerArguments(noRealloc, new[] { ComponentValue.String("x") }, flat)).Kind);
        Assert.Throws<ArgumentException>(() => plan.LowerArguments(noRealloc, new[] { ComponentValue.U32(1) }, flat));
        Assert.Throws<ArgumentException>(() => plan.LowerArguments(noRealloc, Array.Empty<ComponentValue>(), flat));
        int i = 0;
        Assert.Throws<ArgumentException>(() => CanonicalAbi.LiftFlat(noRealloc, ValType.String, new ulong[1], ref i));
        var variant = ValType.Variant(new (string, ValType?)[] { ("a", ValType.U8), ("b", null) });
        Assert.Throws<ArgumentException>(() => CanonicalAbi.Store(noRealloc, variant, ComponentValue.Variant(0), 0));
        Assert.Throws<ArgumentException>(() => CanonicalAbi.Store(noRealloc, variant, ComponentValue.Variant(2), 0));
        var heap = new BumpHeap(64, 8);
        int j = 0;
        Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerFlat(heap.Options(StringEncoding.Utf8), ValType.String, ComponentValue.String("a\ud800"), new ulong[2], ref j));
    }
}
