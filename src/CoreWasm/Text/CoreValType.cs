using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// A value type by its binary encoding: a single type byte (numeric types, vectors and the nullable
/// abstract reference shorthands), or 0x63/0x64 (<c>ref null</c>/<c>ref</c>) with a heap type.
/// </summary>
internal readonly struct CoreValType : IEquatable<CoreValType>
{
    public CoreValType(byte code, long heap = 0)
    {
        Code = code;
        Heap = heap;
    }

    public byte Code { get; }

    /// <summary>For 0x63/0x64: the heap type as the s33 the binary format stores (abstract ones are negative).</summary>
    public long Heap { get; }

    public static readonly CoreValType I32 = new(0x7F);
    public static readonly CoreValType I64 = new(0x7E);
    public static readonly CoreValType F32 = new(0x7D);
    public static readonly CoreValType F64 = new(0x7C);
    public static readonly CoreValType V128 = new(0x7B);
    public static readonly CoreValType FuncRef = new(0x70);
    public static readonly CoreValType ExternRef = new(0x6F);

    public void Encode(WasmWriter w)
    {
        w.Byte(Code);
        if (Code == 0x63 || Code == 0x64) w.S64(Heap);
    }

    public bool Equals(CoreValType other) => Code == other.Code && Heap == other.Heap;
    public override bool Equals(object? obj) => obj is CoreValType other && Equals(other);
    public override int GetHashCode() => Code * 31 + Heap.GetHashCode();

    public override string ToString() => Code == 0x63 || Code == 0x64 ? $"{Code:x2}:{Heap}" : Code.ToString("x2");

    /// <summary>Abstract heap type keyword -> its type byte.</summary>
    public static readonly IReadOnlyDictionary<string, byte> AbstractHeapTypes = new Dictionary<string, byte>
    {
        ["func"] = 0x70, ["extern"] = 0x6F, ["any"] = 0x6E, ["eq"] = 0x6D, ["i31"] = 0x6C, ["struct"] = 0x6B,
        ["array"] = 0x6A, ["exn"] = 0x69, ["none"] = 0x71, ["nofunc"] = 0x73, ["noextern"] = 0x72, ["noexn"] = 0x74,
    };

    /// <summary>Value type keywords: numeric, vector and nullable reference shorthands.</summary>
    public static readonly IReadOnlyDictionary<string, byte> Keywords = new Dictionary<string, byte>
    {
        ["i32"] = 0x7F, ["i64"] = 0x7E, ["f32"] = 0x7D, ["f64"] = 0x7C, ["v128"] = 0x7B,
        ["funcref"] = 0x70, ["externref"] = 0x6F, ["anyref"] = 0x6E, ["eqref"] = 0x6D, ["i31ref"] = 0x6C,
        ["structref"] = 0x6B, ["arrayref"] = 0x6A, ["exnref"] = 0x69, ["nullref"] = 0x71,
        ["nullfuncref"] = 0x73, ["nullexternref"] = 0x72, ["nullexnref"] = 0x74,
    };
}

/// <summary>A function type; <see cref="Key"/> identifies equal signatures for implicit type insertion.</summary>
internal sealed class CoreFuncType
{
    public CoreFuncType(IReadOnlyList<CoreValType> parameters, IReadOnlyList<CoreValType> results)
    {
        Params = parameters;
        Results = results;
        var sb = new StringBuilder();
        foreach (var p in parameters) sb.Append(p).Append(',');
        sb.Append("->");
        foreach (var r in results) sb.Append(r).Append(',');
        Key = sb.ToString();
    }

    public IReadOnlyList<CoreValType> Params { get; }
    public IReadOnlyList<CoreValType> Results { get; }
    public string Key { get; }

    public void Encode(WasmWriter w)
    {
        w.Byte(0x60);
        w.U32((uint)Params.Count);
        foreach (var p in Params) p.Encode(w);
        w.U32((uint)Results.Count);
        foreach (var r in Results) r.Encode(w);
    }
}
