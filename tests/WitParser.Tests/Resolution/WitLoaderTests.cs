using System.IO;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Output;

namespace WitBindgen.WitParser.Tests.Resolution;

public sealed class WitLoaderTests
{
    [Fact]
    public void MissingPathIsAnIoDiagnostic()
    {
        var result = WitLoader.LoadPath(Path.Combine(Path.GetTempPath(), "does-not-exist-" + System.Guid.NewGuid() + ".wit"));
        Assert.False(result.Success);
        Assert.Null(result.Resolve);
        Assert.Empty(result.MainPackages);
        Assert.Equal(DiagnosticCodes.Io, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void ComponentBinariesNeedADecoder()
    {
        var path = Path.Combine(Path.GetTempPath(), "witbindgen-" + Path.GetRandomFileName() + ".wasm");
        File.WriteAllBytes(path, new byte[] { 0, (byte)'a', (byte)'s', (byte)'m', 13, 0, 1, 0 });
        try
        {
            var result = WitLoader.LoadPath(path);
            Assert.False(result.Success);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCodes.UnsupportedDependency, diagnostic.Code);
            Assert.Contains("is a WIT package encoded as a component; reading it needs a decoder", diagnostic.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadTextResolvesAPackageWithNestedPackages()
    {
        var result = WitLoader.LoadText("inline.wit", """
            package foo:root;
            package foo:dep {
              interface types { type t = u32; }
            }
            interface api {
              use foo:dep/types.{t};
              get: func() -> t;
            }
            """);
        Assert.True(result.Success, result.Diagnostics.Count > 0 ? result.Diagnostics[0].Message : "");
        var resolve = result.Resolve!;
        Assert.Equal(new[] { new Id<Package>(0), new Id<Package>(1) }, result.MainPackages);
        Assert.Equal("foo:dep", resolve.Packages[new Id<Package>(0)].Name.ToString());
        Assert.Equal("foo:root", resolve.Packages[new Id<Package>(1)].Name.ToString());
        var get = resolve.Interfaces[new Id<Interface>(1)].Functions["get"];
        Assert.Equal(new AliasKind(WitType.Id(new Id<TypeDef>(0))), resolve.Types[get.Result!.Value.TypeId].Kind);
    }

    [Fact]
    public void LoadTextReportsLocatedErrorsWithoutThrowing()
    {
        var result = WitLoader.LoadText("bad.wit", "package a:b;\ninterface i {\n  type x = y;\n}\n");
        Assert.False(result.Success);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("type `y` does not exist", d.Message);
        Assert.Equal((3, 12), d.Span!.Value.File.LineColumn(d.Span.Value.Start));
    }

    [Fact]
    public void UnstableItemsAreDroppedUnlessTheirFeatureIsEnabled()
    {
        const string text = "package a:b;\ninterface i {\n  @unstable(feature = fancy)\n  f: func();\n  g: func();\n}\n";
        var off = WitLoader.LoadText("gate.wit", text);
        var on = WitLoader.LoadText("gate.wit", text, new WitOptions { Features = new[] { "fancy" } });
        var all = WitLoader.LoadText("gate.wit", text, new WitOptions { AllFeatures = true });
        Assert.False(off.Resolve!.Interfaces[new Id<Interface>(0)].Functions.ContainsKey("f"));
        Assert.True(on.Resolve!.Interfaces[new Id<Interface>(0)].Functions.ContainsKey("f"));
        Assert.True(all.Resolve!.Interfaces[new Id<Interface>(0)].Functions.ContainsKey("f"));
        Assert.IsType<UnstableStability>(on.Resolve.Interfaces[new Id<Interface>(0)].Functions["f"].Stability);
    }

    private static string TempTree(params (string Path, string Text)[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "witbindgen-loader-" + Path.GetRandomFileName());
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }

    [Fact]
    public void DirectoryErrorsLeadWithTheRealMessage()
    {
        var dir = TempTree(
            ("app.wit", "package a:app;\nworld w {\n  import b:dep/i;\n}\n"),
            ("deps/b.wit", "package b:dep@1.0.0;\ninterface i {}\n"));
        try
        {
            var result = WitLoader.LoadPath(dir);
            Assert.False(result.Success);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("package 'b:dep' not found. known packages:\n    a:app", diagnostic.Message);
            // The reference's error chain is kept as data and in its own rendering ...
            Assert.Equal(new[] { $"failed to resolve directory while parsing WIT for path [{dir}]" }, diagnostic.Context);
            Assert.StartsWith($"failed to resolve directory while parsing WIT for path [{dir}]: package 'b:dep' not found. known packages:\n",
                DiagnosticRenderer.RenderReference(diagnostic));
            // ... but never in front of the message people and IDEs see.
            var human = DiagnosticRenderer.RenderHuman(diagnostic);
            Assert.StartsWith("package 'b:dep' not found. known packages:\n", human);
            Assert.DoesNotContain("failed to resolve directory", human);
            Assert.Contains($"     --> {Path.Combine(dir, "app.wit")}:3:10\n", human);
            Assert.Matches(@"^.*app\.wit\(3,10,3,15\): error WIT\d{4}: package 'b:dep' not found\. known packages:\n", DiagnosticRenderer.RenderMsBuild(diagnostic));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void DirectoryErrorsWithoutALocationKeepTheContextAfterTheMessage()
    {
        // A component-encoded dependency without a decoder has no source location: the context says where.
        var dir = TempTree(("app.wit", "package a:app;\n"));
        var deps = Path.Combine(dir, "deps");
        Directory.CreateDirectory(deps);
        var wasm = Path.Combine(deps, "x.wasm");
        File.WriteAllBytes(wasm, new byte[] { 0, (byte)'a', (byte)'s', (byte)'m', 13, 0, 1, 0 });
        try
        {
            var diagnostic = Assert.Single(WitLoader.LoadPath(dir).Diagnostics);
            Assert.Null(diagnostic.Span);
            Assert.Equal(new[] { $"failed to resolve directory while parsing WIT for path [{dir}]", $"failed to parse dependency directory: {deps}" }, diagnostic.Context);
            var first = $"{wasm} is a WIT package encoded as a component; reading it needs a decoder (WitOptions.PackageDecoder, supplied by WitBindgen.ComponentModel)";
            Assert.Equal(first + "\n" +
                $"  = note: failed to resolve directory while parsing WIT for path [{dir}]\n" +
                $"  = note: failed to parse dependency directory: {deps}",
                DiagnosticRenderer.RenderHuman(diagnostic));
            Assert.Equal($"wit-bindgen : error {DiagnosticCodes.UnsupportedDependency}: {first} (failed to resolve directory while parsing WIT for path [{dir}]: failed to parse dependency directory: {deps})",
                DiagnosticRenderer.RenderMsBuild(diagnostic));
            Assert.Equal($"failed to resolve directory while parsing WIT for path [{dir}]: failed to parse dependency directory: {deps}: {first}",
                DiagnosticRenderer.RenderReference(diagnostic));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

public sealed class WitJsonWriterTests
{
    [Fact]
    public void StringsEscapeOnlyQuotesBackslashesAndControlCharacters()
    {
        var resolve = new Resolve();
        resolve.Packages.Add(new Package(new PackageId("a", "b", SemVersion.TryParse("1.0.0-rc.1"))) { Docs = "say \"hé\"\\\n\tend\u0001" });
        var json = WitJsonWriter.Write(resolve);
        Assert.Equal("""
{
  "worlds": [],
  "interfaces": [],
  "types": [],
  "packages": [
    {
      "name": "a:b@1.0.0-rc.1",
      "docs": {
        "contents": "say \"hé\"\\\n\tend\u0001"
      },
      "interfaces": {},
      "worlds": {}
    }
  ]
}
""".Replace("\r\n", "\n"), json);
    }
}
