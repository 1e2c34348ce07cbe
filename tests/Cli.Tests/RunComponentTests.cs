using System.IO;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// <c>run</c> on components: WAVE call expressions, results in WAVE, limits, traps and imports. The tests marked
/// <c>Needs=ComponentRuntime</c> run the component runtime (src/Runtime/Components), which this branch only has as a
/// contract stand-in; they pass once the runtime is merged. The others check what the CLI does before instantiating.
/// </summary>
public class RunComponentTests
{
    /// <summary>Root exports of several value kinds, an exported interface, a trap and an endless loop.</summary>
    private const string Kinds = """
        (component
          (core module $m
            (memory (export "mem") 1)
            (global $next (mut i32) (i32.const 1024))
            ;; a bump allocator; shrinking keeps the block, growing copies (string lowering may shrink its first guess)
            (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $new-size i32) (result i32)
              (local $p i32)
              local.get $old
              if
                local.get $new-size local.get $old-size i32.le_u
                if local.get $old return end
              end
              global.get $next local.set $p
              global.get $next local.get $new-size i32.add global.set $next
              local.get $old
              if local.get $p local.get $old local.get $old-size memory.copy end
              local.get $p)
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (func (export "echo") (param i32 i32) (result i32)
              i32.const 0 local.get 0 i32.store
              i32.const 4 local.get 1 i32.store
              i32.const 0)
            (func (export "opt") (param i32 i32) (result i32)
              i32.const 16 local.get 0 i32.store8
              i32.const 17 local.get 1 i32.store8
              i32.const 16)
            (func (export "next-color") (param i32) (result i32) local.get 0 i32.const 1 i32.add i32.const 3 i32.rem_u)
            (func (export "fail") unreachable)
            (func (export "spin") (loop $l (br $l))))
          (core instance $i (instantiate $m))
          (type $color (enum "red" "green" "blue"))
          (export $c "color" (type $color))
          (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
          (export "add" (func $add))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "mem") (realloc (func $i "realloc"))))
          (func (export "opt") (param "x" (option u8)) (result (option u8))
            (canon lift (core func $i "opt") (memory $i "mem")))
          (func (export "next-color") (param "c" $c) (result $c) (canon lift (core func $i "next-color")))
          (func (export "fail") (canon lift (core func $i "fail")))
          (func (export "spin") (canon lift (core func $i "spin")))
          (instance $calc (export "add" (func $add)))
          (export "ns:pkg/calc@1.0.0" (instance $calc)))
        """;

    /// <summary>A component importing a function the CLI's host does not provide.</summary>
    private const string Imports = """
        (component
          (import "host-fn" (func $h (result s32)))
          (core func $lowered (canon lower (func $h)))
          (core module $m
            (import "host" "h" (func $h (result i32)))
            (func (export "call-host") (result i32) call $h)
            (func (export "answer") (result i32) i32.const 42))
          (core instance $hi (export "h" (func $lowered)))
          (core instance $i (instantiate $m (with "host" (instance $hi))))
          (func (export "call-host") (result s32) (canon lift (core func $i "call-host")))
          (func (export "answer") (result s32) (canon lift (core func $i "answer"))))
        """;

    private static string Write(string name, string text) => Path.Combine(CliRunner.TempTree((name, text)), name);

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData(Kinds)]
    [InlineData(Imports)]
    public void TheFixturesAreValidComponents(string text)
    {
        var bytes = WatAssembler.ToBinary(System.Text.Encoding.UTF8.GetBytes(text), "fixture.wat");
        Assert.True(ComponentReader.IsComponent(bytes));
        ComponentReader.Read(bytes, validate: true);
    }

    [Fact]
    public void PositionalArgumentsAreRejectedForComponents()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "add", "1", "2");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: a component's arguments go inside --invoke in WAVE, e.g. --invoke 'add(1, 2)'\n", stderr);
    }

    [Fact]
    public void AMalformedCallExpressionIsLocated()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "add 1, 2");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(new[]
        {
            "error: invalid --invoke expression: expected `(` after the function name `add` (write `add()` to call it without arguments) (at column 5)",
            "  add 1, 2",
            "      ^",
        }, CliRunner.Lines(stderr));
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void CallsARootExportAndPrintsTheResultInWave()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "add(40, 2)");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("42\n", stdout);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void CallsAFunctionOfAnExportedInterface()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "ns:pkg/calc@1.0.0#add(-7, 2)");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("-5\n", stdout);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void BinaryComponentsRunLikeText()
    {
        var dir = CliRunner.TempTree();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "k.wasm");
        File.WriteAllBytes(path, WatAssembler.ToBinary(System.Text.Encoding.UTF8.GetBytes(Kinds), "k.wat"));
        var (exit, stdout, stderr) = Run("run", path, "--invoke", "add(1, 2)");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("3\n", stdout);
    }

    [Theory]
    [Trait("Needs", "ComponentRuntime")]
    [InlineData("echo(\"h\\u{e9}llo \\\"wave\\\" ☃\\n\")", "\"héllo \\\"wave\\\" ☃\\n\"")]
    [InlineData("echo(\"\")", "\"\"")]
    [InlineData("echo(\"\\u{1F44B} h\\u{e9}llo, w\\u{f6}rld, and a long enough tail to grow\")", "\"👋 héllo, wörld, and a long enough tail to grow\"")]
    [InlineData("opt(some(7))", "some(7)")]
    [InlineData("opt(7)", "some(7)")]
    [InlineData("opt(none)", "none")]
    [InlineData("opt()", "none")]
    [InlineData("next-color(green)", "blue")]
    [InlineData("next-color(blue)", "red")]
    [InlineData("  add ( 1 , 2 , ) // comment", "3")]
    public void ValuesCrossInWave(string expression, string expected)
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", expression);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(expected + "\n", stdout);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void AFunctionWithoutResultPrintsNothing()
    {
        var dir = CliRunner.TempTree(("k.wat", Kinds.Replace("(func (export \"fail\") unreachable)", "(func (export \"fail\"))", System.StringComparison.Ordinal)));
        var (exit, stdout, stderr) = Run("run", Path.Combine(dir, "k.wat"), "--invoke", "fail()");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void ABadArgumentIsAWaveErrorWithTheParameters()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "add(1, \"2\")");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(new[]
        {
            "error: invalid --invoke expression: expected an integer (s32), found a string (at column 8)",
            "  add(1, \"2\")",
            "         ^",
            "note: `add` takes (a: s32, b: s32)",
        }, CliRunner.Lines(stderr));
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void AnUnknownFunctionListsTheExports()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "nope()");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: failed to find function export `nope`; the component exports: ", stderr);
        Assert.Contains("add", stderr);
        Assert.Contains("ns:pkg/calc@1.0.0", stderr);

        (exit, _, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "ns:pkg/calc@1.0.0#sub(1, 2)");
        Assert.Equal(1, exit);
        Assert.StartsWith("error: failed to find function export `ns:pkg/calc@1.0.0#sub`", stderr);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void ATrapExitsOneWithItsMessage()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "fail()");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = CliRunner.Lines(stderr);
        Assert.Equal("error: failed to invoke `fail`", lines[0]);
        Assert.StartsWith("wasm trap: ", lines[1]);
        Assert.Contains("unreachable", lines[1]);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void FuelStopsAnEndlessComponent()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "spin()", "--fuel", "100000");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("wasm trap: all fuel consumed", stderr);
        Assert.Contains("note: the 100000 units of fuel given with --fuel were consumed", stderr);

        (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "add(1, 2)", "--fuel", "100000");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("3\n", stdout);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void ATimeoutStopsAnEndlessComponent()
    {
        var (exit, stdout, stderr) = Run("run", Write("k.wat", Kinds), "--invoke", "spin()", "--timeout", "200ms");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("wasm trap: interrupted", stderr);
        Assert.Contains("note: the --timeout of 200ms expired", stderr);
    }

    [Fact]
    [Trait("Needs", "ComponentRuntime")]
    public void UnknownImportsFailToLinkUnlessTheyAreDefinedAsTraps()
    {
        var file = Write("i.wat", Imports);
        var (exit, stdout, stderr) = Run("run", file, "--invoke", "answer()");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("host-fn", stderr);
        Assert.Contains("note: --trap-unknown-imports defines the imports this host lacks as functions that trap when called", stderr);

        (exit, stdout, stderr) = Run("run", file, "--invoke", "answer()", "--trap-unknown-imports");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("42\n", stdout);

        (exit, stdout, stderr) = Run("run", file, "--invoke", "call-host()", "--trap-unknown-imports");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: failed to invoke `call-host`\nwasm trap: ", stderr);
    }
}
