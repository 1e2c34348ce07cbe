using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser;

namespace WitBindgen.Generator.SourceGenerator;

/// <summary>
/// Generates C# bindings from .wit files passed as AdditionalFiles with item metadata (WitRoot,
/// WitWorld, WitMode, WitNamespace, WitErrors, WitExceptionsFor, WitVisibility, WitFeatures, WitAllFeatures) mapped from &lt;Wit Include="wit/" World="..." /&gt;
/// items by build/WitBindgen.targets.
/// Every step's output is value-equal, so an unrelated C# edit re-runs nothing (tracked steps:
/// <see cref="ParseStep"/> and <see cref="EmitStep"/>). A single-file item is parsed from the
/// AdditionalFile text; a directory item is loaded from disk (deps/ included) but re-runs only when the
/// text of one of its .wit files changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitSourceGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the WIT parsing + binding model step.</summary>
    public const string ParseStep = "WitBindingModel";
    /// <summary>Tracking name of the emission step.</summary>
    public const string EmitStep = "WitEmit";

    private const string Prefix = "build_metadata.AdditionalFiles.";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => ReadInput(pair.Left, pair.Right.GetOptions(pair.Left), ct))
            .Where(static input => input is not null)
            .Select(static (input, _) => input!);

        var items = files.Collect().SelectMany(static (all, _) => Group(all));

        var models = items.Select(static (item, ct) => BuildModel(item)).WithTrackingName(ParseStep);
        var outputs = models.Select(static (model, _) => Emit(model)).WithTrackingName(EmitStep);

        // What the generated code needs from the compilation; a bool pair, so C# edits stay cached.
        var prerequisites = context.CompilationProvider.Select(static (c, _) => (
            Unsafe: c.Options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: true },
            Support: c.ReferencedAssemblyNames.Any(a => a.Name == "WitBindgen.Bindings"),
            // The runtime itself generates host bindings for the WASI interfaces it implements.
            Runtime: c.AssemblyName == "WitBindgen.Runtime" || c.ReferencedAssemblyNames.Any(a => a.Name == "WitBindgen.Runtime")));

        context.RegisterSourceOutput(outputs.Combine(prerequisites), static (spc, pair) =>
        {
            var (result, needs) = pair;
            foreach (var d in result.Diagnostics) spc.ReportDiagnostic(ToDiagnostic(d));
            if (result.Files.Count == 0) return;
            // Guest bindings need unsafe code and the support library; host bindings the support library and the runtime.
            bool host = result.Mode == GenerationMode.Host;
            if ((!host && !needs.Unsafe) || !needs.Support || (host && !needs.Runtime))
            {
                var what = !host && !needs.Unsafe ? "<AllowUnsafeBlocks>true</AllowUnsafeBlocks>"
                    : !needs.Support ? "a reference to WitBindgen.Bindings" : "a reference to WitBindgen.Runtime";
                spc.ReportDiagnostic(ToDiagnostic(Plain("WITGEN004", $"WIT bindings need {what} in the project; no code was generated", null)));
                return;
            }
            foreach (var f in result.Files) spc.AddSource(f.HintName, SourceText.From(f.Text, Encoding.UTF8));
        });
    }

    private static WitFileInput? ReadInput(AdditionalText file, AnalyzerConfigOptions options, System.Threading.CancellationToken ct)
    {
        string? Get(string name) => options.TryGetValue(Prefix + name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var root = Get("WitRoot");
        if (root is null) return null; // a .wit file that is not part of a <Wit> item
        var text = file.GetText(ct)?.ToString() ?? "";
        // AllFeatures="true" (wit-bindgen's --all-features) is the "*" entry of the feature list.
        var features = string.Equals(Get("WitAllFeatures"), "true", StringComparison.OrdinalIgnoreCase) ? "*" : Get("WitFeatures");
        return new WitFileInput(root, file.Path, text, Get("WitWorld"), Get("WitMode") ?? "guest", Get("WitNamespace"), Get("WitErrors"), Get("WitExceptionsFor"), Get("WitVisibility"), features);
    }

    private static IEnumerable<WitItem> Group(IEnumerable<WitFileInput> inputs)
    {
        foreach (var g in inputs.GroupBy(i => i.Root, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = g.First();
            var sources = g.OrderBy(i => i.Path, StringComparer.Ordinal).Select(i => new WitSource(i.Path, i.Text)).ToEquatableArray();
            yield return new WitItem(first.Root, first.World, first.Mode, first.Namespace, first.Errors, first.ExceptionsFor, first.Visibility, first.Features, sources);
        }
    }

    internal static ModelResult BuildModel(WitItem item)
    {
        var mode = string.Equals(item.Mode, "host", StringComparison.OrdinalIgnoreCase) ? GenerationMode.Host : GenerationMode.Guest;
        try
        {
            WitLoadResult load;
            bool isFile = item.Files.Count == 1 && string.Equals(Path.GetFullPath(item.Files[0].Path), Path.GetFullPath(item.Root), StringComparison.Ordinal);
            var witOptions = (isFile ? new WitOptions() : ComponentPackageDecoder.Options).WithFeatures(new[] { item.Features });
            load = isFile ? WitLoader.LoadText(item.Files[0].Path, item.Files[0].Text, witOptions) : WitLoader.LoadPath(item.Root, witOptions);
            if (!load.Success || load.Resolve is null)
                return new ModelResult(null, mode, load.Diagnostics.Select(FromWit).ToEquatableArray());
            if (load.Resolve.SelectWorld(load.RootPackage, item.World, out var error) is not { } world)
                return new ModelResult(null, mode, new[] { Plain("WITGEN003", $"{item.Root}: {error!.Message}", RootFile(item)) }.ToEquatableArray());
            var options = new BindingOptions
            {
                RootNamespace = item.Namespace,
                Errors = string.Equals(item.Errors, "exceptions", StringComparison.OrdinalIgnoreCase) ? ErrorStyle.Exceptions : ErrorStyle.Result,
                ExceptionsFor = (item.ExceptionsFor ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(e => e.Trim()).Where(e => e.Length > 0).ToEquatableArray(),
                Internal = string.Equals(item.Visibility, "internal", StringComparison.OrdinalIgnoreCase),
            };
            var binding = WitBindingsGenerator.BuildModel(load.Resolve, world, options);
            return new ModelResult(binding, mode, default, RootFile(item));
        }
        catch (Exception ex)
        {
            return new ModelResult(null, mode, new[] { Plain("WITGEN999", $"{item.Root}: internal generator error: {ex.GetType().Name}: {ex.Message}", null) }.ToEquatableArray());
        }
    }

    /// <summary>
    /// Where item-level problems (a wrong world name) are reported: the item's file, or the first .wit file of
    /// its root package (not one under deps/, whose path would point at an unrelated package).
    /// </summary>
    internal static string? RootFile(WitItem item)
    {
        var root = Path.GetFullPath(item.Root);
        foreach (var f in item.Files)
        {
            var full = Path.GetFullPath(f.Path);
            if (full == root) return f.Path;
            if (!full.StartsWith(root, StringComparison.Ordinal)) continue;
            var relative = full.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
            if (relative.IndexOfAny(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }) < 0 || !string.Equals(first, "deps", StringComparison.Ordinal))
                return f.Path;
        }
        return item.Files.FirstOrDefault()?.Path;
    }

    internal static EmitResult Emit(ModelResult model)
    {
        if (model.Binding is null) return new EmitResult(default, model.Diagnostics);
        var result = WitBindingsGenerator.Emit(model.Binding, model.Mode);
        // Generator diagnostics (Preview 3 features...) are about the item: they go to its root package's file.
        var diagnostics = model.Diagnostics.Concat(result.Diagnostics.Select(d => Plain(d.Code, d.Message, model.RootFile, d.IsError)));
        return new EmitResult(result.Files, diagnostics.ToEquatableArray(), model.Mode);
    }

    private static DiagnosticInfo FromWit(WitParser.Diagnostics.Diagnostic d)
    {
        // A located diagnostic is the real message at its place: the loader's outer context ("failed to resolve
        // directory while parsing WIT for path ...") only says which item, which the location already shows.
        if (d.Span is not { } span)
        {
            var message = d.Context.Count == 0 ? d.Message : string.Join(": ", d.Context) + ": " + d.Message;
            return Plain(d.Code, message, null, d.Severity == WitParser.Diagnostics.Severity.Error);
        }
        var (l1, c1) = span.File.LineColumn(span.Start);
        var (l2, c2) = span.File.LineColumn(span.End);
        return new DiagnosticInfo(d.Code, d.Message, d.Severity == WitParser.Diagnostics.Severity.Error, span.File.Path, span.Start, span.Length, l1 - 1, c1 - 1, l2 - 1, c2 - 1);
    }

    private static DiagnosticInfo Plain(string id, string message, string? path, bool isError = true)
        => new(id, message, isError, path, 0, 0, 0, 0, 0, 0);

    private static Diagnostic ToDiagnostic(DiagnosticInfo d)
    {
        var descriptor = new DiagnosticDescriptor(d.Id, "WIT bindings", "{0}", "WitBindgen",
            d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, isEnabledByDefault: true);
        var location = d.Path is null
            ? Location.None
            : Location.Create(d.Path, new TextSpan(d.Start, d.Length),
                new LinePositionSpan(new LinePosition(Math.Max(0, d.StartLine), Math.Max(0, d.StartColumn)), new LinePosition(Math.Max(0, d.EndLine), Math.Max(0, d.EndColumn))));
        return Diagnostic.Create(descriptor, location, d.Message);
    }
}
