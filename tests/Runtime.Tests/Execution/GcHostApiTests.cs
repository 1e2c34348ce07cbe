using System;
using WitBindgen.Runtime.Execution;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The host API for GC values: value kinds of the any hierarchy, reading a guest's structs and arrays, making i31
/// values, passing GC references back (arguments, host function results, globals, tables) and the subtype check on
/// what the host hands in, which fails with a clear error rather than a crash.
/// </summary>
public class GcHostApiTests
{
    private const string Shapes = @"(module
      (type $point (struct (field $x i32) (field $y (mut i64)) (field $tag i8) (field $f f64) (field $next (ref null $point))))
      (type $bytes (array (mut i8)))
      (type $points (array (ref null $point)))
      (type $floats (array f32))
      (global $keep (export ""keep"") (mut anyref) (ref.null any))
      (table $slots (export ""slots"") 2 anyref)
      (func $point (export ""point"") (result (ref $point))
        (struct.new $point (i32.const -7) (i64.const 1099511627776) (i32.const 200) (f64.const 2.5)
          (struct.new $point (i32.const 1) (i64.const 2) (i32.const 3) (f64.const 4) (ref.null $point))))
      (func (export ""bytes"") (result (ref $bytes)) (array.new $bytes (i32.const 255) (i32.const 3)))
      (func (export ""points"") (result (ref $points)) (array.new_fixed $points 2 (call $point) (ref.null $point)))
      (func (export ""floats"") (result (ref $floats)) (array.new_fixed $floats 1 (f32.const 1.5)))
      (func (export ""x_of"") (param anyref) (result i32) (struct.get $point $x (ref.cast (ref $point) (local.get 0))))
      (func (export ""i31_of"") (param eqref) (result i32) (i31.get_s (ref.cast (ref i31) (local.get 0))))
      (func (export ""kept_x"") (result i32) (struct.get $point $x (ref.cast (ref $point) (global.get $keep))))
      (func (export ""slot_x"") (param i32) (result i32) (struct.get $point $x (ref.cast (ref $point) (table.get $slots (local.get 0))))))";

    [Fact]
    public void StructFieldsReadWithTheirTypes()
    {
        var instance = Wat.Instantiate(Shapes);
        var point = Assert.IsAssignableFrom<StructRef>(instance.Call("point")[0].Ref);
        Assert.Equal(5, point.FieldCount);
        Assert.Equal(-7, point.GetField(0).I32);
        Assert.Equal(1L << 40, point.GetField(1).I64);
        Assert.Equal(ValueKind.I32, point.GetField(2).Type);
        Assert.Equal(200, point.GetField(2).I32); // packed i8, zero-extended
        Assert.Equal(2.5, point.GetField(3).F64);
        var next = point.GetField(4);
        Assert.Equal(ValueKind.StructRef, next.Type);
        var inner = Assert.IsAssignableFrom<StructRef>(next.Ref);
        Assert.Equal(1, inner.GetField(0).I32);
        Assert.True(inner.GetField(4).IsNullRef);
        Assert.Equal(ValueKind.StructRef, inner.GetField(4).Type);
    }

    [Fact]
    public void ArrayElementsAndLengthsRead()
    {
        var instance = Wat.Instantiate(Shapes);
        var bytes = Assert.IsAssignableFrom<ArrayRef>(instance.Call("bytes")[0].Ref);
        Assert.Equal(3, bytes.Length);
        Assert.Equal(255, bytes.GetElement(2).I32);
        var points = instance.Call("points")[0];
        Assert.Equal(ValueKind.ArrayRef, points.Type);
        var array = Assert.IsAssignableFrom<ArrayRef>(points.Ref);
        Assert.Equal(ValueKind.StructRef, array.GetElement(0).Type);
        Assert.Equal(-7, Assert.IsAssignableFrom<StructRef>(array.GetElement(0).Ref).GetField(0).I32);
        Assert.True(array.GetElement(1).IsNullRef);
        Assert.Equal(1.5f, Assert.IsAssignableFrom<ArrayRef>(instance.Call("floats")[0].Ref).GetElement(0).F32);
    }

    [Fact]
    public void OutOfRangeIndicesThrowArgumentExceptions()
    {
        var instance = Wat.Instantiate(Shapes);
        var point = Assert.IsAssignableFrom<StructRef>(instance.Call("point")[0].Ref);
        var bytes = Assert.IsAssignableFrom<ArrayRef>(instance.Call("bytes")[0].Ref);
        Assert.Throws<ArgumentOutOfRangeException>(() => point.GetField(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => point.GetField(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.GetElement(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.GetElement(int.MinValue));
    }

    [Fact]
    public void I31ValuesWrapTo31BitsAndPassIn()
    {
        var instance = Wat.Instantiate(Shapes);
        Assert.Equal(-5, instance.Call("i31_of", WasmValue.FromI31(-5))[0].I32);
        // The top bit is dropped, as ref.i31 does: 2^30 reads back as -2^30.
        Assert.Equal(-(1 << 30), instance.Call("i31_of", WasmValue.FromI31(1 << 30))[0].I32);
        Assert.Equal(1 << 30, I31Ref.Of(1 << 30).UnsignedValue);
        Assert.Equal(I31Ref.Of(70000), I31Ref.Of(70000));
        Assert.Equal(ValueKind.I31Ref, WasmValue.FromI31(1).Type);
    }

    [Fact]
    public void GuestReferencesRoundTripThroughArgumentsGlobalsAndTables()
    {
        var store = new Store(Wat.Engine);
        var instance = Wat.Instantiate(Shapes, store);
        var point = instance.Call("point")[0];
        Assert.Equal(-7, instance.Call("x_of", WasmValue.FromAnyRef((AnyRef?)point.Ref))[0].I32);
        Assert.Equal(-7, instance.Call("x_of", point)[0].I32);

        var keep = instance.GetGlobal("keep")!;
        Assert.Equal(ValueKind.AnyRef, keep.Type.Content);
        keep.Value = point;
        Assert.Equal(-7, instance.I32("kept_x"));
        Assert.Same(point.Ref, keep.Value.Ref);

        var slots = instance.GetTable("slots")!;
        Assert.Equal(ValueKind.AnyRef, slots.ElementType);
        slots.Set(1, point);
        Assert.Equal(-7, instance.I32("slot_x", 1));
        Assert.Equal(ValueKind.AnyRef, slots.Get(1).Type);
        Assert.Equal(TrapCode.CastFailure, instance.Traps("slot_x", WasmValue.FromI32(0)).Code);
    }

    [Fact]
    public void HostileArgumentsAreRejected()
    {
        var instance = Wat.Instantiate(Shapes);
        // An i31 is an eqref, but the guest's cast to its struct fails: a trap, not a crash.
        Assert.Equal(TrapCode.CastFailure, instance.Traps("x_of", WasmValue.FromI31(3)).Code);
        // A null anyref is fine to pass; the cast of null traps.
        Assert.Equal(TrapCode.CastFailure, instance.Traps("x_of", WasmValue.NullRef(ValueKind.AnyRef)).Code);
        // A function reference is not in the any hierarchy; an externref holding a host object is not an eqref.
        var function = instance.GetFunction("point")!;
        Assert.Throws<ArgumentException>(() => instance.Call("x_of", WasmValue.FromFuncRef(function)));
        Assert.Throws<ArgumentException>(() => instance.Call("i31_of", WasmValue.FromExternRef("host")));
        Assert.Throws<ArgumentException>(() => instance.Call("i31_of", WasmValue.FromI32(1)));
        Assert.Throws<ArgumentException>(() => instance.GetGlobal("keep")!.Value = WasmValue.FromFuncRef(function));
    }

    private const string Consumer = @"(module
      (type $point (struct (field $x i32)))
      (import ""host"" ""any"" (func $any (param anyref) (result anyref)))
      (import ""host"" ""eq"" (func $eq (result eqref)))
      (func (export ""via_host"") (result i32)
        (struct.get $point $x (ref.cast (ref $point) (call $any (struct.new $point (i32.const 41))))))
      (func (export ""i31_via_host"") (result i32) (i31.get_u (ref.cast (ref i31) (call $any (ref.i31 (i32.const -1))))))
      (func (export ""eq"") (result i32) (i31.get_s (ref.cast (ref i31) (call $eq)))))";

    private static Instance Link(HostFunction any, HostFunction eq)
    {
        var linker = new Linker(Wat.Engine);
        linker.Define("host", "any", new Function(new FuncType([ValueKind.AnyRef], [ValueKind.AnyRef]), any));
        linker.Define("host", "eq", new Function(new FuncType([], [ValueKind.EqRef]), eq));
        return Wat.Instantiate(Consumer, linker: linker);
    }

    [Fact]
    public void HostFunctionsTakeAndReturnGcReferences()
    {
        ValueKind seen = default;
        var instance = Link(
            (caller, args, results) =>
            {
                seen = args[0].Type;
                results[0] = args[0];
            },
            (caller, args, results) => results[0] = WasmValue.FromI31(-9));
        Assert.Equal(41, instance.I32("via_host"));
        Assert.Equal(ValueKind.AnyRef, seen);
        Assert.Equal(0x7FFF_FFFF, instance.I32("i31_via_host"));
        Assert.Equal(-9, instance.I32("eq"));
    }

    [Fact]
    public void HostResultsOfTheWrongKindTrapWithAClearMessage()
    {
        object? result = null;
        var instance = Link(
            (caller, args, results) => results[0] = WasmValue.FromFuncRef((Function)result!),
            (caller, args, results) => results[0] = WasmValue.FromExternRef(result));
        result = instance.GetFunction("eq");
        var trap = instance.Traps("via_host");
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.Contains("returned funcref", trap.Message);
        Assert.Contains("(ref null any)", trap.Message);

        // An externref holding a host string is no eqref.
        result = "not an eq";
        trap = instance.Traps("eq");
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.Contains("(ref null eq)", trap.Message);
    }

    [Fact]
    public void HostResultOfAStructWhereAnI31IsCastTrapsInTheGuest()
    {
        StructRef? made = null;
        var instance = Link(
            (caller, args, results) => { made ??= (StructRef?)args[0].Ref; results[0] = args[0]; },
            (caller, args, results) => results[0] = WasmValue.FromAnyRef(made));
        Assert.Equal(41, instance.I32("via_host"));
        // A struct is an eqref; the guest's cast to i31 then fails.
        Assert.Equal(TrapCode.CastFailure, instance.Traps("eq").Code);
        // A null eqref is a valid result; the guest's cast of it traps.
        made = null;
        Assert.Equal(TrapCode.CastFailure, instance.Traps("eq").Code);
    }

    [Fact]
    public void PublicTypesShowTheGcKinds()
    {
        var module = Wat.Compile(Shapes);
        var point = Assert.IsType<FuncType>(Assert.Single(module.Exports, e => e.Name == "point").Type);
        Assert.Equal(new[] { ValueKind.StructRef }, point.Results);
        Assert.Equal(new[] { ValueKind.AnyRef }, Assert.IsType<FuncType>(Assert.Single(module.Exports, e => e.Name == "x_of").Type).Params);
        Assert.Equal(new[] { ValueKind.EqRef }, Assert.IsType<FuncType>(Assert.Single(module.Exports, e => e.Name == "i31_of").Type).Params);
        Assert.Equal(new[] { ValueKind.ArrayRef }, Wat.Instantiate(Shapes).GetFunction("bytes")!.Type.Results);
        Assert.Equal("anyref", ValueKind.AnyRef.Name());
        Assert.True(ValueKind.NullRef.IsReference());
    }
}
