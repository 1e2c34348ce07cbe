using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Binary;

public sealed class ModuleReaderTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static byte[] Module(params byte[][] sections) => Header.Concat(sections.SelectMany(s => s)).ToArray();

    private static byte[] Section(byte id, params byte[] content)
    {
        var bytes = new List<byte> { id };
        bytes.AddRange(Leb(content.Length));
        bytes.AddRange(content);
        return bytes.ToArray();
    }

    private static byte[] Leb(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            bytes.Add(b);
        } while (v != 0);
        return bytes.ToArray();
    }

    private static WasmDecodeException Malformed(byte[] wasm) => Assert.Throws<WasmDecodeException>(() => ModuleReader.Read(wasm));

    // A module with one type [] -> [i32] and one function whose body is `code` (without locals) followed by end.
    private static byte[] FunctionModule(params byte[] code)
    {
        var body = new List<byte> { 0x00 };
        body.AddRange(code);
        body.Add(0x0B);
        var codeSection = new List<byte> { 0x01 };
        codeSection.AddRange(Leb(body.Count));
        codeSection.AddRange(body);
        return Module(
            Section(1, 0x01, 0x60, 0x00, 0x01, 0x7F),
            Section(3, 0x01, 0x00),
            Section(10, codeSection.ToArray()));
    }

    [Fact]
    public void EmptyModuleDecodes()
    {
        var module = ModuleReader.Read(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Codes);
    }

    [Theory]
    [InlineData(new byte[0], "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    public void HeaderErrors(byte[] wasm, string reason)
    {
        Assert.Equal(reason, Malformed(wasm).Reason);
    }

    [Fact]
    public void ComponentBinaryIsReportedAsUnsupported()
    {
        var e = Malformed([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]);
        Assert.True(e.IsUnsupportedFeature);
    }

    [Fact]
    public void I32ConstDecodesSignedLeb()
    {
        var module = ModuleReader.Read(FunctionModule(0x41, 0x7F)); // i32.const -1
        var ins = module.Codes[0].Instructions[0];
        Assert.Equal(OpCode.I32Const, ins.OpCode);
        Assert.Equal(-1, ins.B);
    }

    [Fact]
    public void I32ConstMaxFiveBytes()
    {
        // i32.const 0x7fffffff = ff ff ff ff 07
        var module = ModuleReader.Read(FunctionModule(0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07));
        Assert.Equal(int.MaxValue, module.Codes[0].Instructions[0].B);
        // i32.const -0x80000000 = 80 80 80 80 78
        module = ModuleReader.Read(FunctionModule(0x41, 0x80, 0x80, 0x80, 0x80, 0x78));
        Assert.Equal(int.MinValue, module.Codes[0].Instructions[0].B);
    }

    [Fact]
    public void OverlongSignedLebIsTooLong()
    {
        var e = Malformed(FunctionModule(0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        Assert.Equal("integer representation too long", e.Reason);
        Assert.Equal("code", e.Section);
    }

    [Theory]
    [InlineData((byte)0x70)] // unused bits set, sign bit clear
    [InlineData((byte)0x0F)] // sign bit set, unused bits clear
    public void SignedLebWithBadUnusedBitsIsTooLarge(byte last)
    {
        var e = Malformed(FunctionModule(0x41, 0xFF, 0xFF, 0xFF, 0xFF, last));
        Assert.Equal("integer too large", e.Reason);
    }

    [Fact]
    public void I64ConstTenBytes()
    {
        // i64.const -1 with the tenth byte 0x7f is valid; 0x01 is not.
        var ok = ModuleReader.Read(FunctionModule(0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x1A, 0x41, 0x00));
        Assert.Equal(-1L, ok.Codes[0].Instructions[0].B);
        var e = Malformed(FunctionModule(0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x1A, 0x41, 0x00));
        Assert.Equal("integer too large", e.Reason);
    }

    [Fact]
    public void UnsignedLebUnusedBitsAreTooLarge()
    {
        // Function section: count 1, type index 0 encoded with unused bits set in the fifth byte.
        var wasm = Module(Section(1, 0x01, 0x60, 0x00, 0x00), Section(3, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10));
        var e = Malformed(wasm);
        Assert.Equal("integer too large", e.Reason);
        Assert.Equal("function", e.Section);
        Assert.Equal(Header.Length + 6 + 2 + 1 + 4, e.Offset); // offset of the fifth LEB byte
    }

    [Fact]
    public void SectionSizeMismatchIsReported()
    {
        // Type section declares 5 bytes but its content is 4.
        var wasm = Header.Concat(new byte[] { 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00 }).ToArray();
        Assert.Equal("section size mismatch", Malformed(wasm).Reason);
    }

    [Fact]
    public void SectionLongerThanModuleIsLengthOutOfBounds()
    {
        var wasm = Header.Concat(new byte[] { 0x01, 0x09, 0x01, 0x60 }).ToArray();
        var e = Malformed(wasm);
        Assert.Equal("length out of bounds", e.Reason);
        Assert.Equal(Header.Length + 1, e.Offset);
    }

    [Fact]
    public void TruncatedSectionContentIsUnexpectedEnd()
    {
        var wasm = Header.Concat(new byte[] { 0x05, 0x01, 0x01 }).ToArray(); // memory section, 1 entry, missing
        Assert.Equal("unexpected end of section or function", Malformed(wasm).Reason);
    }

    [Fact]
    public void SectionsOutOfOrderAreRejected()
    {
        var wasm = Module(Section(3, 0x00), Section(1, 0x00));
        var e = Malformed(wasm);
        Assert.Equal("unexpected content after last section", e.Reason);
        Assert.Equal("type", e.Section);
    }

    [Fact]
    public void UnknownSectionId()
    {
        Assert.Equal("malformed section id", Malformed(Module(Section(14))).Reason);
    }

    [Fact]
    public void FunctionWithoutCodeIsInconsistent()
    {
        var wasm = Module(Section(1, 0x01, 0x60, 0x00, 0x00), Section(3, 0x01, 0x00));
        Assert.Equal("function and code section have inconsistent lengths", Malformed(wasm).Reason);
    }

    [Fact]
    public void DataCountMismatch()
    {
        var wasm = Module(Section(5, 0x01, 0x00, 0x01), Section(12, 0x02), Section(11, 0x01, 0x01, 0x00));
        Assert.Equal("data count and data section have inconsistent lengths", Malformed(wasm).Reason);
    }

    [Fact]
    public void MemoryInitRequiresDataCount()
    {
        var wasm = FunctionModule(0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x41, 0x00);
        Assert.Equal("data count section required", Malformed(wasm).Reason);
    }

    [Fact]
    public void MalformedUtf8Name()
    {
        var wasm = Module(Section(0, 0x02, 0xC0, 0x80));
        Assert.Equal("malformed UTF-8 encoding", Malformed(wasm).Reason);
    }

    [Fact]
    public void TooManyLocals()
    {
        var body = new byte[] { 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B };
        var code = new List<byte> { 0x01 };
        code.AddRange(Leb(body.Length));
        code.AddRange(body);
        var wasm = Module(Section(1, 0x01, 0x60, 0x00, 0x00), Section(3, 0x01, 0x00), Section(10, code.ToArray()));
        Assert.Equal("too many locals", Malformed(wasm).Reason);
    }

    [Fact]
    public void IllegalOpcodeNamesTheByte()
    {
        var e = Malformed(FunctionModule(0xFF));
        Assert.StartsWith("illegal opcode ff", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x06, 0x40 }, "exception handling")]
    [InlineData(new byte[] { 0xFE, 0x00 }, "threads")]
    public void UnsupportedProposalsAreNamed(byte[] code, string feature)
    {
        var e = Malformed(FunctionModule(code));
        Assert.True(e.IsUnsupportedFeature);
        Assert.Contains(feature, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TagSectionIsRead()
    {
        var types = Section(1, 0x01, 0x60, 0x00, 0x00);
        var module = ModuleReader.Read(Module(types, Section(13, 0x01, 0x00, 0x00)));
        Assert.Equal(new uint[] { 0 }, module.Tags);
        // A malformation after the tag section (an export name that is not UTF-8) is found.
        var badName = Module(types, Section(13, 0x01, 0x00, 0x00), Section(7, 0x01, 0x01, 0xC0, 0x04, 0x00));
        Assert.Equal("malformed UTF-8 encoding", Malformed(badName).Reason);
        Assert.Equal("malformed tag attribute", Malformed(Module(types, Section(13, 0x01, 0x01, 0x00))).Reason);
    }

    [Fact]
    public void GcTypesAndInstructionsAreReadAndTheirFirstUseRecorded()
    {
        // A struct with one mutable i32 field; then the same with mutability 2.
        var module = ModuleReader.Read(Module(Section(1, 0x01, 0x5F, 0x01, 0x7F, 0x01)));
        Assert.Equal(CompositeKind.Struct, module.TypeDef(0).Kind);
        Assert.Equal(new FieldType(ValueType.I32, true), Assert.Single(module.TypeDef(0).Fields));
        Assert.NotNull(module.GcUseOffset);
        Assert.Equal("malformed mutability", Malformed(Module(Section(1, 0x01, 0x5F, 0x01, 0x7F, 0x02))).Reason);
        // A global of type anyref initialised with ref.null any; then the same section claiming two globals.
        var global = ModuleReader.Read(Module(Section(6, 0x01, 0x6E, 0x00, 0xD0, 0x6E, 0x0B)));
        Assert.Equal("(ref null any)", global.Globals[0].Type.ValueType.Name());
        Assert.False(Malformed(Module(Section(6, 0x02, 0x6E, 0x00, 0xD0, 0x6E, 0x0B))).IsUnsupportedFeature);
        // A rec group of two sub types, the second declaring the first as its supertype.
        var rec = ModuleReader.Read(Module(Section(1, 0x01, 0x4E, 0x02, 0x50, 0x00, 0x5F, 0x00, 0x4F, 0x01, 0x00, 0x5F, 0x00)));
        Assert.Equal((0, 2, false), (rec.TypeDef(0).RecStart, rec.TypeDef(0).RecSize, rec.TypeDef(0).Final));
        Assert.Equal((0, true), (rec.TypeDef(1).Supertype, rec.TypeDef(1).Final));
        // ref.eq and an unknown 0xFB sub-opcode.
        Assert.NotNull(ModuleReader.Read(FunctionModule(0xD0, 0x6D, 0xD0, 0x6D, 0xD3)).GcUseOffset);
        Assert.StartsWith("illegal opcode fb 7f", Malformed(FunctionModule(0xFB, 0x7F)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionInstructionsAreRead()
    {
        // try_table with a catch_all clause to label 0, closed by its end.
        var body = ModuleReader.Read(FunctionModule(0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B)).Codes[0];
        Assert.Equal(OpCode.TryTable, body.Instructions[0].OpCode);
        Assert.Equal(new[] { new CatchClause(CatchKind.CatchAll, -1, 0) }, body.Catches[(int)body.Instructions[0].C]);
        Assert.Equal("malformed catch clause", Malformed(FunctionModule(0x1F, 0x40, 0x01, 0x04, 0x00, 0x0B)).Reason);
        // throw names a tag the module does not have.
        var unknown = Assert.Throws<WasmValidationException>(() => ModuleReader.Read(FunctionModule(0x08, 0x00)));
        Assert.Contains("unknown tag 0", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedMemoryIsUnsupported()
    {
        var e = Malformed(Module(Section(5, 0x01, 0x03, 0x01, 0x01)));
        Assert.True(e.IsUnsupportedFeature);
        Assert.Contains("threads", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedLimitsFlags()
    {
        Assert.Equal("malformed limits flags", Malformed(Module(Section(5, 0x01, 0x20, 0x01))).Reason);
    }

    [Fact]
    public void MalformedImportKind()
    {
        Assert.Equal("malformed import kind", Malformed(Module(Section(2, 0x01, 0x00, 0x00, 0x05, 0x00))).Reason);
    }

    [Fact]
    public void NameSectionFunctionNames()
    {
        // name section: subsection 1 (function names): 1 entry, index 0 -> "f"
        var names = new byte[] { 0x04, 0x6E, 0x61, 0x6D, 0x65, 0x01, 0x04, 0x01, 0x00, 0x01, 0x66 };
        var wasm = FunctionModule(0x41, 0x00).Concat(Section(0, names)).ToArray();
        var module = ModuleReader.Read(wasm);
        Assert.Equal("f", module.FunctionNames[0]);
        Assert.Single(module.CustomSections);
    }

    [Fact]
    public void BranchTableTargetsEndWithDefault()
    {
        // block (result i32) i32.const 1 i32.const 0 br_table 0 0 end
        var wasm = FunctionModule(0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x00, 0x0B);
        var body = ModuleReader.Read(wasm).Codes[0];
        var brTable = body.Instructions.Single(i => i.OpCode == OpCode.BrTable);
        Assert.Equal(new[] { 0, 0 }, body.BranchTables[brTable.A]);
        Assert.Equal(ValueType.I32, body.Instructions[0].BlockValueType);
    }

    [Fact]
    public void ValidatorReturnsFactsAndLeavesTheBodyAsRead()
    {
        // block (result i32) i32.const 1 end ; i32.const 2 ; i32.const 3 ; select
        var module = ModuleReader.Read(FunctionModule(0x02, 0x7F, 0x41, 0x01, 0x0B, 0x41, 0x02, 0x41, 0x03, 0x1B));
        var before = module.Codes[0].Instructions.ToArray();
        var validated = ModuleValidator.Validate(module);
        Assert.Same(module, validated.Definition);
        Assert.Equal(before, module.Codes[0].Instructions); // no in-place annotation
        var facts = Assert.Single(validated.Functions);
        Assert.Equal(3, facts.MaxStackHeight);
        Assert.Equal(2, facts.MaxControlDepth); // the function's block and the inner block
        Assert.Equal(ValueType.I32, facts.SelectType(5)); // the untyped select's operand type
        Assert.Throws<KeyNotFoundException>(() => facts.SelectType(4));
    }

    [Fact]
    public void ValidatorReportsTypeMismatch()
    {
        // [] -> [i32] with body i64.const 0
        var module = ModuleReader.Read(FunctionModule(0x42, 0x00));
        var e = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module));
        Assert.Equal("type mismatch", e.Reason);
    }

    [Fact]
    public void ValidatorReportsUnknownLocal()
    {
        var module = ModuleReader.Read(FunctionModule(0x20, 0x05));
        var e = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module));
        Assert.StartsWith("unknown local", e.Reason, StringComparison.Ordinal);
    }
}
