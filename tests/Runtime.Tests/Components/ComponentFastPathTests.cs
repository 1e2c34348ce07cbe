using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// The call fast path (flat slots in stack buffers, core functions through typed-delegate thunks): mixed core
/// types, a lifted host function (no typed delegate: the Invoke fallback), traps through a thunk, post-return
/// receiving the core result, and realloc called through a thunk for spilled parameters.
/// </summary>
public sealed class ComponentFastPathTests
{
    private static readonly Engine Engine = new();

    private static ComponentInstance Instantiate(string wat, Action<ComponentLinker>? define = null)
    {
        var linker = new ComponentLinker(Engine);
        define?.Invoke(linker);
        return linker.Instantiate(new Store(Engine), Component.FromText(Engine, wat));
    }

    [Fact]
    public void MixedCoreTypesAreConvertedBothWays()
    {
        var inst = Instantiate("""
            (component
              (core module $m
                (func (export "mix") (param i32 i64 f32 f64 i32) (result f64)
                  (f64.add
                    (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
                    (f64.add (f64.promote_f32 (local.get 2)) (f64.add (local.get 3) (f64.convert_i32_u (local.get 4))))))
                (func (export "neg64") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
                (func (export "half") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 0.5))))
              (core instance $i (instantiate $m))
              (func (export "mix") (param "a" s8) (param "b" s64) (param "c" f32) (param "d" f64) (param "e" u32) (result f64)
                (canon lift (core func $i "mix")))
              (func (export "neg64") (param "x" s64) (result s64) (canon lift (core func $i "neg64")))
              (func (export "half") (param "x" f32) (result f32) (canon lift (core func $i "half")))
            )
            """);
        var mix = inst.GetFunction("mix")!.Call(ComponentValue.S8(-3), ComponentValue.S64(-5_000_000_000), ComponentValue.F32(1.5f),
            ComponentValue.F64(0.25), ComponentValue.U32(4_000_000_000))!.Value;
        Assert.Equal(-3 - 5_000_000_000.0 + 1.5 + 0.25 + 4_000_000_000.0, mix.AsDouble());
        Assert.Equal(ComponentValue.S64(long.MinValue + 1), inst.GetFunction("neg64")!.Call(ComponentValue.S64(long.MaxValue)));
        Assert.Equal(-1.25f, inst.GetFunction("half")!.Call(ComponentValue.F32(-2.5f))!.Value.AsSingle());
        // A NaN argument is canonicalised on the way in and out.
        Assert.Equal(0x7fc00000UL, inst.GetFunction("half")!.Call(ComponentValue.F32Bits(0x7f800001))!.Value.RawBits);
    }

    [Fact]
    public void LiftingALoweredHostFunctionCallsTheHost()
    {
        var inst = Instantiate("""
            (component
              (import "twice" (func $twice (param "x" u32) (result u32)))
              (core func $twice' (canon lower (func $twice)))
              (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $twice')))
            )
            """, linker => linker.Root.DefineFunction("twice", a => new[] { ComponentValue.U32((uint)a[0].AsUInt64() * 2) }));
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("twice")!.Call(ComponentValue.U32(21)));
        Assert.Equal(ComponentValue.U32(8), inst.GetFunction("twice")!.Call(ComponentValue.U32(4)));
    }

    private const string MixImports = """
        (component
          (import "mix" (func $mix (param "a" f32) (param "b" f64) (param "c" s64) (result f64)))
          (import "half" (func $half (param "x" f32) (result f32)))
          (core func $mix' (canon lower (func $mix)))
          (core func $half' (canon lower (func $half)))
          (core module $m
            (import "h" "mix" (func $mix (param f32 f64 i64) (result f64)))
            (import "h" "half" (func $half (param f32) (result f32)))
            (func (export "run") (param f32 f64 i64) (result f64)
              (call $mix (call $half (local.get 0)) (local.get 1) (local.get 2))))
          (core instance $i (instantiate $m (with "h" (instance (export "mix" (func $mix')) (export "half" (func $half'))))))
          (func (export "run") (param "a" f32) (param "b" f64) (param "c" s64) (result f64) (canon lift (core func $i "run")))
        )
        """;

    /// <summary>
    /// Dynamic host imports (ComponentValue callbacks) are called from the guest through the flat-slot trampoline:
    /// f32, f64 and i64 slots both ways, NaNs canonicalised, and the host's failures worded as before.
    /// </summary>
    [Fact]
    public void DynamicHostImportsTakeTheFlatTrampolineWithEveryCoreType()
    {
        ulong seenHalf = 0;
        void Define(ComponentLinker linker)
        {
            linker.Root.DefineFunction("half", a =>
            {
                seenHalf = a[0].RawBits;
                return new[] { ComponentValue.F32(a[0].AsSingle() / 2) };
            });
            linker.Root.DefineFunction("mix", a => a[2].AsInt64() switch
            {
                0 => new[] { ComponentValue.S32(1) },
                1 => throw new InvalidOperationException("boom"),
                _ => new[] { ComponentValue.F64(a[0].AsSingle() + a[1].AsDouble() + a[2].AsInt64()) },
            });
        }
        var run = Instantiate(MixImports, Define).GetFunction("run")!;
        Assert.Equal(1.5 + 0.25 - 5_000_000_000.0,
            run.Call(ComponentValue.F32(3f), ComponentValue.F64(0.25), ComponentValue.S64(-5_000_000_000))!.Value.AsDouble());
        Assert.Equal(0x40400000UL, seenHalf); // 3.0f as the host saw it
        // A NaN with a payload reaches the host as the canonical NaN.
        Assert.True(double.IsNaN(run.Call(ComponentValue.F32Bits(0x7f800001), ComponentValue.F64(0), ComponentValue.S64(2))!.Value.AsDouble()));
        Assert.Equal(0x7fc00000UL, seenHalf);

        var wrong = Assert.Throws<Trap>(() => Instantiate(MixImports, Define).GetFunction("run")!
            .Call(ComponentValue.F32(1f), ComponentValue.F64(0), ComponentValue.S64(0)));
        Assert.StartsWith("host function returned a value that does not match its type", wrong.Message);
        var failed = Assert.Throws<Trap>(() => Instantiate(MixImports, Define).GetFunction("run")!
            .Call(ComponentValue.F32(1f), ComponentValue.F64(0), ComponentValue.S64(1)));
        Assert.Contains("failed: boom", failed.Message);
    }

    [Fact]
    public void TrapInsideAThunkedCallPoisonsTheInstance()
    {
        var inst = Instantiate("""
            (component
              (core module $m
                (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
              (core instance $i (instantiate $m))
              (func (export "div") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "div")))
            )
            """);
        var div = inst.GetFunction("div")!;
        Assert.Equal(ComponentValue.S32(-4), div.Call(ComponentValue.S32(-12), ComponentValue.S32(3)));
        var trap = Assert.Throws<Trap>(() => div.Call(ComponentValue.S32(1), ComponentValue.S32(0)));
        Assert.Contains("divide by zero", trap.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("cannot enter component instance", Assert.Throws<Trap>(() => div.Call(ComponentValue.S32(1), ComponentValue.S32(1))).Message);
    }

    [Fact]
    public void PostReturnGetsTheCoreResultAndSpilledParametersUseRealloc()
    {
        // 17 u32 parameters do not fit 16 flat slots: the host stores them in memory from realloc.
        var ps = string.Concat(Enumerable.Range(0, 17).Select(i => $"(param \"p{i}\" u32) "));
        var inst = Instantiate($$"""
            (component
              (core module $m
                (memory (export "memory") 1)
                (global $seen (mut i32) (i32.const -1))
                (global $allocs (mut i32) (i32.const 0))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))
                  (i32.const 256))
                (func (export "sum") (param $p i32) (result i32)
                  (local $i i32) (local $acc i32)
                  (block $done (loop $l
                    (br_if $done (i32.eq (local.get $i) (i32.const 17)))
                    (local.set $acc (i32.add (local.get $acc) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $l)))
                  (local.get $acc))
                (func (export "post") (param i32) (global.set $seen (local.get 0)))
                (func (export "seen") (result i32) (global.get $seen))
                (func (export "allocs") (result i32) (global.get $allocs)))
              (core instance $i (instantiate $m))
              (func (export "sum") {{ps}}(result u32)
                (canon lift (core func $i "sum") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "post"))))
              (func (export "seen") (result s32) (canon lift (core func $i "seen")))
              (func (export "allocs") (result u32) (canon lift (core func $i "allocs")))
            )
            """);
        var args = new ComponentValue[17];
        for (int i = 0; i < args.Length; i++) args[i] = ComponentValue.U32((uint)(i + 1));
        Assert.Equal(ComponentValue.S32(-1), inst.GetFunction("seen")!.Call());
        Assert.Equal(ComponentValue.U32(153), inst.GetFunction("sum")!.Call(args));
        Assert.Equal(ComponentValue.S32(153), inst.GetFunction("seen")!.Call());
        Assert.Equal(ComponentValue.U32(1), inst.GetFunction("allocs")!.Call());
    }
}
