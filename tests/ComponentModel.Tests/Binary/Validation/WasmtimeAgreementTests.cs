using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.Tests;
using WitBindgen.ComponentModel.Binary;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>
/// No false rejections on real shapes: every WIT package and world of the corpus, encoded as a component, that
/// Wasmtime loads must also pass our validation (resources, interface instance types, outer aliases, names).
/// </summary>
public sealed class WasmtimeAgreementTests
{
    private readonly ITestOutputHelper _output;

    public WasmtimeAgreementTests(ITestOutputHelper output) => _output = output;

    /// <summary>Components jco (wit-component) made from the C fixtures: real adapter-linked shapes.</summary>
    [Fact]
    public void ComponentsMadeByJcoAreValid()
    {
        var dir = Componentize.ComponentFixtures.Directory;
        int read = 0;
        foreach (var program in Componentize.ComponentFixtures.Programs)
        {
            var path = Componentize.ComponentFixtures.Require(System.IO.Path.Combine(dir, program + ".jco.wasm"), _output.WriteLine);
            if (path is null) continue;
            var binary = ComponentReader.Read(System.IO.File.ReadAllBytes(path));
            Assert.NotEmpty(binary.Sections);
            read++;
        }
        _output.WriteLine($"jco components validated: {read}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryEncodedPackageWasmtimeLoadsIsValid()
    {
        var skipped = new List<string>();
        var cases = CorpusCases.Load(skipped);
        if (cases.Count == 0) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithComponentModel(true));
        int loaded = 0, valid = 0;
        var rejected = new List<string>();
        var seen = new HashSet<string>();
        foreach (var c in cases)
        {
            foreach (var p in c.Resolve.Packages.Ids)
            {
                var binaries = new List<(string, byte[])> { ($"{c.Name}#{c.Resolve.Packages[p].Name}", WitBinaryEncoder.EncodePackage(c.Resolve, p)) };
                foreach (var w in c.Resolve.Packages[p].Worlds.Values)
                    binaries.Add(($"{c.Name} world {c.Resolve.Worlds[w].Name}", WitBinaryEncoder.EncodeWorld(c.Resolve, w)));
                foreach (var (label, bytes) in binaries)
                {
                    if (!seen.Add(Convert.ToBase64String(bytes))) continue;
                    if (!WasmtimeAcceptanceTests.TryLoad(engine, bytes, out _)) continue;
                    loaded++;
                    try { ComponentReader.Read(bytes); valid++; }
                    catch (ComponentFormatException e) { rejected.Add($"{label}: {e.Message}"); }
                }
            }
        }
        _output.WriteLine($"binaries Wasmtime loads that we validate: {valid}/{loaded}");
        foreach (var r in rejected.Take(40)) _output.WriteLine("  " + r);
        Assert.True(loaded > 0);
        Assert.Empty(rejected);
    }

    /// <summary>
    /// Differential: reference components with random byte edits. Whatever Wasmtime loads we must validate (no
    /// false rejections); what only Wasmtime rejects is counted (mostly function bodies, which are not validated here).
    /// </summary>
    // The reference test components Wasmtime loads (null when the corpus is absent).
    private static List<(string File, byte[] Bytes)>? LoadableReferenceComponents(Wasmtime.Engine engine)
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) return null;
        var originals = new List<(string, byte[])>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var m = Regex.Match(form, @"^\(component(\s+definition)?(\s+\$[^\s()]+)?");
                if (!m.Success || Regex.IsMatch(form, @"^\(component\s+(instance|binary|quote)\b")) continue;
                byte[] bytes;
                try { bytes = Wasmtime.Module.ConvertText("(component" + m.Groups[2].Value + form.Substring(m.Length)); }
                catch (Exception) { continue; }
                if (WasmtimeAcceptanceTests.TryLoad(engine, bytes, out _)) originals.Add((Path.GetFileName(file), bytes));
            }
        return originals;
    }

    // Bytes of embedded core modules (whose bodies we do not validate), so edits can target component structure.
    private static void MarkCoreModules(ComponentBinary component, byte[] bytes, bool[] mark)
    {
        foreach (var s in component.Sections)
        {
            if (s is CoreModuleSection m)
            {
                int end = s.Offset + 1;
                while ((bytes[end] & 0x80) != 0) end++;
                end += 1 + m.Module.Length;
                for (int i = s.Offset; i < end && i < mark.Length; i++) mark[i] = true;
            }
            if (s is NestedComponentSection n) MarkCoreModules(n.Component, bytes, mark);
        }
    }

    /// <summary>
    /// Differential on component structure: one byte outside core modules moved by one (an index, a count, a kind,
    /// a name character), so most edits stay well-formed and exercise the type checks.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void ComponentsWithShiftedStructureWasmtimeLoadsAreValid() =>
        Differential(40, 7, (original, random) =>
        {
            var mark = new bool[original.Length];
            MarkCoreModules(ComponentReader.Read(original), original, mark);
            var positions = Enumerable.Range(8, original.Length - 8).Where(i => !mark[i]).ToArray();
            var bytes = (byte[])original.Clone();
            if (positions.Length == 0) return bytes;
            int at = positions[random.Next(positions.Length)];
            bytes[at] = (byte)(bytes[at] + (random.Next(2) == 0 ? 1 : -1));
            return bytes;
        });

    /// <summary>
    /// Differential on embedded core modules: one random byte inside a core module (past its 8-byte preamble), 300
    /// times per reference component. Wasmtime decodes and validates the module fully; so does the core validator
    /// the component validator runs, for every module that uses only what the engine supports. So a mutation only
    /// Wasmtime rejects must be one whose module uses a standard proposal the engine does not run (exceptions, GC,
    /// threads...), which the component validator checks structurally only; features no standard has (legacy
    /// exception handling, stack switching) are rejected like Wasmtime does. On main before that rejection: 1,161
    /// of 61,800 only Wasmtime rejected; after: 679 (GC 334, exception handling 324, threads 18, typed function
    /// references 2, wide arithmetic 1). Since the reader reads on past GC types, tags, try_table and shared
    /// memories (reporting the feature after the whole module is read) and bounds tag indices: 185 (exception
    /// handling 94, GC 70, threads 18, typed function references 2, wide arithmetic 1). Since exception handling is
    /// validated like any supported feature: 95 (GC 70, threads 18, typed function references 6 (exnref and GC
    /// reference types in signatures the component summary does not model), wide arithmetic 1). Since GC is decoded
    /// and validated like any supported feature: 37 (typed references in signatures the component summary does not
    /// model 18, all of them component-level mismatches such as a `realloc` of the wrong signature; threads 18; wide
    /// arithmetic 1), none of them GC validation.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void CoreModuleMutationsAgreeWithWasmtime()
    {
        var onlyWasmtime = Differential(300, 61800, (original, random) =>
        {
            var positions = new List<int>();
            CoreModuleContents(ComponentReader.Read(original), original, positions);
            var bytes = (byte[])original.Clone();
            if (positions.Count == 0) return bytes;
            int at = positions[random.Next(positions.Count)];
            bytes[at] = (byte)random.Next(256);
            return bytes;
        });
        Assert.False(onlyWasmtime.TryGetValue(Validated, out var missed), $"{missed} mutations of modules the core validator judged are rejected only by Wasmtime");
        Assert.DoesNotContain(onlyWasmtime.Keys, why => why.Contains("legacy exception handling") || why.Contains("stack switching"));
    }

    // Why the core validator did not judge a component's core modules: the first "unsupported feature" its
    // reader reports (a proposal the engine does not run), or null when every module was validated.
    private static string? UnsupportedCoreFeature(ComponentBinary component)
    {
        foreach (var s in component.Sections)
        {
            if (s is CoreModuleSection m)
            {
                try
                {
                    // Typed function references decode and validate, but the component summary does not model
                    // them (CoreModuleSummary): the instantiations of such a module are not checked.
                    if (UsesTypedReferences(WitBindgen.CoreWasm.Binary.ModuleReader.Read(m.Module)))
                        return "typed function references (not modeled by the component summary)";
                }
                catch (WitBindgen.CoreWasm.Binary.WasmDecodeException e) when (e.IsUnsupportedFeature) { return e.Reason; }
                catch (WitBindgen.CoreWasm.WasmException) { }
            }
            if (s is NestedComponentSection n && UnsupportedCoreFeature(n.Component) is { } nested) return nested;
        }
        return null;
    }

    private static bool UsesTypedReferences(WitBindgen.CoreWasm.Modules.ModuleDefinition module)
    {
        static bool Typed(WitBindgen.CoreWasm.Modules.ValueType t) => WitBindgen.CoreWasm.Modules.ValueTypes.IsTypedReference(t);
        return module.Types.Any(f => f.Params.Any(Typed) || f.Results.Any(Typed))
            || module.AllTables().Any(t => Typed(t.ElementType)) || module.AllGlobals().Any(g => Typed(g.ValueType))
            || module.Codes.Any(c => c.Locals.Any(Typed));
    }

    // Offsets of the bytes of embedded core modules after their preamble (magic and version).
    private static void CoreModuleContents(ComponentBinary component, byte[] bytes, List<int> positions)
    {
        foreach (var s in component.Sections)
        {
            if (s is CoreModuleSection m)
            {
                int end = s.Offset + 1;
                while ((bytes[end] & 0x80) != 0) end++;
                end += 1 + m.Module.Length;
                for (int i = end - m.Module.Length + 8; i < end && i < bytes.Length; i++) positions.Add(i);
            }
            if (s is NestedComponentSection n) CoreModuleContents(n.Component, bytes, positions);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedComponentsWasmtimeLoadsAreValid() =>
        Differential(40, 20261124, (original, random) =>
        {
            var bytes = (byte[])original.Clone();
            int at = 8 + random.Next(Math.Max(1, bytes.Length - 8));
            if (at < bytes.Length) bytes[at] = (byte)random.Next(256);
            return bytes;
        });

    // Wasmtime's reason without its context chain, offsets and numbers, so that like problems count together.
    private static string WasmtimeProblem(string? reason)
    {
        var last = (reason ?? "").Split('|').Last().Trim();
        last = Regex.Replace(last, @"^\d+: |Invalid input WebAssembly code at offset \d+: |\(at offset 0x[0-9a-f]+\)", "").Trim();
        return Regex.Replace(last, @"\d+", "N");
    }

    private const string Validated = "no unsupported feature: validated by the core validator";

    // Returns the mutations only Wasmtime rejects, counted by why the core validator did not reject them
    // (<see cref="Validated"/> or the unsupported feature); empty when the corpus is absent.
    private Dictionary<string, int> Differential(int rounds, int seed, Func<byte[], Random, byte[]> mutate)
    {
        using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithComponentModel(true));
        var originals = LoadableReferenceComponents(engine);
        if (originals is null) { _output.WriteLine("conformance corpus not found: skipped"); return new Dictionary<string, int>(); }
        var random = new Random(seed);
        int mutations = 0, bothAccept = 0, onlyWasmtimeRejects = 0;
        var falseRejections = new List<string>();
        var onlyWasmtime = new List<string>();
        var onlyWasmtimeWhy = new Dictionary<string, int>();
        var wasmtimeProblems = new Dictionary<(string Why, string Problem), int>();
        foreach (var (file, original) in originals)
        {
            for (int round = 0; round < rounds; round++)
            {
                var bytes = mutate(original, random);
                int at = Enumerable.Range(0, bytes.Length).FirstOrDefault(i => bytes[i] != original[i]);
                mutations++;
                string? ours = null;
                try { ComponentReader.Read(bytes); }
                catch (ComponentFormatException e) { ours = e.Message; }
                bool wasmtime = WasmtimeAcceptanceTests.TryLoad(engine, bytes, out var reason);
                if (wasmtime && ours is not null) falseRejections.Add($"{file} (byte {at} edited): {ours}");
                else if (wasmtime) bothAccept++;
                else if (ours is null)
                {
                    onlyWasmtimeRejects++;
                    onlyWasmtime.Add($"{file} (byte {at} edited): {reason}");
                    var why = UnsupportedCoreFeature(ComponentReader.Read(bytes)) ?? Validated;
                    onlyWasmtimeWhy[why] = onlyWasmtimeWhy.TryGetValue(why, out var n) ? n + 1 : 1;
                    var key = (why, WasmtimeProblem(reason));
                    wasmtimeProblems[key] = wasmtimeProblems.TryGetValue(key, out var k) ? k + 1 : 1;
                }
            }
        }
        _output.WriteLine($"{originals.Count} components Wasmtime loads, {mutations} mutations: {bothAccept} valid for both, " +
            $"{onlyWasmtimeRejects} rejected only by Wasmtime, {falseRejections.Count} rejected only by us");
        foreach (var f in falseRejections.Take(20)) _output.WriteLine("  " + f);
        foreach (var w in onlyWasmtimeWhy.OrderByDescending(w => w.Value))
        {
            _output.WriteLine($"  only Wasmtime rejects x{w.Value}: {w.Key}");
            foreach (var p in wasmtimeProblems.Where(p => p.Key.Why == w.Key).OrderByDescending(p => p.Value).Take(4))
                _output.WriteLine($"      x{p.Value} Wasmtime: {p.Key.Problem}");
        }
        foreach (var f in onlyWasmtime.Take(60)) _output.WriteLine("  only Wasmtime rejects " + f);
        Assert.True(originals.Count > 50);
        Assert.Empty(falseRejections);
        return onlyWasmtimeWhy;
    }
}
