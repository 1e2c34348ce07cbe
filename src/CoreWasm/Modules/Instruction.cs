using System.Runtime.InteropServices;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>
/// One decoded instruction. Immediates by opcode:
/// <list type="bullet">
/// <item><c>block/loop/if/try_table</c>: <see cref="A"/> = block type (type index, <see cref="BlockTypeEmpty"/>, or <see cref="EncodeBlockType"/> of a single result: a typed reference has the sign bit over its value);
/// try_table: <see cref="C"/> = index into <see cref="FunctionBody.Catches"/>.</item>
/// <item><c>br/br_if</c>: <see cref="A"/> = label depth. <c>br_table</c>: <see cref="A"/> = index into <see cref="FunctionBody.BranchTables"/>.</item>
/// <item><c>call</c>: A = function index. <c>call_indirect</c>: A = type index, B = table index.</item>
/// <item><c>local.*/global.*</c>: A = index. <c>table.get/set/grow/size/fill</c>: A = table index.</item>
/// <item>loads/stores: A = alignment exponent (bits 8+ hold the memory index), B = offset
/// (the u64's bits: a 64-bit memory's offset may exceed 32 bits), C = lane for SIMD lane loads/stores.</item>
/// <item><c>memory.size/grow/fill</c>: A = memory index. <c>memory.copy</c>: A = destination, B = source memory.</item>
/// <item><c>memory.init</c>: A = data index, B = memory. <c>data.drop</c>: A = data index.</item>
/// <item><c>table.init</c>: A = element index, B = table. <c>elem.drop</c>: A = element index. <c>table.copy</c>: A = destination, B = source table.</item>
/// <item><c>i32.const/i64.const</c>: B = value (sign-extended). <c>f32.const/f64.const</c>: B = raw bits.</item>
/// <item><c>v128.const</c> and <c>i8x16.shuffle</c>: B = low 8 bytes, C = high 8 bytes (little endian).</item>
/// <item>SIMD extract/replace lane: A = lane.</item>
/// <item><c>ref.null</c>: A = (int)<see cref="ValueType"/>. <c>ref.func</c>: A = function index.</item>
/// <item><c>select</c> with a type: A = the operand <see cref="ValueType"/>, B = the count of types. The untyped form's
/// operand type is the validator's finding (<c>FunctionFacts.SelectType</c>).</item>
/// </list>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Instruction
{
    /// <summary>Block type code for an empty block type (binary 0x40 read as a signed 33-bit value).</summary>
    public const int BlockTypeEmpty = -64;

    /// <summary>The opcode.</summary>
    public OpCode OpCode;

    /// <summary>First immediate (see type docs).</summary>
    public int A;

    /// <summary>Byte offset of the opcode in the module binary (for diagnostics).</summary>
    public int Offset;

    /// <summary>Second immediate.</summary>
    public long B;

    /// <summary>Third immediate.</summary>
    public long C;

    /// <summary>Creates an instruction.</summary>
    public Instruction(OpCode opCode, int a = 0, long b = 0, long c = 0, int offset = 0)
    {
        OpCode = opCode;
        A = a;
        B = b;
        C = c;
        Offset = offset;
    }

    /// <summary>For block/loop/if: the block type as a value type when it has exactly one result and no params, else null.</summary>
    public readonly ValueType? BlockValueType => A < -0x80 ? (ValueType)(A & int.MaxValue) : A < 0 && A != BlockTypeEmpty ? (ValueType)(byte)(A & 0x7F) : null;

    /// <summary>For block/loop/if: the type index when the block type refers to the type section, else -1.</summary>
    public readonly int BlockTypeIndex => A >= 0 ? A : -1;

    /// <summary>Encodes a single-result block type as stored in <see cref="A"/>.</summary>
    public static int EncodeBlockType(ValueType type) => (int)type < 0x80 ? (int)type - 0x80 : int.MinValue | (int)type;

    /// <inheritdoc/>
    public override readonly string ToString() => $"{OpCode} {A} {B} {C} @{Offset}";
}
