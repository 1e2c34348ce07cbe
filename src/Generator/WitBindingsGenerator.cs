using System.Collections.Generic;
using WitBindgen.Generator.Building;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator;

/// <summary>The generated files of one world, or the diagnostics that prevented them.</summary>
/// <param name="Files">Generated C# files (empty when <see cref="Diagnostics"/> has an error).</param>
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
    public static WorldBinding BuildModel(Resolve resolve, int worldId, BindingOptions? options = null)
        => new BindingBuilder(resolve, worldId, options ?? new BindingOptions()).Build();

    /// <summary>Renders a binding model to C# files.</summary>
    public static GenerationResult Emit(WorldBinding binding, GenerationMode mode = GenerationMode.Guest)
    {
        if (mode == GenerationMode.Host)
            return new GenerationResult(default, new[] { new GeneratorDiagnostic("WITGEN002", "host bindings are not implemented yet; use mode 'guest'") }.ToEquatableArray());
        foreach (var d in binding.Diagnostics)
            if (d.IsError) return new GenerationResult(default, binding.Diagnostics);
        return new GenerationResult(GuestEmitter.Emit(binding).ToEquatableArray(), binding.Diagnostics);
    }

    /// <summary>Builds and renders the bindings of world <paramref name="worldId"/>.</summary>
    public static GenerationResult Generate(Resolve resolve, int worldId, BindingOptions? options = null, GenerationMode mode = GenerationMode.Guest)
        => Emit(BuildModel(resolve, worldId, options), mode);

    /// <summary>
    /// Finds a world by <c>name</c> (searched in <paramref name="mainPackages"/>, then everywhere) or
    /// <c>ns:pkg/name[@version]</c>; with no name, the single world of the main packages. Returns -1 and
    /// an error message when there is no unique match.
    /// </summary>
    public static int FindWorld(Resolve resolve, IReadOnlyList<int> mainPackages, string? world, out string? error)
    {
        error = null;
        var candidates = new List<int>();
        if (string.IsNullOrEmpty(world))
        {
            foreach (var p in mainPackages) candidates.AddRange(resolve.Packages[p].Worlds.Values);
            if (candidates.Count == 1) return candidates[0];
            error = candidates.Count == 0 ? "no world found in the main package" : "several worlds found; choose one with --world";
            return -1;
        }
        int slash = world!.IndexOf('/');
        if (slash >= 0)
        {
            int colon = world.IndexOf(':');
            var name = world.Substring(slash + 1);
            string? version = null;
            int at = name.IndexOf('@');
            if (at >= 0) { version = name.Substring(at + 1); name = name.Substring(0, at); }
            for (int p = 0; p < resolve.Packages.Count; p++)
            {
                var id = resolve.Packages[p].Name;
                if (colon < 0 || world.Substring(0, colon) != id.Namespace || world.Substring(colon + 1, slash - colon - 1) != id.Name) continue;
                if (version is not null && id.Version?.ToString() != version) continue;
                if (resolve.Packages[p].Worlds.TryGetValue(name, out var w)) candidates.Add(w);
            }
        }
        else
        {
            foreach (var p in mainPackages)
                if (resolve.Packages[p].Worlds.TryGetValue(world, out var w)) candidates.Add(w);
            if (candidates.Count == 0)
                foreach (var p in resolve.Packages)
                    if (p.Worlds.TryGetValue(world, out var w)) candidates.Add(w);
        }
        if (candidates.Count == 1) return candidates[0];
        error = candidates.Count == 0 ? $"world '{world}' not found" : $"world '{world}' is ambiguous; qualify it as ns:pkg/world";
        return -1;
    }
}
