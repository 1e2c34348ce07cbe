using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WitBindgen.Generator.Tests.Support;

/// <summary>Compiles generated code with Roslyn against the running .NET's framework and the support library.</summary>
internal static class RoslynCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = Directory.GetFiles(dir, "*.dll")
            .Where(f => { var n = Path.GetFileName(f); return n.StartsWith("System.", StringComparison.Ordinal) || n == "netstandard.dll" || n == "mscorlib.dll"; })
            .Where(IsManaged)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(WitBindgen.Bindings.Unit).Assembly.Location));
        return refs.ToArray();
    });

    /// <summary>The references of host bindings: the framework, the support library, the runtime, ComponentModel and CoreWasm (the exception family).</summary>
    private static readonly Lazy<MetadataReference[]> HostReferences = new(() => References.Value.Concat(new[]
    {
        MetadataReference.CreateFromFile(typeof(WitBindgen.Runtime.Components.ComponentLinker).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(WitBindgen.ComponentModel.Abi.ComponentValue).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(WitBindgen.CoreWasm.WasmException).Assembly.Location),
    }).ToArray());

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(IEnumerable<(string Name, string Text)> files, string assemblyName = "Generated", bool hooks = false, string[]? extraSymbols = null, bool host = false)
    {
        var symbols = (hooks ? new[] { "WITBINDGEN_IMPORT_HOOKS" } : Array.Empty<string>()).Concat(extraSymbols ?? Array.Empty<string>());
        var options = ParseOptions.WithPreprocessorSymbols(symbols);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, path: f.Name)).ToList();
        return CSharpCompilation.Create(assemblyName, trees, host ? HostReferences.Value : References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Default));
    }

    /// <summary>Errors and warnings (hidden/info ignored).</summary>
    public static IReadOnlyList<Diagnostic> Problems(CSharpCompilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Take(20).Select(d => d.ToString()));
}
