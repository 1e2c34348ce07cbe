using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>Primitive value types with their binary opcodes.</summary>
public enum PrimitiveValType : byte
{
    /// <summary><c>bool</c>.</summary>
    Bool = 0x7f,
    /// <summary><c>s8</c>.</summary>
    S8 = 0x7e,
    /// <summary><c>u8</c>.</summary>
    U8 = 0x7d,
    /// <summary><c>s16</c>.</summary>
    S16 = 0x7c,
    /// <summary><c>u16</c>.</summary>
    U16 = 0x7b,
    /// <summary><c>s32</c>.</summary>
    S32 = 0x7a,
    /// <summary><c>u32</c>.</summary>
    U32 = 0x79,
    /// <summary><c>s64</c>.</summary>
    S64 = 0x78,
    /// <summary><c>u64</c>.</summary>
    U64 = 0x77,
    /// <summary><c>f32</c>.</summary>
    F32 = 0x76,
    /// <summary><c>f64</c>.</summary>
    F64 = 0x75,
    /// <summary><c>char</c>.</summary>
    Char = 0x74,
    /// <summary><c>string</c>.</summary>
    String = 0x73,
    /// <summary><c>error-context</c>.</summary>
    ErrorContext = 0x64,
}

/// <summary>A component value type: a primitive or an index into the type index space.</summary>
/// <param name="IsPrimitive">Whether the type is a primitive.</param>
/// <param name="Primitive">The primitive, when <paramref name="IsPrimitive"/>.</param>
/// <param name="Index">The type index, when not a primitive.</param>
public readonly record struct ValType(bool IsPrimitive, PrimitiveValType Primitive, uint Index)
{
    /// <summary>A primitive.</summary>
    public static ValType Of(PrimitiveValType p) => new(true, p, 0);
    /// <summary>A type index.</summary>
    public static ValType Ref(uint index) => new(false, default, index);

    /// <inheritdoc/>
    public override string ToString() => IsPrimitive ? Primitive.ToString().ToLowerInvariant() : $"(type {Index})";

    /// <summary>Whether a byte is a primitive value type opcode.</summary>
    public static bool IsPrimitiveCode(byte b) => (b >= 0x73 && b <= 0x7f) || b == 0x64;
}

/// <summary>The sorts of definitions (index spaces): eight core and five component ones.</summary>
public enum Sort
{
    /// <summary>Core functions.</summary>
    CoreFunc,
    /// <summary>Core tables.</summary>
    CoreTable,
    /// <summary>Core memories.</summary>
    CoreMemory,
    /// <summary>Core globals.</summary>
    CoreGlobal,
    /// <summary>Core exception tags.</summary>
    CoreTag,
    /// <summary>Core types.</summary>
    CoreType,
    /// <summary>Core modules.</summary>
    CoreModule,
    /// <summary>Core instances.</summary>
    CoreInstance,
    /// <summary>Component functions.</summary>
    Func,
    /// <summary>Component values.</summary>
    Value,
    /// <summary>Component types.</summary>
    Type,
    /// <summary>Components.</summary>
    Component,
    /// <summary>Component instances.</summary>
    Instance,
}

/// <summary>Binary codes of <see cref="Sort"/>.</summary>
internal static class SortCodes
{
    /// <summary>Reads a sort (<c>0x00 coresort</c> or a component sort byte).</summary>
    public static Sort Read(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        return b switch
        {
            0x00 => ReadCore(r),
            0x01 => Sort.Func,
            0x02 => Sort.Value,
            0x03 => Sort.Type,
            0x04 => Sort.Component,
            0x05 => Sort.Instance,
            _ => throw r.Error($"invalid sort 0x{b:x2}", at),
        };
    }

    /// <summary>Reads a core sort byte.</summary>
    public static Sort ReadCore(WasmReader r)
    {
        int at = r.Position;
        byte c = r.ReadByte();
        return c switch
        {
            0x00 => Sort.CoreFunc, 0x01 => Sort.CoreTable, 0x02 => Sort.CoreMemory, 0x03 => Sort.CoreGlobal,
            0x04 => Sort.CoreTag, 0x10 => Sort.CoreType, 0x11 => Sort.CoreModule, 0x12 => Sort.CoreInstance,
            _ => throw r.Error($"invalid core sort 0x{c:x2}", at),
        };
    }

    /// <summary>Writes a sort.</summary>
    public static void Write(WasmWriter w, Sort sort)
    {
        if (IsCore(sort)) { w.Byte(0x00); WriteCore(w, sort); return; }
        w.Byte(sort switch { Sort.Func => 0x01, Sort.Value => 0x02, Sort.Type => 0x03, Sort.Component => 0x04, _ => 0x05 });
    }

    /// <summary>Writes a core sort byte.</summary>
    public static void WriteCore(WasmWriter w, Sort sort) => w.Byte(sort switch
    {
        Sort.CoreFunc => 0x00, Sort.CoreTable => 0x01, Sort.CoreMemory => 0x02, Sort.CoreGlobal => 0x03,
        Sort.CoreTag => 0x04, Sort.CoreType => 0x10, Sort.CoreModule => 0x11, _ => 0x12,
    });

    /// <summary>Whether a sort is a core sort.</summary>
    public static bool IsCore(Sort sort) => sort <= Sort.CoreInstance;

    /// <summary>Text-format name of a sort.</summary>
    public static string Name(Sort sort) => sort switch
    {
        Sort.CoreFunc => "core func", Sort.CoreTable => "core table", Sort.CoreMemory => "core memory",
        Sort.CoreGlobal => "core global", Sort.CoreTag => "core tag", Sort.CoreType => "core type",
        Sort.CoreModule => "core module", Sort.CoreInstance => "core instance",
        Sort.Func => "func", Sort.Value => "value", Sort.Type => "type", Sort.Component => "component", _ => "instance",
    };
}
