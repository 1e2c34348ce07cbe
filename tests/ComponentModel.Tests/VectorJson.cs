using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Tests;

/// <summary>Reads the JSON encoding of types and values used by Vectors/canonical-abi.json.</summary>
internal static class VectorJson
{
    public static ValType Type(JsonElement j)
    {
        if (j.ValueKind == JsonValueKind.String)
        {
            return j.GetString() switch
            {
                "bool" => ValType.Bool, "s8" => ValType.S8, "u8" => ValType.U8, "s16" => ValType.S16, "u16" => ValType.U16,
                "s32" => ValType.S32, "u32" => ValType.U32, "s64" => ValType.S64, "u64" => ValType.U64,
                "f32" => ValType.F32, "f64" => ValType.F64, "char" => ValType.Char, "string" => ValType.String,
                "error-context" => ValType.ErrorContext,
                var s => throw new InvalidOperationException("unknown type " + s),
            };
        }
        var prop = j.EnumerateObject().First(p => p.Name != "len");
        var a = prop.Value;
        switch (prop.Name)
        {
            case "list":
                return j.TryGetProperty("len", out var len) ? ValType.FixedList(Type(a), len.GetUInt32()) : ValType.List(Type(a));
            case "record": return ValType.Record(a.EnumerateArray().Select(f => (f[0].GetString()!, Type(f[1]))).ToArray());
            case "tuple": return ValType.Tuple(a.EnumerateArray().Select(Type).ToArray());
            case "variant": return ValType.Variant(a.EnumerateArray().Select(c => (c[0].GetString()!, Opt(c[1]))).ToArray());
            case "enum": return ValType.Enum(a.EnumerateArray().Select(e => e.GetString()!).ToArray());
            case "option": return ValType.Option(Type(a));
            case "result": return ValType.Result(Opt(a[0]), Opt(a[1]));
            case "flags": return ValType.Flags(a.EnumerateArray().Select(e => e.GetString()!).ToArray());
            case "own": return ValType.Own(a.GetInt32());
            case "borrow": return ValType.Borrow(a.GetInt32());
            case "map": return ValType.Map(Type(a[0]), Type(a[1]));
            case "future": return ValType.Future(Opt(a));
            case "stream": return ValType.Stream(Opt(a));
            default: throw new InvalidOperationException("unknown type " + prop.Name);
        }
    }

    private static ValType? Opt(JsonElement j) => j.ValueKind == JsonValueKind.Null ? null : Type(j);

    public static ComponentValue Value(ValType t, JsonElement j)
    {
        switch (t.Kind)
        {
            case ValTypeKind.Bool: return ComponentValue.Bool(j.GetBoolean());
            case ValTypeKind.S8: return ComponentValue.S8(j.GetSByte());
            case ValTypeKind.U8: return ComponentValue.U8(j.GetByte());
            case ValTypeKind.S16: return ComponentValue.S16(j.GetInt16());
            case ValTypeKind.U16: return ComponentValue.U16(j.GetUInt16());
            case ValTypeKind.S32: return ComponentValue.S32(j.GetInt32());
            case ValTypeKind.U32: return ComponentValue.U32(j.GetUInt32());
            case ValTypeKind.S64: return ComponentValue.S64(j.GetInt64());
            case ValTypeKind.U64: return ComponentValue.U64(j.GetUInt64());
            case ValTypeKind.F32: return ComponentValue.F32Bits((uint)Hex(j));
            case ValTypeKind.F64: return ComponentValue.F64Bits(Hex(j));
            case ValTypeKind.Char: return ComponentValue.Char(j.GetInt32());
            case ValTypeKind.String: return ComponentValue.String(j.GetString()!);
            case ValTypeKind.List: return ComponentValue.List(j.EnumerateArray().Select(e => Value(t.Element!, e)).ToArray());
            case ValTypeKind.FixedList: return ComponentValue.FixedList(j.EnumerateArray().Select(e => Value(t.Element!, e)).ToArray());
            case ValTypeKind.Map: return ComponentValue.Map(j.EnumerateArray().Select(e => Value(t.Element!, e)).ToArray());
            case ValTypeKind.Record: return ComponentValue.Record(j.EnumerateArray().Select((e, i) => Value(t.Fields[i], e)).ToArray());
            case ValTypeKind.Tuple: return ComponentValue.Tuple(j.EnumerateArray().Select((e, i) => Value(t.Fields[i], e)).ToArray());
            case ValTypeKind.Variant: case ValTypeKind.Enum: case ValTypeKind.Option: case ValTypeKind.Result:
            {
                int ci = j[0].GetInt32();
                ComponentValue? payload = t.Cases[ci] is { } pt ? Value(pt, j[1]) : null;
                return t.Kind switch
                {
                    ValTypeKind.Variant => ComponentValue.Variant(ci, payload),
                    ValTypeKind.Enum => ComponentValue.Enum(ci),
                    ValTypeKind.Option => ci == 0 ? ComponentValue.None : ComponentValue.Some(payload!.Value),
                    _ => ci == 0 ? ComponentValue.Ok(payload) : ComponentValue.Err(payload),
                };
            }
            case ValTypeKind.Flags: return ComponentValue.Flags(j.GetUInt32());
            case ValTypeKind.Own: return ComponentValue.Own(j.GetUInt32());
            case ValTypeKind.Borrow: return ComponentValue.Borrow(j.GetUInt32());
            default: return ComponentValue.Handle(t.Kind, j.GetUInt32());
        }
    }

    private static ulong Hex(JsonElement j) => ulong.Parse(j.GetString()!.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static byte[] Bytes(JsonElement j) => Convert.FromHexString(j.GetString() ?? "");

    public static ulong[] Slots(JsonElement j) => j.EnumerateArray().Select(e => e.GetUInt64()).ToArray();

    public static string FlatTypes(IReadOnlyList<CoreValType> types) => string.Join(" ", types.Select(t => t.ToString().ToLowerInvariant()));

    public static StringEncoding Encoding(string? s) => s switch
    {
        "utf8" => StringEncoding.Utf8,
        "utf16" => StringEncoding.Utf16,
        "latin1+utf16" => StringEncoding.Latin1Utf16,
        _ => throw new InvalidOperationException("unknown encoding " + s),
    };
}

/// <summary>The vectors' deterministic allocator: bump allocation, in-place shrink, copy on grow; logs every call.</summary>
internal sealed class BumpHeap
{
    private readonly uint? _fixed;
    public BumpHeap(int size, uint start, uint? fixedResult = null)
    {
        Memory = new ArrayAbiMemory(size);
        Next = start;
        _fixed = fixedResult;
    }

    public ArrayAbiMemory Memory { get; }
    public uint Next { get; private set; }
    public List<ulong[]> Log { get; } = new();

    public uint Realloc(uint old, uint oldSize, uint align, uint newSize)
    {
        Log.Add(new ulong[] { old, oldSize, align, newSize });
        if (_fixed is { } f) return f;
        if (old != 0 && newSize <= oldSize) return old;
        uint ptr = (Next + align - 1) & ~(align - 1);
        Next = ptr + newSize;
        if (old != 0) Array.Copy(Memory.Bytes, old, Memory.Bytes, ptr, oldSize);
        return ptr;
    }

    public CanonicalOptions Options(StringEncoding encoding) =>
        new(Memory, Realloc, encoding, new IdentityHandles());

    public string Used => Convert.ToHexString(Memory.Bytes, 0, (int)Next).ToLowerInvariant();
}

/// <summary>Handles that map index to rep unchanged, for value vectors (tables are tested separately).</summary>
internal sealed class IdentityHandles : IAbiHandles
{
    public uint LiftOwn(int resourceType, uint index) => index;
    public uint LiftBorrow(int resourceType, uint index) => index;
    public uint LowerOwn(int resourceType, uint rep) => rep;
    public uint LowerBorrow(int resourceType, uint rep) => rep;
}
