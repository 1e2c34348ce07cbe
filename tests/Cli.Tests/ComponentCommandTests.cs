using System.IO;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.Cli.Tests;

public class ComponentCommandTests
{
    // (module (memory (export "memory") 1) (func (export "version") (result i32) i32.const 7))
    private static readonly byte[] Module =
    {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
        0x03, 0x02, 0x01, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x14, 0x02,
        0x06, (byte)'m', (byte)'e', (byte)'m', (byte)'o', (byte)'r', (byte)'y', 0x02, 0x00,
        0x07, (byte)'v', (byte)'e', (byte)'r', (byte)'s', (byte)'i', (byte)'o', (byte)'n', 0x00, 0x00,
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b,
    };

    private const string Wit = "package test:cli@1.0.0;\n\nworld versioned {\n  export version: func() -> u32;\n}\n\nworld other {\n  import version: func() -> u32;\n}\n";

    private static (string Dir, string Module, string Wit) Files()
    {
        var dir = CliRunner.TempTree(("w.wit", Wit));
        var module = Path.Combine(dir, "core.wasm");
        File.WriteAllBytes(module, Module);
        return (dir, module, Path.Combine(dir, "w.wit"));
    }

    [Fact]
    public void EmbedAppendsTheWorldAndLeavesTheInputAlone()
    {
        var (dir, module, wit) = Files();
        var output = Path.Combine(dir, "embedded.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "versioned", module, "-o", output);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(Module, File.ReadAllBytes(module));
        var worlds = ComponentTypeSection.Extract(File.ReadAllBytes(output), out var stripped);
        Assert.Equal(Module, stripped);
        var world = Assert.Single(worlds);
        Assert.Equal("versioned", world.Resolve.Worlds[world.World].Name);
        Assert.Equal("component-type:versioned", world.SectionName);
    }

    [Theory]
    [InlineData("utf8", StringEncoding.Utf8)]
    [InlineData("utf16", StringEncoding.Utf16)]
    [InlineData("compact-utf16", StringEncoding.CompactUtf16)]
    public void EmbedRecordsTheStringEncoding(string option, StringEncoding expected)
    {
        var (dir, module, wit) = Files();
        var output = Path.Combine(dir, "embedded.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "versioned", "--encoding", option, module, "-o", output);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(expected, Assert.Single(ComponentTypeSection.Extract(File.ReadAllBytes(output), out _)).Encoding);
    }

    [Fact]
    public void EmbedFindsAWorldByQualifiedName()
    {
        var (dir, module, wit) = Files();
        var output = Path.Combine(dir, "embedded.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "test:cli/other", module, "-o", output);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var world = Assert.Single(ComponentTypeSection.Extract(File.ReadAllBytes(output), out _));
        Assert.Equal("other", world.Resolve.Worlds[world.World].Name);
    }

    [Fact]
    public void EmbedRefusesToOverwriteItsInput()
    {
        var (_, module, wit) = Files();
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "versioned", module, "-o", module);
        Assert.Equal(1, exit);
        Assert.Contains("refusing to overwrite the input", stderr);
        Assert.Equal(Module, File.ReadAllBytes(module));
    }

    [Fact]
    public void EmbedReportsAnUnknownOrAmbiguousWorld()
    {
        var (dir, module, wit) = Files();
        var output = Path.Combine(dir, "x.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "nope", module, "-o", output);
        Assert.Equal(1, exit);
        // Resolve.SelectWorld's wording: the worlds that exist are listed.
        Assert.Contains("world `nope` not found in package `test:cli@1.0.0`; worlds: versioned, other", stderr);
        (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, module, "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains("multiple worlds found in package `test:cli@1.0.0`: one must be explicitly chosen; worlds: versioned, other", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void EmbedRejectsAComponentOrGarbageAsInput()
    {
        var (dir, _, wit) = Files();
        var garbage = Path.Combine(dir, "garbage.wasm");
        File.WriteAllBytes(garbage, new byte[] { 1, 2, 3 });
        var (exit, _, stderr) = CliRunner.Run("component", "embed", "--wit", wit, "--world", "versioned", garbage, "-o", Path.Combine(dir, "o.wasm"));
        Assert.Equal(1, exit);
        Assert.Contains("expected a core WebAssembly module", stderr);
        // Binary-format errors name the file.
        Assert.Contains($"error: {garbage}: ", stderr);
    }

    [Fact]
    public void WitOfACoreModuleWithoutAWorldIsAnError()
    {
        var (_, module, _) = Files();
        var (exit, stdout, stderr) = CliRunner.Run("component", "wit", module);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"error: {module}: a core module without a world", stderr);
    }

    [Fact]
    public void WitOfAMalformedBinaryNamesTheFile()
    {
        var (dir, _, _) = Files();
        var broken = Path.Combine(dir, "broken.wasm");
        // A component preamble followed by a truncated section.
        File.WriteAllBytes(broken, new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x05, 0x01 });
        var (exit, _, stderr) = CliRunner.Run("component", "wit", broken);
        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {broken}: ", stderr);
    }

    [Fact]
    public void NewThenWitPrintsTheComponentsWorld()
    {
        var (dir, module, wit) = Files();
        var embedded = Path.Combine(dir, "embedded.wasm");
        var component = Path.Combine(dir, "component.wasm");
        Assert.Equal(0, CliRunner.Run("component", "embed", "--wit", wit, "--world", "versioned", module, "-o", embedded).Exit);
        var (exit, _, stderr) = CliRunner.Run("component", "new", embedded, "-o", component);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.True(ComponentReader.IsComponent(File.ReadAllBytes(component)));
        (exit, var stdout, stderr) = CliRunner.Run("component", "wit", component);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("package root:component;\n\nworld root {\n  export version: func() -> u32;\n}\n", stdout.Replace("\r", ""));
    }

    [Fact]
    public void NewReportsAMissingExport()
    {
        var dir = CliRunner.TempTree(("w.wit", "package test:cli;\n\nworld w {\n  export missing: func();\n}\n"));
        var module = Path.Combine(dir, "core.wasm");
        File.WriteAllBytes(module, Module);
        var embedded = Path.Combine(dir, "embedded.wasm");
        Assert.Equal(0, CliRunner.Run("component", "embed", "--wit", Path.Combine(dir, "w.wit"), module, "-o", embedded).Exit);
        var (exit, _, stderr) = CliRunner.Run("component", "new", embedded, "-o", Path.Combine(dir, "c.wasm"));
        Assert.Equal(1, exit);
        Assert.Contains("does not export `missing`", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "c.wasm")));
    }

    [Fact]
    public void WitEncodesAPackageAndPrintsItBack()
    {
        var (dir, _, wit) = Files();
        var binary = Path.Combine(dir, "package.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "wit", wit, "--wasm", "-o", binary);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        (exit, var printed, stderr) = CliRunner.Run("component", "wit", binary);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var (_, expected, _) = CliRunner.Run("print", wit);
        Assert.Equal(expected, printed);
    }

    [Fact]
    public void WitWasmNeedsAnOutput()
    {
        var (_, _, wit) = Files();
        var (exit, _, stderr) = CliRunner.Run("component", "wit", wit, "--wasm");
        Assert.Equal(1, exit);
        Assert.Contains("--output", stderr);
    }

    [Fact]
    public void WitOfAMissingFileIsAnError()
    {
        var (exit, _, stderr) = CliRunner.Run("component", "wit", "/nonexistent/file.wasm");
        Assert.Equal(1, exit);
        Assert.Contains("no such file", stderr);
    }
}

/// <summary><c>component new --adapt</c> on a C command program from the fixtures (skipped when they are missing).</summary>
public class ComponentNewAdapterCommandTests
{
    private static string Fixture(params string[] parts) => Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, Path.Combine(parts));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NewWithAnAdapterWritesAComponent(bool named)
    {
        var core = Fixture(".fixtures", "components", "hello.core.wasm");
        var adapter = Fixture("tests", "fixtures", "npm", "node_modules", "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.command.wasm");
        if (!File.Exists(core) || !File.Exists(adapter))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "component fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        var output = Path.Combine(CliRunner.TempTree(), "hello.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "new", core, "--adapt", named ? "wasi_snapshot_preview1=" + adapter : adapter, "-o", output);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var (_, wit, _) = CliRunner.Run("component", "wit", output);
        Assert.Contains("export wasi:cli/run@0.2.12;", wit);
        Assert.Contains("import wasi:cli/stdout@0.2.12;", wit);
    }

    [Fact]
    public void NewWithoutTheAdapterItNeedsIsAnError()
    {
        var core = Fixture(".fixtures", "components", "hello.core.wasm");
        if (!File.Exists(core))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "component fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        var output = Path.Combine(CliRunner.TempTree(), "hello.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "new", core, "--adapter", "none", "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains("wasi_snapshot_preview1::", stderr);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("command")]
    public void NewUsesOurOwnAdapterByDefault(string? kind)
    {
        var core = Fixture(".fixtures", "components", "hello.core.wasm");
        if (!File.Exists(core))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "component fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        var output = Path.Combine(CliRunner.TempTree(), "hello.wasm");
        var args = kind is null ? new[] { "component", "new", core, "-o", output } : new[] { "component", "new", core, "--adapter", kind, "-o", output };
        var (exit, _, stderr) = CliRunner.Run(args);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var (_, wit, _) = CliRunner.Run("component", "wit", output);
        Assert.Contains("export wasi:cli/run@0.2.3;", wit);
        Assert.Contains("import wasi:cli/stdout@0.2.3;", wit);
    }
}
