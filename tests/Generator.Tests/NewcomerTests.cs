using WitBindgen.Tests;
using System;
using System.IO;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.SourceGenerator;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests;

/// <summary>What a new user tripped over: world selection, readable renames, diagnostics that name things.</summary>
public class NewcomerTests
{
    private readonly ITestOutputHelper _output;
    public NewcomerTests(ITestOutputHelper output) => _output = output;

    private static WitLoadResult Load(string text)
    {
        var load = WitLoader.LoadText("t.wit", text);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        return load;
    }

    private const string Versioned = """
        package demo:app@1.2.0;

        world alpha { export run: func(); }
        world beta { export run: func(); }

        package demo:lib@0.1.0 {
            world gamma { export go: func(); }
        }
        """;

    [Theory]
    [InlineData("alpha", "alpha")]
    [InlineData("beta", "beta")]
    [InlineData("demo:app/beta", "beta")]
    [InlineData("demo:app/beta@1.2.0", "beta")]
    [InlineData("demo:lib/gamma", "gamma")]
    [InlineData("demo:lib/gamma@0.1.0", "gamma")]
    public void SelectWorldFollowsWitParsersRules(string spec, string expected)
    {
        var load = Load(Versioned);
        var id = load.Resolve!.SelectWorld(load.RootPackage, spec, out var error);
        Assert.True(id is not null, error?.Message);
        Assert.Equal(expected, load.Resolve.Worlds[id!.Value].Name);
    }

    [Theory]
    [InlineData(null, "multiple worlds found in package `demo:app@1.2.0`: one must be explicitly chosen; worlds: alpha, beta")]
    [InlineData("gamma", "world `gamma` not found in package `demo:app@1.2.0`; worlds: alpha, beta")]
    [InlineData("demo:lib/delta", "world `delta` not found in package `demo:lib@0.1.0`; worlds: gamma")]
    [InlineData("demo:app/alpha@9.0.0", "unknown package `demo:app@9.0.0`; packages: ")]
    [InlineData("demo:nope/alpha", "unknown package `demo:nope`")]
    [InlineData("demo:app/", "failed to parse world specifier `demo:app/`")]
    [InlineData("demo:alpha", "failed to parse world specifier `demo:alpha`")]
    public void SelectWorldErrorsSayWhatExists(string? spec, string message)
    {
        var load = Load(Versioned);
        Assert.Null(load.Resolve!.SelectWorld(load.RootPackage, spec, out var error));
        Assert.NotNull(error);
        Assert.Contains(message, error!.Message);
    }

    [Fact]
    public void SelectWorldWithoutANameTakesThePackagesOnlyWorld()
    {
        var load = Load("package demo:one;\nworld only { export run: func(); }\n");
        var id = load.Resolve!.SelectWorld(load.RootPackage, null, out var error);
        Assert.Null(error);
        Assert.Equal("only", load.Resolve.Worlds[id!.Value].Name);
        var none = Load("package demo:none;\ninterface i { f: func(); }\n");
        Assert.Null(none.Resolve!.SelectWorld(none.RootPackage, null, out var missing));
        Assert.Equal("no worlds found in package `demo:none`", missing!.Message);
    }

    [Fact]
    public void AWrongWorldInABuildIsReportedAtTheRootPackageNotADependency()
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-sg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "deps", "logging"));
        try
        {
            var log = Path.Combine(dir, "deps", "logging", "log.wit");
            var main = Path.Combine(dir, "world.wit");
            File.WriteAllText(log, "package demo:logging;\ninterface log { write: func(s: string); }\n");
            File.WriteAllText(main, "package demo:app;\nworld app { import demo:logging/log; }\nworld tool { import demo:logging/log; }\n");
            // Files arrive sorted by path: deps/logging/log.wit comes first.
            var files = new[] { log, main }.OrderBy(p => p, StringComparer.Ordinal).Select(p => new WitSource(p, File.ReadAllText(p))).ToEquatableArray();
            Assert.Equal(log, files[0].Path);
            var model = WitSourceGenerator.BuildModel(new WitItem(dir, "ap", "guest", null, null, null, null, null, files));
            var d = model.Diagnostics.Single();
            Assert.Equal("WITGEN003", d.Id);
            Assert.Equal(main, d.Path);
            Assert.Contains("world `ap` not found in package `demo:app`; worlds: app, tool", d.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AWitErrorInABuildIsOneLocatedMessageWithoutTheLoadersChain()
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-sg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var main = Path.Combine(dir, "world.wit");
            File.WriteAllText(main, "package demo:app;\nworld app {\n  export run: func() -> strin;\n}\n");
            var files = new[] { new WitSource(main, File.ReadAllText(main)) }.ToEquatableArray();
            var model = WitSourceGenerator.BuildModel(new WitItem(dir, "app", "guest", null, null, null, null, null, files));
            var d = model.Diagnostics.Single();
            Assert.StartsWith("WIT", d.Id);
            Assert.Equal(main, d.Path);
            Assert.Equal(2, d.StartLine);
            Assert.Contains("strin", d.Message);
            Assert.DoesNotContain("failed to resolve directory", d.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Preview3DiagnosticsNameTheInterface()
    {
        var load = Load("""
            package wasi:http@0.3.0;
            interface types {
                resource body { read: func() -> stream<u8>; }
            }
            world proxy { import types; }
            """);
        var id = load.SelectWorld("proxy");
        var result = WitBindingsGenerator.Generate(load.Resolve!, id);
        Assert.False(result.Success);
        var message = result.Diagnostics.Single().Message;
        Assert.Contains("world 'proxy', wasi:http/types@0.3.0", message);
        Assert.DoesNotContain("interface #", message);
    }

    [Fact]
    public void APreview3FeatureLeavesOutOnlyWhatUsesIt()
    {
        var load = Load("""
            package demo:mixed;
            interface data {
                record point { x: s32, y: s32 }
                record chunked { body: stream<u8> }
                resource conn {
                    constructor();
                    send: func(p: point);
                    pump: async func();
                }
                distance: func(a: point, b: point) -> f64;
                watch: func() -> stream<point>;
            }
            world app { import data; export run: async func(); export ping: func() -> u32; }
            """);
        var id = load.SelectWorld(null);
        var result = WitBindingsGenerator.Generate(load.Resolve!, id);
        // Still an error (the build fails with one clear message per feature)...
        Assert.False(result.Success);
        Assert.All(result.Diagnostics, d => Assert.Equal("WITGEN001", d.Code));
        foreach (var what in new[] { "type 'chunked': uses stream", "function '[method]conn.pump' is async", "function 'watch': uses stream", "function 'run' is async" })
            Assert.Contains(result.Diagnostics, d => d.Message.Contains(what));
        // ...but what resolved is generated, so user code that uses it sees no cascade of CS0246.
        var text = string.Concat(result.Files.Select(f => f.Text));
        Assert.Contains("public sealed record Point(int X, int Y);", text);
        Assert.Contains("public static double Distance(global::Demo.Mixed.Data.Point a, global::Demo.Mixed.Data.Point b)", text);
        Assert.Contains("public void Send(global::Demo.Mixed.Data.Point p)", text);
        Assert.Contains("uint Ping();", text);
        Assert.DoesNotContain("Chunked", text);
        Assert.DoesNotContain("Watch", text);
        Assert.DoesNotContain("Pump", text);
        Assert.DoesNotContain(" Run(", text);
        var user = ("User.cs", "static class User { static double D(global::Demo.Mixed.Data.Point p) => global::Demo.Mixed.Data.DataImports.Distance(p, p); }");
        var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)).Append(user)));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }

    private const string Inherited = """
        package demo:fs;
        interface types {
            enum descriptor-type { file, directory }
            record entry { to-string: string, equals: u32, name: string }
            variant op { equals(u32), get-hash-code, other }
            resource descriptor {
                get-type: func() -> descriptor-type;
                to-string: func() -> string;
                get-hash-code: func() -> u32;
                dispose: func();
            }
            stat: func(e: entry, o: op) -> entry;
        }
        world fs { import types; export types; }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MembersThatWouldHideInheritedOnesGetTheOwningTypesName(bool hooks)
    {
        var load = Load(Inherited);
        var id = load.SelectWorld(null);
        var model = WitBindingsGenerator.BuildModel(load.Resolve!, id);
        foreach (var iface in model.Interfaces)
        {
            var descriptor = iface.Types.Single(t => t.Name == "Descriptor");
            // Dispose is the handle bookkeeping of the generated base class: a numeric suffix, as before.
            Assert.Equal(new[] { "DescriptorGetType", "DescriptorToString", "DescriptorGetHashCode", "Dispose2" }, descriptor.Functions.Select(f => f.Name));
            Assert.Equal(new[] { "EntryToString", "EntryEquals", "Name" }, iface.Types.Single(t => t.Name == "Entry").Members.Select(m => m.Name));
            Assert.Equal(new[] { "OpEquals", "OpGetHashCode", "Other" }, iface.Types.Single(t => t.Name == "Op").Members.Select(m => m.Name));
        }
        var result = WitBindingsGenerator.Emit(model);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var compilation = RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), hooks: hooks);
        var problems = RoslynCompiler.Problems(compilation);
        if (problems.Count > 0) foreach (var f in result.Files) _output.WriteLine(f.Text);
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
        var text = string.Concat(result.Files.Select(f => f.Text));
        Assert.Contains("public global::Demo.Fs.Types.DescriptorType DescriptorGetType()", text);
        Assert.DoesNotContain("GetType2", text);
    }
}
