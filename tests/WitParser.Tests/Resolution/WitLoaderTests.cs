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
        Assert.Equal(new[] { 0, 1 }, result.MainPackages);
        Assert.Equal("foo:dep", resolve.Packages[0].Name.ToString());
        Assert.Equal("foo:root", resolve.Packages[1].Name.ToString());
        var get = resolve.Interfaces[1].Functions["get"];
        Assert.Equal(new AliasKind(WitType.Id(0)), resolve.Types[get.Result!.Value.TypeId].Kind);
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
        Assert.False(off.Resolve!.Interfaces[0].Functions.ContainsKey("f"));
        Assert.True(on.Resolve!.Interfaces[0].Functions.ContainsKey("f"));
        Assert.True(all.Resolve!.Interfaces[0].Functions.ContainsKey("f"));
        Assert.IsType<UnstableStability>(on.Resolve.Interfaces[0].Functions["f"].Stability);
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
