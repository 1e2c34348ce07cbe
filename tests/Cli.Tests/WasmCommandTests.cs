using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.Cli.Tests;

/// <summary><c>validate</c>, <c>print</c> and <c>parse</c>: wasm-tools' daily commands.</summary>
public class WasmCommandTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public WasmCommandTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private const string CoreWat = "(module (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))";

    private static string Fixture(params string[] parts) => Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, Path.Combine(parts));

    [Fact]
    public void ParseAssemblesTextAsTheAssemblerDoes()
    {
        var root = CliRunner.TempTree(("add.wat", CoreWat));
        var output = Path.Combine(root, "out", "add.wasm");
        var (exit, _, stderr) = CliRunner.Run("parse", Path.Combine(root, "add.wat"), "-o", output);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(WatAssembler.Assemble(CoreWat), File.ReadAllBytes(output));

        var (vexit, vout, verr) = CliRunner.Run("validate", output);
        Assert.Equal("", verr);
        Assert.Equal(0, vexit);
        Assert.EndsWith("add.wasm: valid core module\n", vout);
    }

    [Fact]
    public void ParseReportsTheLineAndColumnOfATextError()
    {
        var root = CliRunner.TempTree(("bad.wat", "(module\n  (func (result i32) (i32.bogus)))"));
        var output = Path.Combine(root, "bad.wasm");
        var (exit, _, stderr) = CliRunner.Run("parse", Path.Combine(root, "bad.wat"), "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains("bad.wat:2:", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ValidateReportsTheOffsetOfAnInvalidCoreModule()
    {
        // (func (result i32)) with an empty body: type mismatch at the end of the function.
        var bytes = WatAssembler.Assemble("(module (func (result i32) (i32.const 1)))");
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        var valid = Path.Combine(root, "ok.wasm");
        File.WriteAllBytes(valid, bytes);
        Assert.Equal(0, CliRunner.Run("validate", valid).Exit);

        // Replace the body's i32.const (0x41) with nop (0x01): the function no longer produces its result.
        int at = Array.LastIndexOf(bytes, (byte)0x41);
        var broken = (byte[])bytes.Clone();
        broken[at] = 0x01;
        broken[at + 1] = 0x01;
        var invalid = Path.Combine(root, "bad.wasm");
        File.WriteAllBytes(invalid, broken);
        var (exit, stdout, stderr) = CliRunner.Run("validate", invalid);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: " + invalid + ": ", stderr);
        Assert.Contains("offset 0x", stderr);
    }

    [Fact]
    public void ValidateReportsTheOffsetOfATruncatedBinary()
    {
        var bytes = WatAssembler.Assemble(CoreWat);
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        var truncated = Path.Combine(root, "cut.wasm");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length - 3).ToArray());
        var (exit, _, stderr) = CliRunner.Run("validate", truncated);
        Assert.Equal(1, exit);
        Assert.Contains("offset 0x", stderr);

        var (missing, _, missingErr) = CliRunner.Run("validate", Path.Combine(root, "nope.wasm"));
        Assert.Equal(1, missing);
        Assert.Contains("no such file", missingErr);
    }

    [Fact]
    public void ValidateAcceptsComponentsAndTheirText()
    {
        var hello = CliRunner.Example(Path.Combine("hello-wasi", "hello.wat"));
        var (exit, stdout, stderr) = CliRunner.Run("validate", hello);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.EndsWith("hello.wat: valid component\n", stdout);

        var jco = Fixture(".fixtures", "components", "hello.jco.wasm");
        if (!File.Exists(jco))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "component fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        Assert.Equal(0, CliRunner.Run("validate", jco).Exit);

        // A component cut short: the reader's error, with its offset.
        var bytes = File.ReadAllBytes(jco);
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        var cut = Path.Combine(root, "cut.wasm");
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var (cexit, _, cerr) = CliRunner.Run("validate", cut);
        Assert.Equal(1, cexit);
        Assert.Contains("offset 0x", cerr);
    }

    [Fact]
    public void PrintShowsACoreModuleAsTextThatParsesBackToTheSameBytes()
    {
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        var module = Path.Combine(root, "add.wasm");
        var bytes = WatAssembler.Assemble(CoreWat);
        File.WriteAllBytes(module, bytes);
        var (exit, stdout, stderr) = CliRunner.Run("print", module);
        Assert.True(exit == 0, stderr);
        Assert.Equal("""
            (module
              (type (;0;) (func (param i32 i32) (result i32)))
              (func (;0;) (type 0)
                local.get 0
                local.get 1
                i32.add
              )
              (export "add" (func 0))
            )

            """.Replace("\r\n", "\n"), stdout);

        // print -> parse gives the module back.
        var text = Path.Combine(root, "add.wat");
        File.WriteAllText(text, stdout);
        var again = Path.Combine(root, "again.wasm");
        Assert.Equal(0, CliRunner.Run("parse", text, "-o", again).Exit);
        Assert.Equal(bytes, File.ReadAllBytes(again));
    }

    [Fact]
    public void PrintShowsFixtureModulesAndComponentsAsText()
    {
        var core = Fixture(".fixtures", "components", "hello.core.wasm");
        var component = Fixture(".fixtures", "components", "hello.jco.wasm");
        if (!File.Exists(core) || !File.Exists(component))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        var (exit, stdout, stderr) = CliRunner.Run("print", core);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("(module", stdout);
        Assert.Contains("(import \"wasi_snapshot_preview1\" \"fd_write\" (func $", stdout);
        Assert.Contains("(@custom \"producers\"", stdout);
        Assert.EndsWith(")\n", stdout);

        // A component: its core modules inline, its sections in order; redirected output (auto) has no colour.
        var (cexit, cout, cerr) = CliRunner.Run("print", component);
        Assert.True(cexit == 0, cerr);
        Assert.StartsWith("(component\n", cout);
        Assert.Contains("\n  (core module (;0;)\n", cout);
        Assert.Contains("(canon lift (core func ", cout);
        Assert.Contains("(export (;", cout);
        Assert.DoesNotContain('\u001b', cout); // ordinal: a culture-aware search ignores control characters
        Assert.EndsWith(")\n", cout);

        // print -> parse: the component's sections come back byte for byte except inside its core modules (wasm-ld's
        // padded LEB128s are shortened), and printing again gives the same text.
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        var text = Path.Combine(root, "hello.wat");
        File.WriteAllText(text, cout);
        var again = Path.Combine(root, "again.wasm");
        Assert.Equal(0, CliRunner.Run("parse", text, "-o", again).Exit);
        Assert.Equal(cout, CliRunner.Run("print", again).Out);

        // --color always colours keywords, strings and comments; removing the escapes gives the plain text back.
        var (_, colored, _) = CliRunner.Run("print", component, "--color", "always");
        Assert.Contains("\u001b[35mcomponent\u001b[0m", colored, StringComparison.Ordinal);
        Assert.Equal(cout, System.Text.RegularExpressions.Regex.Replace(colored, "\u001b\\[[0-9;]*m", ""));
        Assert.Equal(cout, CliRunner.Run("print", component, "--color", "never").Out);
        var (bad, _, badErr) = CliRunner.Run("print", component, "--color", "sometimes");
        Assert.NotEqual(0, bad);
        Assert.Contains("sometimes", badErr);

        // A truncated module: the reader's error, exit 1, nothing printed.
        var cut = Path.Combine(root, "cut.wasm");
        var bytes = File.ReadAllBytes(core);
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var (texit, tout, terr) = CliRunner.Run("print", cut);
        Assert.Equal(1, texit);
        Assert.Equal("", tout);
        Assert.StartsWith("error: ", terr);
    }

    /// <summary>
    /// <c>validate</c> on every component of the component-model reference tests our assembler produces (top-level ones,
    /// which the suite expects to be valid, and those inside assertions): its verdict is the reader's
    /// (<c>ComponentReader.Read</c> with validation), and how often that matches the suite's expectation is reported.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void ValidateAgreesWithTheReaderOnTheComponentModelCorpus()
    {
        var corpus = WitBindgen.Tests.Conformance.PathOf("component-model", "test");
        if (corpus is null || !Directory.Exists(corpus)) return;
        var root = CliRunner.TempTree();
        Directory.CreateDirectory(root);
        int total = 0, agree = 0, valid = 0, expectedValid = 0, expectedInvalid = 0, suiteValidMatched = 0, suiteInvalidMatched = 0;
        var disagreements = new System.Collections.Generic.List<string>();
        foreach (var file in Directory.GetFiles(corpus, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            int index = 0;
            foreach (var form in WitBindgen.Tests.WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                bool invalidExpected = form.StartsWith("(assert_invalid", StringComparison.Ordinal) || form.StartsWith("(assert_malformed", StringComparison.Ordinal);
                var inner = form.StartsWith("(assert_", StringComparison.Ordinal) ? WitBindgen.Tests.WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault() : form;
                var text = inner is null ? null : WitBindgen.Tests.WastForms.ComponentText(inner);
                if (text is null) continue;
                byte[] bytes;
                try { bytes = WatAssembler.Assemble(text); }
                catch (WatException) { continue; }
                index++;
                total++;
                bool readerValid;
                try { WitBindgen.ComponentModel.Binary.ComponentReader.Read(bytes); readerValid = true; }
                catch (WitBindgen.CoreWasm.WasmException) { readerValid = false; }
                var path = Path.Combine(root, $"c{total}.wasm");
                File.WriteAllBytes(path, bytes);
                var (exit, _, stderr) = CliRunner.Run("validate", path);
                bool cliValid = exit == 0;
                if (cliValid == readerValid) agree++;
                else disagreements.Add($"{Path.GetRelativePath(corpus, file)}#{index}: reader {(readerValid ? "valid" : "invalid")}, validate {stderr.Trim()}");
                if (cliValid) valid++;
                if (!cliValid && !stderr.Contains("offset 0x")) disagreements.Add($"{Path.GetRelativePath(corpus, file)}#{index}: error without an offset: {stderr.Trim()}");
                bool suiteInvalid = invalidExpected;
                // Top-level definitions and components under assert_unlinkable/assert_trap/... are expected to be valid.
                if (suiteInvalid) { expectedInvalid++; if (!cliValid) suiteInvalidMatched++; }
                else { expectedValid++; if (cliValid) suiteValidMatched++; }
            }
        }
        var summary = $"components validated: {total}; verdicts equal to the reader's: {agree}; valid: {valid}; " +
            $"suite expects valid: {expectedValid} (validate says valid: {suiteValidMatched}); suite expects invalid or malformed: {expectedInvalid} (validate rejects: {suiteInvalidMatched})";
        _output.WriteLine(summary);
        Assert.True(total > 0);
        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join("\n", disagreements.Take(20)));
    }

    [Fact]
    public void EveryFixtureBinaryValidatesAsWhatItIs()
    {
        var root = Fixture(".fixtures");
        if (!Directory.Exists(root))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        int count = 0;
        foreach (var file in Directory.GetFiles(root, "*.wasm", SearchOption.AllDirectories))
        {
            var kind = WitBindgen.ComponentModel.Binary.ComponentReader.IsComponent(File.ReadAllBytes(file)) ? "component" : "core module";
            var (exit, stdout, stderr) = CliRunner.Run("validate", file);
            Assert.True(exit == 0, file + ": " + stderr);
            Assert.Equal($"{file}: valid {kind}\n", stdout);
            count++;
        }
        Assert.True(count > 0);
    }
}
