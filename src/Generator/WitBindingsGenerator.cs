using WitBindgen.Generator.Building;
using System.Linq;
using WitBindgen.Generator.Emit.Guest;
using WitBindgen.Generator.Emit.Host;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator;

/// <summary>The generated files of one world, or the diagnostics that prevented them.</summary>
/// <param name="Files">Generated C# files: empty when <see cref="Diagnostics"/> has an error, except for Preview 3
/// features (<c>WITGEN001</c>), which leave out only the functions and types that use them.</param>
/// <param name="Diagnostics">Problems found (e.g. Preview 3 features not supported yet).</param>
public sealed record GenerationResult(EquatableArray<GeneratedFile> Files, EquatableArray<GeneratorDiagnostic> Diagnostics)
{
    /// <summary>Whether code was generated without errors.</summary>
    public bool Success
    {
        get
        {
            foreach (var d in Diagnostics) if (d.IsError) return false;
            return true;
        }
    }
}

/// <summary>Entry point of the C# bindings generator.</summary>
public static class WitBindingsGenerator
{
    /// <summary>Computes the value-equal binding model of world <paramref name="worldId"/>.</summary>
    public static WorldBinding BuildModel(Resolve resolve, Id<World> worldId, BindingOptions? options = null)
        => new BindingBuilder(resolve, worldId, options ?? new BindingOptions()).Build();

    /// <summary>Renders a binding model to C# files.</summary>
    public static GenerationResult Emit(WorldBinding binding, GenerationMode mode = GenerationMode.Guest)
    {
        // Preview 3 features (WITGEN001) leave out only what uses them: the rest is emitted beside the errors.
        foreach (var d in binding.Diagnostics)
            if (d.IsError && d.Code != Preview3Check.Code) return new GenerationResult(default, binding.Diagnostics);
        System.Collections.Generic.IReadOnlyList<GeneratedFile> files = mode == GenerationMode.Host ? HostEmitter.Emit(binding) : GuestEmitter.Emit(binding);
        if (binding.Internal) files = files.Select(f => f with { Text = Internalize(f.Text) }).ToList();
        return new GenerationResult(files.ToEquatableArray(), binding.Diagnostics);
    }

    /// <summary>
    /// Makes every type the emitters declare at namespace level (the only lines indented by one level that start with
    /// <c>public</c>) internal; members keep <c>public</c>, bounded by their type.
    /// </summary>
    private static string Internalize(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("    public ", System.StringComparison.Ordinal)) lines[i] = "    internal " + lines[i].Substring("    public ".Length);
        return string.Join("\n", lines);
    }

    /// <summary>Builds and renders the bindings of world <paramref name="worldId"/>.</summary>
    public static GenerationResult Generate(Resolve resolve, Id<World> worldId, BindingOptions? options = null, GenerationMode mode = GenerationMode.Guest)
        => Emit(BuildModel(resolve, worldId, options), mode);
}
