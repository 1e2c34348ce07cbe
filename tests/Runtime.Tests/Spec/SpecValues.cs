using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>A host reference used by <c>ref.extern N</c> in scripts.</summary>
internal sealed record HostRef(long Id);

/// <summary>A function reference that the script cannot name (results of <c>ref.func</c>).</summary>
internal sealed record SpecFuncRef(object Function);

/// <summary>A concrete value in a script (argument or result).</summary>
internal readonly record struct SpecValue(ValueType Type, ulong Low, ulong High, object? Ref)
{
    public static SpecValue I32(int v) => new(ValueType.I32, (uint)v, 0, null);
    public static SpecValue I64(long v) => new(ValueType.I64, (ulong)v, 0, null);
    public static SpecValue F32Bits(uint bits) => new(ValueType.F32, bits, 0, null);
    public static SpecValue F64Bits(ulong bits) => new(ValueType.F64, bits, 0, null);
    public static SpecValue V128(ulong low, ulong high) => new(ValueType.V128, low, high, null);
    public static SpecValue Reference(ValueType type, object? value) => new(type, 0, 0, value);

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{(int)Low}",
        ValueType.I64 => $"i64:{(long)Low}",
        ValueType.F32 => $"f32:{BitConverter.Int32BitsToSingle((int)Low).ToString(CultureInfo.InvariantCulture)}(0x{Low:x8})",
        ValueType.F64 => $"f64:{BitConverter.Int64BitsToDouble((long)Low).ToString(CultureInfo.InvariantCulture)}(0x{Low:x16})",
        ValueType.V128 => $"v128:0x{High:x16}{Low:x16}",
        _ => $"{Type.Name()}:{Ref?.ToString() ?? "null"}",
    };
}

/// <summary>An expected result: an exact value or a pattern (NaN classes, any non-null reference, lane-wise v128, either).</summary>
internal sealed class SpecExpectation
{
    private SpecExpectation() { }

    public string Text { get; private init; } = "";

    private Func<SpecValue, bool> Match { get; init; } = _ => false;

    public bool Matches(SpecValue value) => Match(value);

    public override string ToString() => Text;

    public static SpecExpectation Parse(SExpr e)
    {
        var head = e.Head ?? throw new FormatException("expected a result: " + e);
        var text = e.ToString();
        switch (head)
        {
            case "either":
            {
                var options = e.Items.Skip(1).Select(Parse).ToArray();
                return new SpecExpectation { Text = text, Match = v => options.Any(o => o.Matches(v)) };
            }
            case "i32.const":
            {
                var x = WastNumbers.ParseI32(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.I32 && (int)v.Low == x };
            }
            case "i64.const":
            {
                var x = WastNumbers.ParseI64(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.I64 && (long)v.Low == x };
            }
            case "f32.const":
            {
                var lane = F32Lane(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.F32 && lane((uint)v.Low) };
            }
            case "f64.const":
            {
                var lane = F64Lane(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.F64 && lane(v.Low) };
            }
            case "v128.const":
                return ParseV128(e, text);
            case "ref.null":
            {
                var kind = e.Count > 1 ? e[1].Atom : null;
                return new SpecExpectation
                {
                    Text = text,
                    Match = v => v.Type.IsReference() && v.Ref is null && (kind is null || (kind is "func" or "funcref" ? v.Type == ValueType.FuncRef : kind is "extern" or "externref" ? v.Type == ValueType.ExternRef : true)),
                };
            }
            case "ref.extern":
            {
                if (e.Count == 1) return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.ExternRef && v.Ref is not null };
                var id = WastNumbers.ParseI64(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.ExternRef && v.Ref is HostRef h && h.Id == id };
            }
            case "ref.func":
                return new SpecExpectation { Text = text, Match = v => v.Type == ValueType.FuncRef && v.Ref is not null };
            case "ref.host":
            {
                var id = WastNumbers.ParseI64(e[1].Atom!);
                return new SpecExpectation { Text = text, Match = v => v.Ref is HostRef h && h.Id == id };
            }
            // GC references (results of any/eq/struct/array/i31 type): the engine's objects by their class.
            case "ref.any":
                return new SpecExpectation { Text = text, Match = v => v.Type.IsReference() && v.Ref is not null and not Function };
            case "ref.eq":
                return new SpecExpectation { Text = text, Match = v => v.Ref is StructRef or ArrayRef or I31Ref };
            case "ref.struct":
                return new SpecExpectation { Text = text, Match = v => v.Ref is StructRef };
            case "ref.array":
                return new SpecExpectation { Text = text, Match = v => v.Ref is ArrayRef };
            case "ref.i31":
                return new SpecExpectation { Text = text, Match = v => v.Ref is I31Ref };
            default:
                throw new NotSupportedException("result pattern " + head);
        }
    }

    private static Func<uint, bool> F32Lane(string atom) => atom switch
    {
        "nan:canonical" => bits => (bits & 0x7FFFFFFF) == 0x7FC00000,
        "nan:arithmetic" => bits => (bits & 0x7FC00000) == 0x7FC00000,
        _ => WastNumbers.ParseF32Bits(atom) is var x ? bits => bits == x : null!,
    };

    private static Func<ulong, bool> F64Lane(string atom) => atom switch
    {
        "nan:canonical" => bits => (bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000,
        "nan:arithmetic" => bits => (bits & 0x7FF8000000000000) == 0x7FF8000000000000,
        _ => WastNumbers.ParseF64Bits(atom) is var x ? bits => bits == x : null!,
    };

    private static SpecExpectation ParseV128(SExpr e, string text)
    {
        var shape = e[1].Atom!;
        var lanes = e.Items.Skip(2).Select(x => x.Atom!).ToArray();
        Func<byte[], bool> match = shape switch
        {
            "f32x4" => LaneMatcher(lanes, 4, (bytes, i) => BitConverter.ToUInt32(bytes, i * 4), F32Lane),
            "f64x2" => LaneMatcher(lanes, 8, (bytes, i) => BitConverter.ToUInt64(bytes, i * 8), F64Lane),
            _ => ExactV128(shape, lanes),
        };
        return new SpecExpectation
        {
            Text = text,
            Match = v => v.Type == ValueType.V128 && match(ToBytes(v)),
        };
    }

    private static Func<byte[], bool> LaneMatcher<T>(string[] lanes, int width, Func<byte[], int, T> read, Func<string, Func<T, bool>> lane)
    {
        var matchers = lanes.Select(lane).ToArray();
        return bytes =>
        {
            for (var i = 0; i < matchers.Length; i++) if (!matchers[i](read(bytes, i))) return false;
            return true;
        };
    }

    private static Func<byte[], bool> ExactV128(string shape, string[] lanes)
    {
        var (low, high) = V128Literal(shape, lanes);
        return bytes => BitConverter.ToUInt64(bytes, 0) == low && BitConverter.ToUInt64(bytes, 8) == high;
    }

    internal static byte[] ToBytes(SpecValue v)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), v.Low);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), v.High);
        return bytes;
    }

    /// <summary>Encodes a <c>v128.const shape lanes...</c> literal.</summary>
    public static (ulong Low, ulong High) V128Literal(string shape, IReadOnlyList<string> lanes)
    {
        var bytes = new byte[16];
        for (var i = 0; i < lanes.Count; i++)
        {
            switch (shape)
            {
                case "i8x16": bytes[i] = (byte)WastNumbers.ParseI32(lanes[i]); break;
                case "i16x8": BitConverter.TryWriteBytes(bytes.AsSpan(i * 2, 2), (short)WastNumbers.ParseI32(lanes[i])); break;
                case "i32x4": BitConverter.TryWriteBytes(bytes.AsSpan(i * 4, 4), WastNumbers.ParseI32(lanes[i])); break;
                case "i64x2": BitConverter.TryWriteBytes(bytes.AsSpan(i * 8, 8), WastNumbers.ParseI64(lanes[i])); break;
                case "f32x4": BitConverter.TryWriteBytes(bytes.AsSpan(i * 4, 4), WastNumbers.ParseF32Bits(lanes[i])); break;
                case "f64x2": BitConverter.TryWriteBytes(bytes.AsSpan(i * 8, 8), WastNumbers.ParseF64Bits(lanes[i])); break;
                default: throw new FormatException("v128 shape " + shape);
            }
        }
        return (BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));
    }

    /// <summary>Parses an argument constant such as <c>(i32.const 1)</c> or <c>(ref.extern 2)</c>.</summary>
    public static SpecValue ParseArgument(SExpr e)
    {
        switch (e.Head)
        {
            case "i32.const": return SpecValue.I32(WastNumbers.ParseI32(e[1].Atom!));
            case "i64.const": return SpecValue.I64(WastNumbers.ParseI64(e[1].Atom!));
            case "f32.const": return SpecValue.F32Bits(WastNumbers.ParseF32Bits(e[1].Atom!));
            case "f64.const": return SpecValue.F64Bits(WastNumbers.ParseF64Bits(e[1].Atom!));
            case "v128.const":
            {
                var (low, high) = V128Literal(e[1].Atom!, e.Items.Skip(2).Select(x => x.Atom!).ToArray());
                return SpecValue.V128(low, high);
            }
            case "ref.null":
                // Another heap type than func or extern (any, none, a type name...) passes the untyped null.
                return SpecValue.Reference(e[1].Atom switch
                {
                    "extern" or "externref" or "noextern" => ValueType.ExternRef,
                    "func" or "funcref" or "nofunc" => ValueType.FuncRef,
                    _ => ValueTypes.Ref(true, ValueTypes.HeapNone),
                }, null);
            case "ref.host":
            case "ref.extern":
                return SpecValue.Reference(ValueType.ExternRef, new HostRef(WastNumbers.ParseI64(e[1].Atom!)));
            default:
                throw new NotSupportedException("argument " + e);
        }
    }
}
