using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.SourceGenerator;

/// <summary>One .wit AdditionalFile with the metadata of the &lt;Wit&gt; item it came from (<paramref name="Features"/>: its enabled <c>@unstable</c> features, <c>*</c> for all).</summary>
internal sealed record WitFileInput(string Root, string Path, string Text, string? World, string Mode, string? Namespace, string? Errors, string? ExceptionsFor, string? Visibility, string? Features);

/// <summary>All .wit files of one &lt;Wit&gt; item (a file, or a package directory with deps/).</summary>
internal sealed record WitItem(string Root, string? World, string Mode, string? Namespace, string? Errors, string? ExceptionsFor, string? Visibility, string? Features, EquatableArray<WitSource> Files);

/// <summary>A .wit file's path and text (the text is part of the cache key, so edits re-run the generator).</summary>
internal sealed record WitSource(string Path, string Text);

/// <summary>A diagnostic with its location as plain values (cacheable).</summary>
internal sealed record DiagnosticInfo(string Id, string Message, bool IsError, string? Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>The binding model of one item, or the diagnostics that prevented it; <paramref name="RootFile"/> is where the generator's own diagnostics go.</summary>
internal sealed record ModelResult(WorldBinding? Binding, GenerationMode Mode, EquatableArray<DiagnosticInfo> Diagnostics, string? RootFile = null);

/// <summary>Generated files and diagnostics of one item.</summary>
internal sealed record EmitResult(EquatableArray<GeneratedFile> Files, EquatableArray<DiagnosticInfo> Diagnostics, GenerationMode Mode = GenerationMode.Guest);
