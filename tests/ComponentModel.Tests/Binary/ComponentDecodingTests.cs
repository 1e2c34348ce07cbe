using System.IO;
using WitBindgen.CoreWasm.Binary;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Tests;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Output;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>Decoding binaries written by another toolchain (Wasmtime's WAT assembler) and concrete components.</summary>
public sealed class ComponentDecodingTests
{
    private static byte[] Wat(string text) => Wasmtime.Module.ConvertText(text);

    [Fact]
    public void SimpleWasmTextUiCaseDecodesToTheReferenceJson()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return;
        var bytes = Wat(File.ReadAllText(Path.Combine(ui, "simple-wasm-text.wat")));
        var resolve = WitBinaryDecoder.DecodePackage(bytes);
        var expected = File.ReadAllText(Path.Combine(ui, "simple-wasm-text.wit.json")).Replace("\r\n", "\n").Trim();
        Assert.Equal(expected, WitJsonWriter.Write(resolve).Trim());
    }

    [Fact]
    public void BinaryDependencyOfKindsOfDepsDecodes()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return;
        var resolve = WitBinaryDecoder.DecodePackage(File.ReadAllBytes(Path.Combine(ui, "kinds-of-deps", "deps", "e.wasm")));
        var package = Assert.Single(resolve.Packages);
        Assert.Equal("e:e", package.Name.ToString());
        Assert.True(package.Interfaces.ContainsKey("e"));
        var d = WitBinaryDecoder.DecodePackage(Wat(File.ReadAllText(Path.Combine(ui, "kinds-of-deps", "deps", "d.wat"))));
        Assert.Equal("d:d", Assert.Single(d.Packages).Name.ToString());
    }

    private const string ConcreteComponent = """
        (component
          (import "test:pkg/things@1.0.0" (instance $things
            (export "thing" (type $thing (sub resource)))
            (type $own (own $thing))
            (export "make" (func (param "name" string) (result $own)))
            (type $point (record (field "x" s32) (field "y" s32)))
            (export "point" (type $p (eq $point)))
            (type $lp (list $p))
            (export "sum" (func (param "points" $lp) (result s64)))
          ))
          (alias export $things "point" (type $point))
          (import "log" (func $log (param "msg" string)))
          (type $color (enum "red" "green"))
          (import "color" (type $c (eq $color)))
          (core module $m
            (func (export "run"))
            (func (export "pick") (result i32) i32.const 0))
          (core instance $mi (instantiate $m))
          (func $run (canon lift (core func $mi "run")))
          (func $pick (result $c) (canon lift (core func $mi "pick")))
          (export "run" (func $run))
          (export "pick" (func $pick))
        )
        """;

    [Fact]
    public void ConcreteComponentWorldIsExtracted()
    {
        var decoded = WitBinaryDecoder.Decode(Wat(ConcreteComponent));
        Assert.True(decoded.IsComponent);
        var resolve = decoded.Resolve;
        var world = resolve.Worlds[decoded.World!.Value];
        Assert.Equal("root", world.Name);
        var text = WitPrinter.Print(resolve, decoded.Packages[0]);
        Assert.Contains("import test:pkg/things@1.0.0;", text);
        Assert.Contains("import log: func(msg: string);", text);
        Assert.Contains("export run: func();", text);
        Assert.Contains("export pick: func() -> color;", text);
        Assert.Contains("enum color", text);
        var things = resolve.Interfaces.Single(i => i.Name == "things");
        Assert.Equal(new[] { "thing", "point" }, things.Types.Keys.ToArray());
        Assert.Equal(new[] { "make", "sum" }, things.Functions.Keys.ToArray());
        Assert.IsType<ResourceKind>(resolve.Types[things.Types["thing"]].Kind);
        var make = things.Functions["make"];
        var own = Assert.IsType<HandleKind>(resolve.Types[make.Result!.Value.TypeId].Kind);
        Assert.Equal(things.Types["thing"], own.Resource);
    }

    [Fact]
    public void ConcreteComponentStructureIsReadWithIndexSpaces()
    {
        var bytes = Wat(ConcreteComponent);
        var binary = ComponentReader.Read(bytes);
        Assert.Single(binary.Sections.OfType<CoreModuleSection>());
        Assert.Equal(1, binary.IndexSpaces.Count(Sort.CoreModule));
        Assert.Equal(1, binary.IndexSpaces.Count(Sort.CoreInstance));
        Assert.Equal(2, binary.IndexSpaces.Count(Sort.CoreFunc));
        // log import, two lifts, two exports
        Assert.Equal(5, binary.IndexSpaces.Count(Sort.Func));
        Assert.Equal(1, binary.IndexSpaces.Count(Sort.Instance));
        Assert.Equal(IndexOrigin.Canon, binary.IndexSpaces[Sort.Func][1].Origin);
        var lifts = binary.Sections.OfType<CanonSection>().SelectMany(s => s.Functions).Where(f => f.Op == CanonOp.Lift).ToList();
        Assert.Equal(2, lifts.Count);
        // Writing the structure back and reading it again gives the same binary.
        var once = ComponentWriter.Write(binary);
        var twice = ComponentWriter.Write(ComponentReader.Read(once));
        Assert.Equal(once, twice);
        // and another implementation accepts what we wrote
        using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithComponentModel(true));
        Assert.True(WasmtimeAcceptanceTests.TryLoad(engine, once, out var error), error);
    }

    [Fact]
    public void NestedComponentsAndOuterAliasesAreRead()
    {
        var bytes = Wat("""
            (component
              (type $t0 (record (field "a" u8)))
              (import "t" (type $t (eq $t0)))
              (component $inner
                (alias outer 1 $t (type $t2))
                (import "t" (type $t3 (eq $t2)))
                (import "x" (func (param "v" $t3)))
                (export "x2" (func 0))
              )
              (import "f" (func $f (param "v" $t)))
              (instance $i (instantiate $inner (with "t" (type $t)) (with "x" (func $f))))
              (alias export $i "x2" (func $g))
              (export "g" (func $g))
            )
            """);
        var binary = ComponentReader.Read(bytes);
        var nested = Assert.Single(binary.Sections.OfType<NestedComponentSection>());
        Assert.Single(nested.Component.Sections.OfType<AliasSection>());
        var decoded = WitBinaryDecoder.Decode(bytes);
        var text = WitPrinter.Print(decoded.Resolve, decoded.Packages[0]);
        Assert.Contains("export g: func(v: t);", text);
    }

    // The shape wit-component gives exported interfaces: a shim component instantiated with the real resource
    // and lifted functions, whose exports carry type ascriptions.
    [Fact]
    public void ExportedInterfaceThroughAShimComponentKeepsResourceIdentity()
    {
        var bytes = Wat("""
            (component
              (type $r-def (resource (rep i32)))
              (core module $m (func (export "f") (param i32) (result i32) local.get 0))
              (core instance $i (instantiate $m))
              (type $own (own $r-def))
              (type $ft (func (param "x" u32) (result $own)))
              (func $f (type $ft) (canon lift (core func $i "f")))
              (component $shim
                (import "import-type-r" (type $r (sub resource)))
                (type $o (own $r))
                (import "import-func-f" (func $g (param "x" u32) (result $o)))
                (export $r2 "r" (type $r))
                (type $o2 (own $r2))
                (export "[static]r.make" (func $g) (func (param "x" u32) (result $o2)))
              )
              (instance $x (instantiate $shim (with "import-type-r" (type $r-def)) (with "import-func-f" (func $f))))
              (export "ns:pkg/iface@0.1.0" (instance $x))
            )
            """);
        var decoded = WitBinaryDecoder.Decode(bytes);
        var resolve = decoded.Resolve;
        var iface = resolve.Interfaces.Single(i => i.Name == "iface");
        var r = iface.Types["r"];
        Assert.IsType<ResourceKind>(resolve.Types[r].Kind);
        var make = iface.Functions["[static]r.make"];
        Assert.Equal(FunctionKind.Static, make.Kind);
        Assert.Equal(r, make.Resource);
        var handle = Assert.IsType<HandleKind>(resolve.Types[make.Result!.Value.TypeId].Kind);
        Assert.Equal(r, handle.Resource);
        var text = WitPrinter.Print(resolve, decoded.Packages[0]);
        Assert.Contains("export ns:pkg/iface@0.1.0;", text);
    }

    [Fact]
    public void InvalidIndicesAreReportedWithSectionAndOffset()
    {
        // export of func 3 in a component with no functions
        var bytes = new WasmWriter().Bytes(ComponentReader.Preamble)
            .Section(11, s => s.U32(1).Byte(0).Name("f").Byte(0x01).U32(3).Byte(0)).ToArray();
        var e = Assert.Throws<ComponentFormatException>(() => ComponentReader.Read(bytes));
        Assert.Equal("export", e.Section);
        Assert.Contains("func index 3 is out of bounds", e.Message);
        Assert.Equal(15, e.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, "core WebAssembly module")]
    [InlineData(new byte[] { 1, 2, 3 }, "too short")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 7, 5, 1 }, "exceeds")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 7, 2, 1, 0x55 }, "invalid type definition opcode 0x55")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 13, 0 }, "unknown section id 13")]
    public void MalformedBinariesThrowFormatErrors(byte[] bytes, string message)
    {
        var e = Assert.Throws<ComponentFormatException>(() => ComponentReader.Read(bytes));
        Assert.Contains(message, e.Message);
    }
}
