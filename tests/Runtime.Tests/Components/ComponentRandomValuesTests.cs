using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime.Components;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// Robustness: seeded random argument values of every value kind, sent through lifted exports and back. Every call
/// either returns the value it was given (after the canonical ABI's NaN canonicalisation) or fails with a
/// <see cref="Trap"/> or an <see cref="ArgumentException"/>; no other exception, and no call takes long.
/// Scalars go through identity functions; compound kinds through <c>echo: func(list&lt;T&gt;) -> list&lt;T&gt;</c>,
/// whose core code returns the list it received, so the host lowers and lifts every element kind in memory.
/// </summary>
public sealed class ComponentRandomValuesTests
{
    private static readonly Engine Engine = new();
    private readonly ITestOutputHelper _output;

    public ComponentRandomValuesTests(ITestOutputHelper output) => _output = output;

    /// <summary>A WIT-like type description that renders as component WAT and generates values.</summary>
    private sealed record T(ValTypeKind Kind, string Wat, T[]? Items = null, int Cases = 0, bool[]? CaseHasPayload = null);

    private static readonly T U8 = new(ValTypeKind.U8, "u8");
    private static readonly T U16 = new(ValTypeKind.U16, "u16");
    private static readonly T U32 = new(ValTypeKind.U32, "u32");
    private static readonly T S64 = new(ValTypeKind.S64, "s64");
    private static readonly T Str = new(ValTypeKind.String, "string");
    private static readonly T Char = new(ValTypeKind.Char, "char");
    private static readonly T Rec = new(ValTypeKind.Record, "$rec",
        new[] { U8, Str, new T(ValTypeKind.F64, "f64") });
    private static readonly T Tup = new(ValTypeKind.Tuple, "(tuple u8 s64 char)", new[] { U8, S64, Char });
    private static readonly T Var = new(ValTypeKind.Variant, "$var",
        new[] { S64, Str }, 3, new[] { false, true, true });
    private static readonly T Enm = new(ValTypeKind.Enum, "$enm", Cases: 5);
    private static readonly T Flg = new(ValTypeKind.Flags, "$flg", Cases: 3);
    private static readonly T Opt = new(ValTypeKind.Option, "(option u32)", new[] { U32 });
    private static readonly T Res = new(ValTypeKind.Result, "(result u32 (error string))", new[] { U32, Str });

    // Identity functions over one flat slot: (name, type, core function).
    private static readonly (string Name, T Type, string Core)[] Scalars =
    {
        ("bool", new T(ValTypeKind.Bool, "bool"), "id32"),
        ("s8", new T(ValTypeKind.S8, "s8"), "id32"),
        ("u8", U8, "id32"),
        ("s16", new T(ValTypeKind.S16, "s16"), "id32"),
        ("u16", U16, "id32"),
        ("s32", new T(ValTypeKind.S32, "s32"), "id32"),
        ("u32", U32, "id32"),
        ("char", Char, "id32"),
        ("enum", Enm, "id32"),
        ("flags", Flg, "id32"),
        ("s64", S64, "id64"),
        ("u64", new T(ValTypeKind.U64, "u64"), "id64"),
        ("f32", new T(ValTypeKind.F32, "f32"), "idf32"),
        ("f64", new T(ValTypeKind.F64, "f64"), "idf64"),
    };

    // Element types of echo(list<T>) -> list<T>.
    private static readonly (string Name, T Type)[] Lists =
    {
        ("bytes", U8), ("strings", Str), ("chars", Char), ("records", Rec), ("tuples", Tup), ("variants", Var),
        ("enums", Enm), ("flags", Flg), ("options", Opt), ("results", Res), ("nested", new T(ValTypeKind.List, "(list u16)", new[] { U16 })),
        ("floats", new T(ValTypeKind.F32, "f32")), ("bools", new T(ValTypeKind.Bool, "bool")), ("s64s", S64),
    };

    private static string Wat()
    {
        var sb = new StringBuilder();
        sb.Append("""
            (component
              (core module $m
                (memory (export "memory") 4)
                (global $next (mut i32) (i32.const 1024))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))
                    (then (return (local.get 0))))
                  (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                         (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
                  (global.set $next (i32.add (local.get $p) (local.get 3)))
                  (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
                  (local.get $p))
                (func (export "reset") (param i32) (global.set $next (i32.const 1024)))
                (func (export "id32") (param i32) (result i32) (local.get 0))
                (func (export "id64") (param i64) (result i64) (local.get 0))
                (func (export "idf32") (param f32) (result f32) (local.get 0))
                (func (export "idf64") (param f64) (result f64) (local.get 0))
                (func (export "echo") (param i32 i32) (result i32)
                  (i32.store (i32.const 16) (local.get 0))
                  (i32.store (i32.const 20) (local.get 1))
                  (i32.const 16)))
              (core instance $i (instantiate $m))
              (type $rec' (record (field "a" u8) (field "b" string) (field "c" f64)))
              (export $rec "rec" (type $rec'))
              (type $var' (variant (case "none") (case "int" s64) (case "text" string)))
              (export $var "var" (type $var'))
              (type $enm' (enum "a" "b" "c" "d" "e"))
              (export $enm "enm" (type $enm'))
              (type $flg' (flags "x" "y" "z"))
              (export $flg "flg" (type $flg'))

            """);
        foreach (var (name, type, core) in Scalars)
            sb.Append($"  (func (export \"{name}\") (param \"x\" {type.Wat}) (result {type.Wat}) (canon lift (core func $i \"{core}\")))\n");
        foreach (var (name, type) in Lists)
            sb.Append($"  (func (export \"list-{name}\") (param \"x\" (list {type.Wat})) (result (list {type.Wat})) " +
                "(canon lift (core func $i \"echo\") (memory $i \"memory\") (realloc (func $i \"realloc\")) (post-return (func $i \"reset\"))))\n");
        sb.Append(")\n");
        return sb.ToString();
    }

    private static ComponentValue Random(Random r, T t, int depth = 0)
    {
        switch (t.Kind)
        {
            case ValTypeKind.Bool: return ComponentValue.Bool(r.Next(2) == 1);
            case ValTypeKind.S8: return ComponentValue.S8((sbyte)r.Next());
            case ValTypeKind.U8: return ComponentValue.U8((byte)r.Next());
            case ValTypeKind.S16: return ComponentValue.S16((short)r.Next());
            case ValTypeKind.U16: return ComponentValue.U16((ushort)r.Next());
            case ValTypeKind.S32: return ComponentValue.S32(r.Next(int.MinValue, int.MaxValue));
            case ValTypeKind.U32: return ComponentValue.U32((uint)r.NextInt64(0, 1L << 32));
            case ValTypeKind.S64: return ComponentValue.S64(r.NextInt64(long.MinValue, long.MaxValue));
            case ValTypeKind.U64: return ComponentValue.U64((ulong)r.NextInt64(long.MinValue, long.MaxValue));
            case ValTypeKind.F32: return ComponentValue.F32Bits((uint)r.NextInt64(0, 1L << 32));
            case ValTypeKind.F64: return ComponentValue.F64Bits((ulong)r.NextInt64(long.MinValue, long.MaxValue));
            case ValTypeKind.Char: return ComponentValue.Char(RandomValues.Scalar(r));
            case ValTypeKind.String: return ComponentValue.String(RandomString(r));
            // Now and then a case index beyond the type's cases: lowering must reject it.
            case ValTypeKind.Enum: return ComponentValue.Enum(r.Next(50) == 0 ? r.Next(t.Cases, t.Cases + 4) : r.Next(t.Cases));
            case ValTypeKind.Flags: return ComponentValue.Flags((uint)r.Next(1 << t.Cases));
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var items = t.Items!.Select(f => Random(r, f, depth + 1)).ToArray();
                return t.Kind == ValTypeKind.Record ? ComponentValue.Record(items) : ComponentValue.Tuple(items);
            }
            case ValTypeKind.Variant:
            {
                int c = r.Next(50) == 0 ? t.Cases + r.Next(3) : r.Next(t.Cases);
                if (c >= t.Cases) return ComponentValue.Variant(c);
                return c == 0 ? ComponentValue.Variant(0) : ComponentValue.Variant(c, Random(r, t.Items![c - 1], depth + 1));
            }
            case ValTypeKind.Option: return r.Next(2) == 0 ? ComponentValue.None : ComponentValue.Some(Random(r, t.Items![0], depth + 1));
            case ValTypeKind.Result:
                return r.Next(2) == 0 ? ComponentValue.Ok(Random(r, t.Items![0], depth + 1)) : ComponentValue.Err(Random(r, t.Items![1], depth + 1));
            case ValTypeKind.List:
            {
                int n = r.Next(depth == 0 ? 24 : 6);
                var items = new ComponentValue[n];
                for (int i = 0; i < n; i++) items[i] = Random(r, t.Items![0], depth + 1);
                return ComponentValue.List(items);
            }
            default: throw new InvalidOperationException(t.Kind.ToString());
        }
    }

    private static string RandomString(Random r)
    {
        var sb = new StringBuilder();
        int n = r.Next(40);
        for (int i = 0; i < n; i++) sb.Append(char.ConvertFromUtf32(RandomValues.Scalar(r)));
        // Now and then a lone surrogate, which the host must reject with ArgumentException.
        if (r.Next(50) == 0) sb.Insert(r.Next(sb.Length + 1), (char)(0xD800 + r.Next(0x800)));
        return sb.ToString();
    }

    /// <summary>Equality after the ABI's NaN canonicalisation (any NaN in, the canonical NaN out).</summary>
    private static bool Same(ComponentValue sent, ComponentValue got)
    {
        if (sent.Kind != got.Kind) return false;
        switch (sent.Kind)
        {
            case ValTypeKind.F32: return float.IsNaN(sent.AsSingle()) ? got.RawBits == 0x7fc00000 : sent.RawBits == got.RawBits;
            case ValTypeKind.F64: return double.IsNaN(sent.AsDouble()) ? got.RawBits == 0x7ff8000000000000 : sent.RawBits == got.RawBits;
            case ValTypeKind.List:
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var (a, b) = (sent.Items, got.Items);
                if (a.Length != b.Length) return false;
                for (int i = 0; i < a.Length; i++) if (!Same(a[i], b[i])) return false;
                return true;
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Option:
            case ValTypeKind.Result:
                if (sent.CaseIndex != got.CaseIndex) return false;
                return (sent.Payload, got.Payload) switch
                {
                    (null, null) => true,
                    ({ } x, { } y) => Same(x, y),
                    _ => false,
                };
            default: return sent.Equals(got);
        }
    }

    [Fact]
    public void RandomValuesOfEveryKindRoundTripOrFailCleanly()
    {
        const int Rounds = 400;
        var component = Component.FromText(Engine, Wat());
        var linker = new ComponentLinker(Engine);
        ComponentInstance NewInstance() => linker.Instantiate(new Store(Engine), component);
        var instance = NewInstance();
        var cases = Scalars.Select(s => (s.Name, s.Type)).Concat(Lists.Select(l => ("list-" + l.Name, new T(ValTypeKind.List, "", new[] { l.Type })))).ToArray();
        var random = new Random(20261207);
        int calls = 0, roundTrips = 0, traps = 0, rejected = 0;
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var (name, type) in cases)
            {
                var value = Random(random, type);
                var sw = Stopwatch.StartNew();
                try
                {
                    var got = instance.GetFunction(name)!.Call(value);
                    Assert.True(got is { } g && Same(value, g), $"{name}: sent {value}, got {got}");
                    roundTrips++;
                }
                catch (Trap)
                {
                    traps++;
                    instance = NewInstance(); // a trap poisons the instance
                }
                catch (ArgumentException)
                {
                    rejected++;
                }
                sw.Stop();
                calls++;
                if (sw.Elapsed > slowest) slowest = sw.Elapsed;
            }
        }
        // Wrong kinds and wrong counts are rejected before anything reaches the guest.
        foreach (var (name, _) in cases)
        {
            Assert.Throws<ArgumentException>(() => instance.GetFunction(name)!.Call(ComponentValue.String("wrong")));
            Assert.Throws<ArgumentException>(() => instance.GetFunction(name)!.Call());
            calls += 2;
            rejected += 2;
        }
        total.Stop();
        _output.WriteLine($"{calls} calls over {cases.Length} functions: {roundTrips} round trips, {traps} traps, {rejected} rejected; " +
            $"slowest call {slowest.TotalMilliseconds:F1} ms, total {total.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(Rounds * cases.Length + 2 * cases.Length, calls);
        Assert.True(roundTrips > Rounds * cases.Length * 9 / 10, $"only {roundTrips} round trips");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"a call took {slowest}");
    }
}
