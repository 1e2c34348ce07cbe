using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.Tests;
using WitBindgen.WitParser;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>Generated host bindings for representative worlds (snapshots/host-*.verified.cs), compiled with zero warnings.</summary>
public class HostSnapshotTests
{
    /// <summary>Every value kind host bindings convert, in both directions (imports and exports).</summary>
    internal const string Kinds = """
        package example:kinds@0.1.0;

        interface types {
            /// A point.
            record point { x: s32, y: s32, label: string }
            enum color { red, green, blue }
            flags perms { read, write, exec }
            variant shape { circle(f64), line(tuple<point, point>), empty }
            record everything {
                b: bool, u8v: u8, u16v: u16, u32v: u32, u64v: u64,
                s8v: s8, s16v: s16, s32v: s32, s64v: s64,
                f32v: f32, f64v: f64, c: char, s: string,
            }
        }

        /// What the host provides.
        interface host {
            use types.{point, color, perms, shape, everything};
            scalars: func(e: everything) -> everything;
            point-of: func(p: point, c: color, f: perms) -> tuple<point, color, perms>;
            shapes: func(s: list<shape>) -> list<shape>;
            maybe: func(a: option<string>, b: option<option<u32>>) -> tuple<option<string>, option<option<u32>>>;
            numbers: func(xs: list<f64>, bytes: list<u8>) -> list<list<u8>>;
            check: func(x: s32) -> result<u32, string>;
            nothing: func(x: result<_, color>) -> result;
            fail: func();
            echo: func(s: string) -> string;
            ints: func(xs: list<s32>, tag: char) -> list<s32>;
        }

        /// What the component provides (each forwards to the host's function of the same name).
        interface api {
            use types.{point, color, perms, shape, everything};
            scalars: func(e: everything) -> everything;
            point-of: func(p: point, c: color, f: perms) -> tuple<point, color, perms>;
            shapes: func(s: list<shape>) -> list<shape>;
            maybe: func(a: option<string>, b: option<option<u32>>) -> tuple<option<string>, option<option<u32>>>;
            numbers: func(xs: list<f64>, bytes: list<u8>) -> list<list<u8>>;
            check: func(x: s32) -> result<u32, string>;
            nothing: func(x: result<_, color>) -> result;
            fail: func();
            echo: func(s: string) -> string;
            ints: func(xs: list<s32>, tag: char) -> list<s32>;
        }

        world kinds {
            import host;
            import tick: func(n: u64) -> u64;
            export api;
            export tock: func(n: u64) -> u64;
            export crash: func();
        }
        """;

    internal static string Render(GenerationResult result, bool checkCompiles = true)
    {
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var sb = new StringBuilder();
        foreach (var f in result.Files) sb.Append("// ==== ").Append(f.HintName).Append('\n').Append(f.Text).Append('\n');
        if (checkCompiles)
        {
            var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), host: true));
            Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
        }
        return sb.ToString();
    }

    internal static GenerationResult FromText(string text, string world, BindingOptions? options = null)
    {
        var load = WitLoader.LoadText("host.wit", text);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld(world);
        return WitBindingsGenerator.Generate(load.Resolve!, id, options, GenerationMode.Host);
    }

    internal static GenerationResult Calc(BindingOptions? options = null)
    {
        var load = WitLoader.LoadPath(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "worlds", "calc.wit"));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var id = load.SelectWorld("calc");
        return WitBindingsGenerator.Generate(load.Resolve!, id, options, GenerationMode.Host);
    }

    [Fact]
    public void CalcWorld() => Snapshot.Verify("host-calc", Render(Calc()));

    [Fact]
    public void EveryValueKindWithExceptionStyle() => Snapshot.Verify("host-kinds",
        Render(FromText(Kinds, "kinds", new BindingOptions { ExceptionsFor = new[] { "example:kinds/api#check", "example:kinds/host#check" }.ToEquatableArray() })));

    [Fact]
    public void EveryValueKindWithResultStyleCompiles() => Render(FromText(Kinds, "kinds"));

    [Fact]
    public void GuestBindingsOfTheSameWorldAreUnchanged()
    {
        // The host emitter reuses the guest's type declarations; the guest output of a world does not depend on the mode asked before.
        var load = WitLoader.LoadText("host.wit", Kinds);
        var id = load.SelectWorld("kinds");
        var before = WitBindingsGenerator.Generate(load.Resolve!, id);
        WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host);
        var after = WitBindingsGenerator.Generate(load.Resolve!, id);
        Assert.Equal(before.Files.Select(f => f.Text), after.Files.Select(f => f.Text));
    }

    [Fact]
    public void Preview3FeaturesAreLeftOutWithTheGuestDiagnostic()
    {
        const string wit = """
            package example:p3;
            interface io {
                read: func(n: u32) -> stream<u8>;
                size: func() -> u64;
            }
            world w { export io; }
            """;
        var load = WitLoader.LoadText("p3.wit", wit, new WitOptions { AllFeatures = true });
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld("w");
        var result = WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host);
        Assert.Contains(result.Diagnostics, d => d.Code == "WITGEN001" && d.Message.Contains("stream"));
        Assert.NotEmpty(result.Files);
        var text = string.Join("\n", result.Files.Select(f => f.Text));
        Assert.Contains("public ulong Size()", text);
        Assert.DoesNotContain("Read(", text);
        var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), host: true));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }

    [Fact]
    public void FlagsOfMoreThan32MembersAreLeftOutInBothModes()
    {
        // The component model forbids them ("cannot have more than 32 flags"); both modes say so and emit the rest.
        var names = string.Join(", ", Enumerable.Range(0, 33).Select(i => "m" + i));
        var wit = "package example:wide;\ninterface api {\n  flags wide { " + names + " }\n  get: func() -> wide;\n  size: func() -> u64;\n}\nworld w { export api; }\n";
        var load = WitLoader.LoadText("wide.wit", wit);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld("w");
        foreach (var mode in new[] { GenerationMode.Guest, GenerationMode.Host })
        {
            var result = WitBindingsGenerator.Generate(load.Resolve!, id, null, mode);
            Assert.Contains(result.Diagnostics, d => d.Code == "WITGEN001" && d.Message.Contains("type 'wide': flags with more than 32 members are not valid"));
            var text = string.Join("\n", result.Files.Select(f => f.Text));
            Assert.Contains("ulong Size()", text);
            Assert.DoesNotContain("Get(", text);
            Assert.DoesNotContain("M32", text); // the 33rd member: no type for the flags
        }
        var host = WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host);
        var problems = RoslynCompiler.Problems(RoslynCompiler.Create(host.Files.Select(f => (f.HintName, f.Text)), host: true));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }
}
