using System;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// Our reader/writer against Wasmtime's assembler (wasm-encoder): text assembled by <c>Module.ConvertText</c> is
/// read (validated) and written back byte for byte, and what we write loads in Wasmtime. Covers the encodings where
/// Binary.md, older tools and wasm-encoder differ: the import/export name form byte, GC core types (sub types, rec
/// groups, struct/array, reference types) and value imports/exports.
/// </summary>
public sealed class EncodingFidelityTests
{
    private static readonly Lazy<Wasmtime.Engine> Engine = new(() => new Wasmtime.Engine(WasmtimeFeatures.AllComponentModelFeatures()));

    private static byte[] RoundTrip(byte[] bytes) => ComponentWriter.Write(ComponentReader.Read(bytes, validate: true));

    private static void AssertRoundTripsAndLoads(string text)
    {
        var reference = Wasmtime.Module.ConvertText(text);
        var ours = RoundTrip(reference);
        Assert.Equal(Hex(reference), Hex(ours));
        Assert.True(WasmtimeAcceptanceTests.TryLoad(Engine.Value, ours, out var error), error);
    }

    private static string Hex(byte[] bytes) => BitConverter.ToString(bytes);

    private static byte[] Component(params byte[] body) => ComponentReader.Preamble.Concat(body).ToArray();

    // ------------------------------------------------------------------ 1. import/export name form

    [Theory]
    [InlineData("(component (import \"a:b/c\" (func)) (import \"x\" (func)))")]
    [InlineData("(component (import \"a:b/c@1.0.0\" (instance)) (import \"unlocked-dep=<a:b/c@{>=1.0.0}>\" (instance)))")]
    [InlineData("(component (import \"a:b/c\" (instance (export \"d:e/f\" (type (sub resource))))) (import \"x\" (func)))")]
    [InlineData("(component (type (component (import \"a:b/c\" (func)) (export \"d:e/f\" (func)))))")]
    public void InterfaceNamesUseNameForm0x00LikeWasmEncoder(string text) => AssertRoundTripsAndLoads(text);

    [Fact]
    public void LegacyNameForm0x01IsStillReadAndWrittenAs0x00()
    {
        // Older wasm-tools marked interface names with 0x01; wasmparser still accepts it, as do we.
        var reference = Wasmtime.Module.ConvertText("(component (import \"a:b/c\" (func (param \"x\" u32))))");
        var legacy = (byte[])reference.Clone();
        int at = IndexOf(legacy, new byte[] { 0x00, 0x05, (byte)'a', (byte)':' });
        Assert.True(at > 0, Hex(reference));
        legacy[at] = 0x01;
        var read = ComponentReader.Read(legacy);
        var import = Assert.IsType<ImportSection>(read.Sections.Single(s => s is ImportSection)).Imports.Single();
        Assert.Equal("a:b/c", import.Name.Name);
        Assert.Equal(Hex(reference), Hex(ComponentWriter.Write(read)));
    }

    // ------------------------------------------------------------------ 2. core types

    [Theory]
    [InlineData("(component (core type (sub final (func))))")]
    [InlineData("(component (core type (sub (func))))")]
    [InlineData("(component (core type $a (sub (func))) (core type (sub final $a (func))))")]
    [InlineData("(component (core rec (type (sub (func))) (type (sub (func)))))")]
    [InlineData("(component (core rec) (core type (func)))")]
    [InlineData("(component (core type (struct)) (core type (array i8)) (core type (array (mut i16))))")]
    [InlineData("(component (core type $s (sub (struct))) (core type (sub $s (struct (field (mut i8)) (field (ref null 0)) (field i16)))))")]
    [InlineData("(component (core type (func (param anyref eqref i31ref structref arrayref nullref nullfuncref nullexternref exnref nullexnref))))")]
    [InlineData("(component (core type $f (func (param (ref null func) (ref extern) (ref $f)) (result (ref null any)))))")]
    [InlineData("(component (core type (module (type (sub (func))) (type (sub final 0 (func))) (rec (type (struct)) (type (array (mut (ref any))))))))")]
    [InlineData("(component (core type (module (type (func (param (ref 0)))) (import \"a\" \"b\" (func (type 0))) (export \"t\" (table 1 funcref)) (export \"g\" (global (mut anyref))))))")]
    public void GcCoreTypesRoundTripAndLoad(string text) => AssertRoundTripsAndLoads(text);

    [Fact]
    public void RecGroupMembersEachTakeACoreTypeIndex()
    {
        // The module type refers to the second member of the rec group (core type index 1).
        var text = "(component (core rec (type $a (struct)) (type $b (func))) (core type (module (alias outer 1 $b (type)) (import \"m\" \"f\" (func (type 0))))))";
        AssertRoundTripsAndLoads(text);
        var read = ComponentReader.Read(Wasmtime.Module.ConvertText(text));
        var group = Assert.IsType<CoreRecGroup>(read.Sections.OfType<CoreTypeSection>().First().Types[0]);
        Assert.Equal(2, group.Types.Count);
    }

    [Theory]
    // wasmparser: only a non-final sub type takes the 0x00 prefix.
    [InlineData(new byte[] { 0x03, 0x05, 0x01, 0x00, 0x60, 0x00, 0x00 }, "invalid leading byte (0x60) for non-final sub type")]
    // Our old writer's `0x00 0x4f` for `sub final`: not an encoding the reference reads.
    [InlineData(new byte[] { 0x03, 0x07, 0x01, 0x00, 0x4f, 0x00, 0x60, 0x00, 0x00 }, "invalid leading byte (0x4f) for non-final sub type")]
    [InlineData(new byte[] { 0x03, 0x05, 0x01, 0x5d, 0x00, 0x00, 0x00 }, "invalid leading byte (0x5d) for type definition")]
    public void MisprefixedCoreTypesAreRejectedLikeWasmparser(byte[] body, string message)
    {
        var bytes = Component(body);
        var e = Assert.Throws<ComponentFormatException>(() => ComponentReader.Read(bytes));
        Assert.Contains(message, e.Message);
        Assert.False(WasmtimeAcceptanceTests.TryLoad(Engine.Value, bytes, out _));
    }

    [Fact]
    public void NonFinalSubTypeWrittenByTheModelIsPrefixedOnlyAtTheTopLevel()
    {
        var sub = new CoreSubType(false, Array.Empty<uint>(), new CoreFuncType(Array.Empty<ValueType>(), Array.Empty<ValueType>()));
        var module = new CoreModuleType(new CoreModuleDeclaration[] { new CoreTypeDeclarator(sub) });
        var bytes = ComponentWriter.Write(new ComponentSection[] { new CoreTypeSection(0, new CoreType[] { sub, module }) });
        Assert.Equal(Hex(Wasmtime.Module.ConvertText("(component (core type (sub (func))) (core type (module (type (sub (func))))))")), Hex(bytes));
        Assert.True(WasmtimeAcceptanceTests.TryLoad(Engine.Value, bytes, out var error), error);
    }

    // ------------------------------------------------------------------ 3. values

    [Theory]
    [InlineData("(component (import \"v\" (value string)) (export \"w\" (value 0)))")]
    [InlineData("(component (type $l (list u8)) (import \"v\" (value (type $l))) (export \"w\" (value 0)))")]
    [InlineData("(component (type (instance (export \"v\" (value u32)) (export \"f\" (func)))))")]
    public void ValueImportsAndExportsUseAPlainValType(string text)
    {
        var reference = Wasmtime.Module.ConvertText(text);
        Assert.Equal(Hex(reference), Hex(RoundTrip(reference)));
        // Wasmtime parses our bytes up to its `values` feature gate (which its C API cannot switch on): the value
        // descriptor itself is not what it rejects.
        if (!WasmtimeAcceptanceTests.TryLoad(Engine.Value, RoundTrip(reference), out var error))
            Assert.Contains("component model `value`s is not enabled", error);
    }

    [Fact]
    public void ValueBoundForm0x01WithAPrimitiveIsStillRead()
    {
        // Binary.md's `valuebound` `0x01 <valtype>`, which our writer used to produce; a primitive after 0x01
        // cannot start the next item, so it is unambiguous.
        var legacy = Component(0x0a, 0x07, 0x01, 0x00, 0x01, (byte)'v', 0x02, 0x01, 0x73,
            0x0b, 0x07, 0x01, 0x00, 0x01, (byte)'w', 0x02, 0x00, 0x00);
        var read = ComponentReader.Read(legacy);
        var import = read.Sections.OfType<ImportSection>().Single().Imports.Single();
        Assert.Equal(ExternKind.Value, import.Desc.Kind);
        Assert.Equal(ValType.Of(PrimitiveValType.String), import.Desc.Value);
        Assert.Equal(Hex(Wasmtime.Module.ConvertText("(component (import \"v\" (value string)) (export \"w\" (value 0)))")),
            Hex(ComponentWriter.Write(read)));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
