using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitBindgen.Generator.SourceGenerator;
using WitBindgen.Generator.Tests.Support;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>Host mode through the CLI (<c>wit-bindgen generate --mode host</c>) and the source generator (<c>Mode="host"</c>).</summary>
public class HostFrontEndTests
{
    private const string Wit = "package demo:app@1.2.0;\ninterface log { write: func(msg: string); }\ninterface api { hello: func(name: string) -> string; }\nworld app { import log; export api; }\n";

    [Fact]
    public void CliWritesHostBindingsWithoutComponentType()
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var wit = Path.Combine(dir, "app.wit");
            File.WriteAllText(wit, Wit);
            var outDir = Path.Combine(dir, "out");
            var type = Assembly.Load("wit-bindgen").GetType("WitBindgen.Cli.Commands.GenerateCommand", throwOnError: true)!;
            var o = new StringWriter();
            var e = new StringWriter();
            var code = (int)type.GetMethod("Execute", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object?[] { wit, "app", "host", outDir, "My.Ns", null, null, o, e })!;
            Assert.Equal("", e.ToString());
            Assert.Equal(0, code);
            Assert.Contains("generated 3 files", o.ToString());
            Assert.Equal(new[] { "My.Ns.Demo.App.Api.ApiExports.g.cs", "My.Ns.Demo.App.App.AppWorld.g.cs", "My.Ns.Demo.App.Log.LogImports.g.cs" },
                Directory.GetFiles(outDir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Contains("linker.Instance(\"demo:app/log@1.2.0\")", File.ReadAllText(Path.Combine(outDir, "My.Ns.Demo.App.Log.LogImports.g.cs")));
            Assert.Contains("public static AppWorld Instantiate(", File.ReadAllText(Path.Combine(outDir, "My.Ns.Demo.App.App.AppWorld.g.cs")));

            // Resources: the component's resource becomes a handle class.
            File.WriteAllText(wit, "package demo:app;\ninterface api { resource r { get: func() -> u32; } }\nworld app { export api; }\n");
            var outDir2 = Path.Combine(dir, "out2");
            e = new StringWriter();
            code = (int)type.GetMethod("Execute", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object?[] { wit, "app", "host", outDir2, null, null, null, new StringWriter(), e })!;
            Assert.Equal("", e.ToString());
            Assert.Equal(0, code);
            Assert.Contains("public sealed class R : global::System.IDisposable", File.ReadAllText(Path.Combine(outDir2, "Demo.App.Api.ApiExports.g.cs")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static GeneratorDriverRunResult RunGenerator(Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation)
    {
        const string path = "/project/wit/app.wit";
        var metadata = new Provider(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.WitRoot"] = path,
            ["build_metadata.AdditionalFiles.WitWorld"] = "app",
            ["build_metadata.AdditionalFiles.WitMode"] = "host",
        });
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new WitSourceGenerator().AsSourceGenerator() }, new AdditionalText[] { new Text(path, Wit) },
            RoslynCompiler.ParseOptions, metadata);
        return driver.RunGenerators(compilation).GetRunResult();
    }

    [Fact]
    public void SourceGeneratorEmitsHostBindingsThatCompile()
    {
        const string user = """
            public sealed class Log : Demo.App.Log.ILog { public void Write(string msg) { } }
            public static class Program
            {
                public static string Run(WitBindgen.Runtime.Store store, WitBindgen.Runtime.Components.Component component, WitBindgen.Runtime.Components.ComponentLinker linker)
                {
                    Demo.App.Log.LogImports.AddToLinker(linker, new Log());
                    return Demo.App.App.AppWorld.Instantiate(store, component, linker).Api.Hello("you");
                }
            }
            """;
        // Host bindings need no unsafe code.
        var compilation = RoslynCompiler.Create(new[] { ("Program.cs", user) }, host: true);
        compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(false));
        var result = RunGenerator(compilation);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.Results.Single().GeneratedSources.Length);
        var problems = RoslynCompiler.Problems(compilation.AddSyntaxTrees(result.GeneratedTrees));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }

    [Fact]
    public void SourceGeneratorAsksForTheRuntimeReference()
    {
        var result = RunGenerator(RoslynCompiler.Create(new[] { ("Program.cs", "class P { }") }));
        Assert.Contains(result.Diagnostics, d => d.Id == "WITGEN004" && d.GetMessage().Contains("a reference to WitBindgen.Runtime"));
        Assert.Empty(result.Results.Single().GeneratedSources);
    }
}
