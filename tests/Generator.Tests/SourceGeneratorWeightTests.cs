using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// What the source generator costs a compilation: the shipped generator folder is loaded into an
/// <see cref="AssemblyLoadContext"/> of its own (as the compiler loads analyzers; Roslyn comes from the host),
/// driven over a <c>&lt;Wit&gt;</c> directory item, and the WitBindgen assemblies that context then holds are
/// weighed. Scriban and ANTLR are not counted.
/// </summary>
public sealed class SourceGeneratorWeightTests : IDisposable
{
    /// <summary>65% of the 1.2 MB (1,200,000 bytes) the generator's own assemblies weighed before the split (issue 9).</summary>
    private const long Bound = 780_000;

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "witbindgen-weight-" + Guid.NewGuid().ToString("N"));

    public SourceGeneratorWeightTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(Path.Combine(_dir, "deps", "logging"));
        File.WriteAllText(Path.Combine(_dir, "deps", "logging", "log.wit"), "package demo:logging;\ninterface log { write: func(s: string); }\n");
        File.WriteAllText(Path.Combine(_dir, "world.wit"), """
            package demo:app;
            interface shapes {
                record point { x: s32, y: s32 }
                resource canvas { constructor(size: point); draw: func(at: point) -> result<_, string>; }
            }
            world app {
                import demo:logging/log;
                export shapes;
                export run: func(args: list<string>) -> option<u64>;
            }
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void TextWitLoadsAtMostTheBound()
    {
        var (loaded, generated) = Run();
        Assert.NotEmpty(generated);
        long total = loaded.Sum(a => a.Bytes);
        var list = string.Join(", ", loaded.Select(a => $"{a.Name} {a.Bytes:N0}"));
        _output.WriteLine($"text WIT loads {total:N0} bytes: {list}; shipped {Shipped().Sum(f => f.Length):N0} bytes");
        Assert.True(total <= Bound, $"the source generator loads {total:N0} bytes of its own assemblies for text WIT ({list}); the bound is {Bound:N0}");
        Assert.DoesNotContain(loaded, a => a.Name is "WitBindgen.ComponentModel.Binary" or "WitBindgen.ComponentModel.Text" or "WitBindgen.CoreWasm");
    }

    [Fact]
    public void ABinaryWitPackageInDepsLoadsTheDecoder()
    {
        // The counter-check: the measurement sees the binary format once a deps/ package needs it.
        var encoded = Path.Combine(_dir, "encoded");
        Directory.CreateDirectory(encoded);
        File.WriteAllText(Path.Combine(encoded, "main.wit"), "package demo:logging;\ninterface log { write: func(s: string); }\n");
        var load = WitLoader.LoadPath(encoded);
        Assert.True(load.Success);
        Directory.Delete(Path.Combine(_dir, "deps", "logging"), true);
        File.WriteAllBytes(Path.Combine(_dir, "deps", "logging.wasm"), WitBinaryEncoder.EncodePackage(load.Resolve!, load.RootPackage));
        Directory.Delete(encoded, true);

        var (loaded, generated) = Run();
        Assert.NotEmpty(generated);
        _output.WriteLine($"binary WIT loads {loaded.Sum(a => a.Bytes):N0} bytes: {string.Join(", ", loaded.Select(a => $"{a.Name} {a.Bytes:N0}"))}");
        Assert.Contains(loaded, a => a.Name == "WitBindgen.ComponentModel.Binary");
    }

    /// <summary>The generator's folder as built: what the package ships in analyzers/dotnet/cs.</summary>
    private static string GeneratorFolder()
    {
        // tests/Generator.Tests/bin/{Configuration}/net10.0/ → src/Generator.SourceGenerator/bin/{Configuration}/netstandard2.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(Conformance.RepoRoot, "src", "Generator.SourceGenerator", "bin", configuration, "netstandard2.0");
    }

    private static IEnumerable<FileInfo> Shipped()
        => Directory.GetFiles(GeneratorFolder(), "WitBindgen.*.dll").Select(f => new FileInfo(f));

    private (List<(string Name, long Bytes)> Loaded, List<string> Generated) Run()
    {
        var context = new GeneratorContext(GeneratorFolder());
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(GeneratorFolder(), "WitBindgen.Generator.SourceGenerator.dll"));
            var generator = (IIncrementalGenerator)Activator.CreateInstance(assembly.GetType("WitBindgen.Generator.SourceGenerator.WitSourceGenerator", throwOnError: true)!)!;
            var files = Directory.GetFiles(_dir, "*.wit", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (AdditionalText)new Text(p, File.ReadAllText(p))).ToArray();
            var metadata = new Provider(new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.WitRoot"] = _dir,
                ["build_metadata.AdditionalFiles.WitWorld"] = "app",
                ["build_metadata.AdditionalFiles.WitMode"] = "guest",
            });
            var compilation = RoslynCompiler.Create(new[] { ("Program.cs", "namespace App; public static class Program { }") });
            var driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, files, RoslynCompiler.ParseOptions, metadata).RunGenerators(compilation);
            var result = driver.GetRunResult();
            Assert.Empty(result.Diagnostics);
            var loaded = context.Assemblies
                .Select(a => a.GetName().Name!)
                .Where(n => n.StartsWith("WitBindgen.", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => (n, new FileInfo(Path.Combine(GeneratorFolder(), n + ".dll")).Length))
                .ToList();
            return (loaded, result.GeneratedTrees.Select(t => t.FilePath).ToList());
        }
        finally { context.Unload(); }
    }

    /// <summary>Loads the generator and the libraries shipped with it from its folder; Roslyn and the framework from the host.</summary>
    private sealed class GeneratorContext(string folder) : AssemblyLoadContext("witbindgen-generator", isCollectible: true)
    {
        private static readonly string[] Shipped = { "WitBindgen.", "Scriban.", "Antlr4." };

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return Shipped.Any(p => name.Name!.StartsWith(p, StringComparison.Ordinal)) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
