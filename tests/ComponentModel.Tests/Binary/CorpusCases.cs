using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Tests;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>The WIT corpora as loaded resolves: wit-parser ui success cases, WASI 0.2/0.3, wit-bindgen codegen.</summary>
internal static class CorpusCases
{
    public sealed record Case(string Name, Resolve Resolve, IReadOnlyList<Id<Package>> MainPackages);

    /// <summary>All cases that load; paths that fail to load are returned in <paramref name="skipped"/>.</summary>
    public static List<Case> Load(List<string> skipped)
    {
        var cases = new List<Case>();
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return cases;
        var entries = new List<(string Name, string Path, WitOptions Options)>();
        var uiOptions = WitPackageFiles.Enable(new WitOptions { Features = new[] { "active" } });
        foreach (var d in Directory.GetDirectories(ui))
            if (Path.GetFileName(d) != "parse-fail") entries.Add(("ui/" + Path.GetFileName(d), d, uiOptions));
        foreach (var f in Directory.GetFiles(ui))
            if (Path.GetExtension(f) is ".wit" or ".wat" or ".wasm" or ".md") entries.Add(("ui/" + Path.GetFileName(f), f, uiOptions));

        var all = new WitOptions { AllFeatures = true };
        foreach (var version in new[] { "0.2", "0.3" })
        {
            var root = Conformance.PathOf("wasi", version);
            if (root is null || !Directory.Exists(root)) continue;
            if (Directory.Exists(Path.Combine(root, "deps"))) entries.Add(($"wasi/{version}", root, all));
            foreach (var sub in Directory.GetDirectories(root))
                if (Directory.Exists(Path.Combine(sub, "deps"))) entries.Add(($"wasi/{version}/{Path.GetFileName(sub)}", sub, all));
        }
        var codegen = Conformance.PathOf("wit-bindgen-codegen", "codegen");
        if (codegen is not null && Directory.Exists(codegen))
        {
            foreach (var d in Directory.GetDirectories(codegen))
                entries.Add(("codegen/" + Path.GetFileName(d), Directory.Exists(Path.Combine(d, "wit")) ? Path.Combine(d, "wit") : d, all));
            foreach (var f in Directory.GetFiles(codegen, "*.wit")) entries.Add(("codegen/" + Path.GetFileName(f), f, all));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, path, options) in entries)
        {
            var result = WitLoader.LoadPath(path, options);
            if (!result.Success || result.Resolve is null) { skipped.Add($"{name}: {result.Diagnostics.FirstOrDefault()?.Message.Split('\n')[0]}"); continue; }
            cases.Add(new Case(name, result.Resolve, result.MainPackages));
        }
        return cases;
    }
}
