using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitBindgen.Generator.SourceGenerator;
using WitBindgen.Generator.Tests.Support;

namespace WitBindgen.Generator.Tests;

public class SourceGeneratorTests
{
    private const string WitPath = "/project/wit/greeter.wit";

    private const string Wit = """
        package demo:greeter;

        interface names {
            /// Returns the user's name.
            get-name: func() -> string;
        }

        world greeter {
            import names;
            export greet: func(greeting: string) -> string;
        }
        """;

    private static Provider Metadata(string world, Dictionary<string, string>? extra = null)
    {
        var values = new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.WitRoot"] = WitPath,
            ["build_metadata.AdditionalFiles.WitWorld"] = world,
            ["build_metadata.AdditionalFiles.WitMode"] = "guest",
            ["build_metadata.AdditionalFiles.WitNamespace"] = "Sample.Bindings",
        };
        foreach (var (name, value) in extra ?? new()) values["build_metadata.AdditionalFiles." + name] = value;
        return new Provider(values);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Run(string wit, string world, Dictionary<string, string>? metadata = null)
        => Run(new Text(WitPath, wit), world, metadata);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Run(AdditionalText witFile, string world, Dictionary<string, string>? metadata = null)
    {
        var user = CSharpSyntaxTree.ParseText("namespace App; public static class Program { public static int Answer => 42; }", RoslynCompiler.ParseOptions, path: "Program.cs");
        var compilation = RoslynCompiler.Create(new[] { ("Program.cs", user.ToString()) });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new WitSourceGenerator().AsSourceGenerator() },
            new AdditionalText[] { witFile },
            RoslynCompiler.ParseOptions,
            Metadata(world, metadata),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        return (driver, compilation);
    }

    [Fact]
    public void GeneratesCompilableBindingsFromAdditionalFiles()
    {
        var (driver, compilation) = Run(Wit, "greeter");
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources;
        Assert.Contains(sources, s => s.HintName == "Sample.Bindings.Demo.Greeter.Names.NamesImports.g.cs");
        Assert.Contains(sources, s => s.SourceText.ToString().Contains("EntryPoint = \"get-name\""));
        var all = compilation.AddSyntaxTrees(result.GeneratedTrees);
        var problems = RoslynCompiler.Problems(all);
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }

    private const string Gated = """
        package demo:gated;

        interface api {
            stable: func() -> u32;
            @unstable(feature = fancy)
            fancy: func() -> u32;
        }

        world w {
            import api;
        }
        """;

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("other", null, false)]
    [InlineData("other;fancy", null, true)]
    [InlineData("*", null, true)]
    [InlineData(null, "true", true)]
    public void FeaturesMetadataKeepsGatedItemsOnlyWhenEnabled(string? features, string? allFeatures, bool kept)
    {
        var metadata = new Dictionary<string, string>();
        if (features is not null) metadata["WitFeatures"] = features;
        if (allFeatures is not null) metadata["WitAllFeatures"] = allFeatures;
        var (driver, compilation) = Run(Gated, "w", metadata);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        var imports = result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith("ApiImports.g.cs")).SourceText.ToString();
        Assert.Contains("public static uint Stable()", imports);
        Assert.Equal(kept, imports.Contains("public static uint Fancy()"));
        var problems = RoslynCompiler.Problems(compilation.AddSyntaxTrees(result.GeneratedTrees));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
    }

    [Fact]
    public void UnrelatedCSharpEditDoesNotReparseOrReemit()
    {
        var (driver, compilation) = Run(Wit, "greeter");
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(tree.ToString() + "\n// edited\npublic class Other { }")));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { WitSourceGenerator.ParseStep, WitSourceGenerator.EmitStep })
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }
    }

    [Fact]
    public void WitEditReRunsTheModelStep()
    {
        var original = new Text(WitPath, Wit);
        var (driver, compilation) = Run(original, "greeter");
        driver = driver.ReplaceAdditionalText(original, new Text(WitPath, Wit.Replace("get-name", "get-full-name")));
        driver = driver.RunGenerators(compilation);
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[WitSourceGenerator.ParseStep].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void ExceptionsForMetadataSelectsExceptionStyle()
    {
        var metadata = new Provider(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.WitRoot"] = WitPath,
            ["build_metadata.AdditionalFiles.WitWorld"] = "w",
            ["build_metadata.AdditionalFiles.WitExceptionsFor"] = "demo:x/api#risky",
        });
        var wit = "package demo:x;\ninterface api { risky: func() -> result<u32, string>; safe: func() -> result<u32, string>; }\nworld w { import api; }\n";
        var compilation = RoslynCompiler.Create(new[] { ("Program.cs", "class P { }") });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new WitSourceGenerator().AsSourceGenerator() }, new AdditionalText[] { new Text(WitPath, wit) },
            RoslynCompiler.ParseOptions, metadata);
        var text = driver.RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public static uint Risky()", text);
        Assert.Contains("public static global::WitBindgen.Bindings.Result<uint, string> Safe()", text);
    }

    [Fact]
    public void MissingUnsafeIsReportedInsteadOfBrokenCode()
    {
        var compilation = RoslynCompiler.Create(new[] { ("Program.cs", "class P { }") }).WithOptions(
            RoslynCompiler.Create(System.Array.Empty<(string, string)>()).Options.WithAllowUnsafe(false));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new WitSourceGenerator().AsSourceGenerator() }, new AdditionalText[] { new Text(WitPath, Wit) },
            RoslynCompiler.ParseOptions, Metadata("greeter"));
        var result = driver.RunGenerators(compilation).GetRunResult();
        Assert.Contains(result.Diagnostics, d => d.Id == "WITGEN004" && d.GetMessage().Contains("AllowUnsafeBlocks"));
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void WitErrorsBecomeDiagnosticsInTheWitFile()
    {
        var (driver, _) = Run(Wit.Replace("get-name: func() -> string;", "get-name: func() -> strin;"), "greeter");
        var diagnostic = driver.GetRunResult().Diagnostics.Single();
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("WIT", diagnostic.Id);
        Assert.Equal(WitPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Preview3FeaturesAreReportedNotGenerated()
    {
        var (driver, _) = Run("package a:b;\nworld w {\n  export run: async func();\n}\n", "w");
        var result = driver.GetRunResult();
        Assert.Contains(result.Diagnostics, d => d.Id == "WITGEN001" && d.GetMessage().Contains("not supported yet"));
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void GeneratorDiagnosticsAreReportedAtTheWitFile()
    {
        var (driver, _) = Run("package a:b;\nworld w {\n  export run: async func();\n}\n", "w");
        var diagnostic = driver.GetRunResult().Diagnostics.Single(d => d.Id == "WITGEN001");
        Assert.Equal(WitPath, diagnostic.Location.GetLineSpan().Path);
    }
}
