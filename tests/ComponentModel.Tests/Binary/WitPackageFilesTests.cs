using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Output;
using WitBindgen.WitParser.Model;
using WitBindgen.Tests;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// Component-encoded WIT packages as loader input: a <c>.wasm</c> path of its own, or <c>deps/*.wasm</c> merged into
/// the graph (unioned with packages already loaded) so that text packages can use them.
/// </summary>
public sealed class WitPackageFilesTests : IDisposable
{
    private const string Shapes = """
        package x:shapes@1.0.0;

        interface types {
          record point { x: s32, y: s32 }
          resource canvas {
            constructor(size: point);
            draw: func(at: point) -> result<_, string>;
          }
        }
        """;

    private const string Paint = """
        package y:paint;

        interface brush {
          use x:shapes/types@1.0.0.{point, canvas};
          stroke: func(c: borrow<canvas>, start: point, end: point);
        }
        """;

    private const string App = """
        package a:app;

        world app {
          import y:paint/brush;
          export x:shapes/types@1.0.0;
        }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "witbindgen-pkgfiles-" + Guid.NewGuid().ToString("N"));

    public WitPackageFilesTests() => Directory.CreateDirectory(Path.Combine(_dir, "deps"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static byte[] Encode(string wit, params (string Name, string Text)[] deps)
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-enc-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "deps"));
            File.WriteAllText(Path.Combine(dir, "main.wit"), wit);
            foreach (var (name, text) in deps) File.WriteAllText(Path.Combine(dir, "deps", name), text);
            var load = WitLoader.LoadPath(dir);
            Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(d => d.Message)));
            return WitBinaryEncoder.EncodePackage(load.Resolve!, load.RootPackage);
        }
        finally { Directory.Delete(dir, true); }
    }

    private string Json(string dir, WitOptions? options = null)
    {
        var load = WitLoader.LoadPath(dir, options ?? WitPackageFiles.Enable());
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(DiagnosticRenderer.RenderHuman)));
        return WitJsonWriter.Write(load.Resolve!);
    }

    private string TextLayout()
    {
        var dir = Path.Combine(_dir, "text");
        Directory.CreateDirectory(Path.Combine(dir, "deps"));
        File.WriteAllText(Path.Combine(dir, "app.wit"), App);
        File.WriteAllText(Path.Combine(dir, "deps", "shapes.wit"), Shapes);
        File.WriteAllText(Path.Combine(dir, "deps", "paint.wit"), Paint);
        return dir;
    }

    [Fact]
    public void BinaryDependencyUsedByATextDependencyResolvesLikeTheTextOne()
    {
        File.WriteAllText(Path.Combine(_dir, "app.wit"), App);
        File.WriteAllBytes(Path.Combine(_dir, "deps", "shapes.wasm"), Encode(Shapes));
        File.WriteAllText(Path.Combine(_dir, "deps", "paint.wit"), Paint);
        // Binary deps are merged before the text ones are sorted, so the arena order is the text layout's too.
        Assert.Equal(Json(TextLayout()), Json(_dir));
    }

    [Fact]
    public void TwoBinaryDependenciesSharingAPackageAreUnioned()
    {
        // paint.wasm carries the part of x:shapes it uses; merging it after shapes.wasm must reuse those items.
        File.WriteAllText(Path.Combine(_dir, "app.wit"), App);
        File.WriteAllBytes(Path.Combine(_dir, "deps", "a-shapes.wasm"), Encode(Shapes));
        File.WriteAllBytes(Path.Combine(_dir, "deps", "b-paint.wasm"), Encode(Paint, ("shapes.wit", Shapes)));
        var load = WitLoader.LoadPath(_dir, WitPackageFiles.Enable());
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(DiagnosticRenderer.RenderHuman)));
        var resolve = load.Resolve!;
        Assert.Equal(new[] { "x:shapes@1.0.0", "y:paint", "a:app" }, resolve.Packages.Select(p => p.Name.ToString()));
        Assert.Single(resolve.Interfaces, i => i.Name == "types");
        Assert.Single(resolve.Types, t => t.Kind is WitBindgen.WitParser.Model.ResourceKind);
        var all = resolve.Packages.Ids.ToList();
        var app = all[2];
        Assert.Equal(WitPrinter.Print(WitLoader.LoadPath(TextLayout()).Resolve!, app, all), WitPrinter.Print(resolve, app, all));
    }

    private const string Io = """
        package x:io@1.0.0;

        interface streams {
          @since(version = 1.0.0)
          resource input-stream {
            @since(version = 1.0.0)
            read: func(len: u64) -> list<u8>;
          }
        }
        """;

    private const string Fs = """
        package y:fs@1.0.0;

        interface types {
          @since(version = 1.0.0)
          use x:io/streams@1.0.0.{input-stream};
          enum error-code { access, busy }
          @since(version = 1.0.0)
          read-via-stream: func(offset: u64) -> result<input-stream, error-code>;
          write: func(buffer: list<u8>) -> result<_, error-code>;
        }

        world imports { import types; }
        """;

    [Fact]
    public void PackagesReassembledFromTheirBinariesKeepTheirOwnAnonymousTypesAndInheritedStability()
    {
        // fs's world imports x:io/streams in full (its `read` returns a `list<u8>`): that list is x:io's, not the
        // `list<u8>` fs's `write` takes. And `result<input-stream, error-code>` inherits the stability of the
        // `use`d resource, as the resolver gives it.
        var text = Path.Combine(_dir, "text");
        Directory.CreateDirectory(Path.Combine(text, "deps"));
        File.WriteAllText(Path.Combine(text, "fs.wit"), Fs);
        File.WriteAllText(Path.Combine(text, "deps", "io.wit"), Io);
        var expected = WitLoader.LoadPath(text);
        Assert.True(expected.Success, string.Join("\n", expected.Diagnostics.Select(d => d.Message)));

        var binaries = Path.Combine(_dir, "binaries");
        Directory.CreateDirectory(Path.Combine(binaries, "deps"));
        foreach (var p in expected.Resolve!.Packages.Ids)
            File.WriteAllBytes(Path.Combine(binaries, "deps", $"p{p.Index}.wasm"), WitBinaryEncoder.EncodePackage(expected.Resolve, p));
        File.WriteAllText(Path.Combine(binaries, "root.wit"), "package zz:root;\n");
        var load = WitLoader.LoadPath(binaries, WitPackageFiles.Enable());
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(DiagnosticRenderer.RenderHuman)));
        load.Resolve!.Packages.RemoveLast(load.RootPackage);
        Assert.Equal(WitJsonWriter.Write(expected.Resolve), WitJsonWriter.Write(load.Resolve));
    }

    [Fact]
    public void BinaryPackageAsTheLoadedPathIsItsMainPackage()
    {
        var file = Path.Combine(_dir, "shapes.wasm");
        File.WriteAllBytes(file, Encode(Shapes));
        var load = WitLoader.LoadPath(file, WitPackageFiles.Enable());
        Assert.True(load.Success);
        Assert.Equal("x:shapes@1.0.0", load.Resolve!.Packages[load.RootPackage].Name.ToString());
        Assert.Equal(new[] { load.RootPackage }, load.MainPackages);
    }

    [Fact]
    public void WithoutADecoderBinaryDependenciesAreDiagnosed()
    {
        File.WriteAllText(Path.Combine(_dir, "app.wit"), App);
        File.WriteAllBytes(Path.Combine(_dir, "deps", "shapes.wasm"), Encode(Shapes));
        var load = WitLoader.LoadPath(_dir);
        Assert.False(load.Success);
        Assert.Equal(DiagnosticCodes.UnsupportedDependency, load.Diagnostics[0].Code);
        Assert.Contains("shapes.wasm is a WIT package encoded as a component", load.Diagnostics[0].Message);
    }

    [Fact]
    public void MalformedAndConcreteComponentsAreDiagnosed()
    {
        File.WriteAllText(Path.Combine(_dir, "app.wit"), App);
        File.WriteAllBytes(Path.Combine(_dir, "deps", "bad.wasm"), new byte[] { 0, (byte)'a', (byte)'s', (byte)'m', 13, 0, 1, 0, 99 });
        var load = WitLoader.LoadPath(_dir, WitPackageFiles.Enable());
        Assert.False(load.Success);
        Assert.StartsWith("failed to decode WIT package [", load.Diagnostics[0].Message);

        File.Delete(Path.Combine(_dir, "deps", "bad.wasm"));
        // An empty component is a concrete component (no package types): rejected with the reference's wording.
        File.WriteAllBytes(Path.Combine(_dir, "deps", "empty.wasm"), new byte[] { 0, (byte)'a', (byte)'s', (byte)'m', 13, 0, 1, 0 });
        load = WitLoader.LoadPath(_dir, WitPackageFiles.Enable());
        Assert.False(load.Success);
        Assert.Contains("found an actual component instead of an encoded WIT package in wasm", load.Diagnostics[0].Message);
    }

    [Fact]
    public void PackageMissingAnItemTheLoadedOneLacksIsRejected()
    {
        // The text x:shapes lacks `canvas`, which the binary's copy of the package has: the union is refused.
        File.WriteAllText(Path.Combine(_dir, "app.wit"), "package a:app;\nworld w { import y:paint/brush; }\n");
        File.WriteAllBytes(Path.Combine(_dir, "deps", "a-shapes.wasm"), Encode("package x:shapes@1.0.0;\ninterface types { record point { x: s32, y: s32 } }\n"));
        File.WriteAllBytes(Path.Combine(_dir, "deps", "b-paint.wasm"), Encode(Paint, ("shapes.wit", Shapes)));
        var load = WitLoader.LoadPath(_dir, WitPackageFiles.Enable());
        Assert.False(load.Success);
        Assert.Contains("type `canvas` is not present in interface `types`", load.Diagnostics[0].Message);
    }
}
