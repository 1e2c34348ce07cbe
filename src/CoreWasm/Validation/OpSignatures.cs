using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>Operand and result types of the instructions whose typing does not depend on the context.</summary>
internal static class OpSignatures
{
    /// <summary>A fixed signature: operands popped (in push order) and an optional result.</summary>
    internal readonly record struct Signature(VT[] Operands, VT? Result);

    // Indexed by opcode value: one array load per instruction in the validator's hot loop.
    private static readonly Signature?[] Table = ToArray(Build());

    public static bool TryGet(OpCode op, out Signature signature)
    {
        if (Table[(ushort)op] is { } found)
        {
            signature = found;
            return true;
        }
        signature = default;
        return false;
    }

    private static Signature?[] ToArray(Dictionary<OpCode, Signature> table)
    {
        var array = new Signature?[ushort.MaxValue + 1];
        foreach (var entry in table) array[(ushort)entry.Key] = entry.Value;
        return array;
    }

    private static Dictionary<OpCode, Signature> Build()
    {
        var t = new Dictionary<OpCode, Signature>();
        void Range(int from, int to, VT[] operands, VT? result)
        {
            for (var op = from; op <= to; op++) t[(OpCode)op] = new Signature(operands, result);
        }
        void One(int op, VT[] operands, VT? result) => t[(OpCode)op] = new Signature(operands, result);

        VT[] i32 = [VT.I32], i64 = [VT.I64], f32 = [VT.F32], f64 = [VT.F64], v = [VT.V128];
        VT[] i32x2 = [VT.I32, VT.I32], i64x2 = [VT.I64, VT.I64], f32x2 = [VT.F32, VT.F32], f64x2 = [VT.F64, VT.F64];
        VT[] vv = [VT.V128, VT.V128], vvv = [VT.V128, VT.V128, VT.V128], vi32 = [VT.V128, VT.I32];

        One(0x45, i32, VT.I32);
        Range(0x46, 0x4F, i32x2, VT.I32);
        One(0x50, i64, VT.I32);
        Range(0x51, 0x5A, i64x2, VT.I32);
        Range(0x5B, 0x60, f32x2, VT.I32);
        Range(0x61, 0x66, f64x2, VT.I32);
        Range(0x67, 0x69, i32, VT.I32);
        Range(0x6A, 0x78, i32x2, VT.I32);
        Range(0x79, 0x7B, i64, VT.I64);
        Range(0x7C, 0x8A, i64x2, VT.I64);
        Range(0x8B, 0x91, f32, VT.F32);
        Range(0x92, 0x98, f32x2, VT.F32);
        Range(0x99, 0x9F, f64, VT.F64);
        Range(0xA0, 0xA6, f64x2, VT.F64);
        One(0xA7, i64, VT.I32);
        Range(0xA8, 0xA9, f32, VT.I32);
        Range(0xAA, 0xAB, f64, VT.I32);
        Range(0xAC, 0xAD, i32, VT.I64);
        Range(0xAE, 0xAF, f32, VT.I64);
        Range(0xB0, 0xB1, f64, VT.I64);
        Range(0xB2, 0xB3, i32, VT.F32);
        Range(0xB4, 0xB5, i64, VT.F32);
        One(0xB6, f64, VT.F32);
        Range(0xB7, 0xB8, i32, VT.F64);
        Range(0xB9, 0xBA, i64, VT.F64);
        One(0xBB, f32, VT.F64);
        One(0xBC, f32, VT.I32);
        One(0xBD, f64, VT.I64);
        One(0xBE, i32, VT.F32);
        One(0xBF, i64, VT.F64);
        Range(0xC0, 0xC1, i32, VT.I32);
        Range(0xC2, 0xC4, i64, VT.I64);
        Range(0xFC00, 0xFC01, f32, VT.I32);
        Range(0xFC02, 0xFC03, f64, VT.I32);
        Range(0xFC04, 0xFC05, f32, VT.I64);
        Range(0xFC06, 0xFC07, f64, VT.I64);

        // SIMD (0xFD prefix).
        const int S = 0xFD00;
        One(S + 12, [], VT.V128);
        One(S + 13, vv, VT.V128);
        One(S + 14, vv, VT.V128);
        One(S + 15, i32, VT.V128);
        One(S + 16, i32, VT.V128);
        One(S + 17, i32, VT.V128);
        One(S + 18, i64, VT.V128);
        One(S + 19, f32, VT.V128);
        One(S + 20, f64, VT.V128);
        One(S + 21, v, VT.I32);
        One(S + 22, v, VT.I32);
        One(S + 23, vi32, VT.V128);
        One(S + 24, v, VT.I32);
        One(S + 25, v, VT.I32);
        One(S + 26, vi32, VT.V128);
        One(S + 27, v, VT.I32);
        One(S + 28, vi32, VT.V128);
        One(S + 29, v, VT.I64);
        One(S + 30, [VT.V128, VT.I64], VT.V128);
        One(S + 31, v, VT.F32);
        One(S + 32, [VT.V128, VT.F32], VT.V128);
        One(S + 33, v, VT.F64);
        One(S + 34, [VT.V128, VT.F64], VT.V128);
        Range(S + 35, S + 76, vv, VT.V128);
        One(S + 77, v, VT.V128);
        Range(S + 78, S + 81, vv, VT.V128);
        One(S + 82, vvv, VT.V128);
        One(S + 83, v, VT.I32);
        foreach (var op in new[] { 99, 100, 131, 132, 163, 164, 195, 196 }) One(S + op, v, VT.I32);
        foreach (var op in new[] { 107, 108, 109, 139, 140, 141, 171, 172, 173, 203, 204, 205 }) One(S + op, vi32, VT.V128);
        int[] unary = [94, 95, 96, 97, 98, 103, 104, 105, 106, 116, 117, 122, 124, 125, 126, 127, 128, 129, 135, 136, 137, 138, 148,
            160, 161, 167, 168, 169, 170, 192, 193, 199, 200, 201, 202, 224, 225, 227, 236, 237, 239, 248, 249, 250, 251, 252, 253, 254, 255];
        int[] binary = [101, 102, 110, 111, 112, 113, 114, 115, 118, 119, 120, 121, 123, 130, 133, 134, 142, 143, 144, 145, 146, 147,
            149, 150, 151, 152, 153, 155, 156, 157, 158, 159, 174, 177, 181, 182, 183, 184, 185, 186, 188, 189, 190, 191,
            206, 209, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 228, 229, 230, 231, 232, 233, 234, 235,
            240, 241, 242, 243, 244, 245, 246, 247];
        foreach (var op in unary) One(S + op, v, VT.V128);
        foreach (var op in binary) One(S + op, vv, VT.V128);
        // Relaxed SIMD (0xFD 0x100-0x113).
        One(S + 0x100, vv, VT.V128);
        One(S + 0x101, v, VT.V128);
        One(S + 0x102, v, VT.V128);
        One(S + 0x103, v, VT.V128);
        One(S + 0x104, v, VT.V128);
        One(S + 0x105, vvv, VT.V128);
        One(S + 0x106, vvv, VT.V128);
        One(S + 0x107, vvv, VT.V128);
        One(S + 0x108, vvv, VT.V128);
        One(S + 0x109, vvv, VT.V128);
        One(S + 0x10A, vvv, VT.V128);
        One(S + 0x10B, vvv, VT.V128);
        One(S + 0x10C, vvv, VT.V128);
        One(S + 0x10D, vv, VT.V128);
        One(S + 0x10E, vv, VT.V128);
        One(S + 0x10F, vv, VT.V128);
        One(S + 0x110, vv, VT.V128);
        One(S + 0x111, vv, VT.V128);
        One(S + 0x112, vv, VT.V128);
        One(S + 0x113, vvv, VT.V128);
        return t;
    }

    /// <summary>Natural alignment exponent of a load/store (log2 of the access width), or -1 if not a memory access.</summary>
    public static int NaturalAlignment(OpCode op) => (int)op switch
    {
        0x28 or 0x2A or 0x34 or 0x35 or 0x36 or 0x38 or 0x3E => 2,
        0x29 or 0x2B or 0x37 or 0x39 => 3,
        0x2C or 0x2D or 0x30 or 0x31 or 0x3A or 0x3C => 0,
        0x2E or 0x2F or 0x32 or 0x33 or 0x3B or 0x3D => 1,
        0xFD00 or 0xFD0B => 4,
        >= 0xFD01 and <= 0xFD06 => 3,
        0xFD07 or 0xFD54 or 0xFD58 => 0,
        0xFD08 or 0xFD55 or 0xFD59 => 1,
        0xFD09 or 0xFD56 or 0xFD5A or 0xFD5C => 2,
        0xFD0A or 0xFD57 or 0xFD5B or 0xFD5D => 3,
        _ => -1,
    };

    /// <summary>Value type loaded or stored by a memory access, and whether it stores.</summary>
    public static (VT Type, bool IsStore) MemoryAccess(OpCode op) => (int)op switch
    {
        0x28 or 0x2C or 0x2D or 0x2E or 0x2F => (VT.I32, false),
        0x29 or (>= 0x30 and <= 0x35) => (VT.I64, false),
        0x2A => (VT.F32, false),
        0x2B => (VT.F64, false),
        0x36 or 0x3A or 0x3B => (VT.I32, true),
        0x37 or 0x3C or 0x3D or 0x3E => (VT.I64, true),
        0x38 => (VT.F32, true),
        0x39 => (VT.F64, true),
        0xFD0B => (VT.V128, true),
        _ => (VT.V128, false),
    };

    /// <summary>The number of lanes addressed by a SIMD lane instruction (0 when none).</summary>
    public static int LaneCount(OpCode op) => (int)op switch
    {
        0xFD15 or 0xFD16 or 0xFD17 or 0xFD54 or 0xFD58 => 16,
        0xFD18 or 0xFD19 or 0xFD1A or 0xFD55 or 0xFD59 => 8,
        0xFD1B or 0xFD1C or 0xFD1F or 0xFD20 or 0xFD56 or 0xFD5A => 4,
        0xFD1D or 0xFD1E or 0xFD21 or 0xFD22 or 0xFD57 or 0xFD5B => 2,
        _ => 0,
    };
}
