using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Tests.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm.Text;
using WitBindgen.CoreWasm.Text.Syntax;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Text.Core;

/// <summary>
/// Differential test of <see cref="CoreModuleAssembler"/> against Wasmtime's WAT assembler (the Rust `wat`
/// crate) over the WebAssembly spec tests: every module both accept must assemble to the same sections.
/// </summary>
public sealed class CoreModuleSpecTests
{
    private readonly ITestOutputHelper _output;

    public CoreModuleSpecTests(ITestOutputHelper output) => _output = output;

    // Raise as things improve; never lower.
    private const int ExpectedIdentical = 5193;
    private const int ExpectedIdenticalWithNames = 5193;
    private const int ExpectedMalformedRejected = 1229;
    private const int ExpectedSpecMessages = 1143;
    private const int ExpectedComponentCoreModules = 556;

    /// <summary>Modules of a script: top-level ones and those inside assertions other than assert_malformed.</summary>
    private static IEnumerable<string> Modules(string script)
    {
        foreach (var form in WastForms.TopLevelForms(script))
        {
            string? module = form;
            if (form.StartsWith("(assert_", StringComparison.Ordinal))
            {
                if (form.StartsWith("(assert_malformed", StringComparison.Ordinal)) continue;
                module = WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault();
            }
            if (module is null || !module.StartsWith("(module", StringComparison.Ordinal)) continue;
            if (Regex.IsMatch(module, @"^\(module\s+instance\b")) continue;
            var definition = Regex.Match(module, @"^\(module\s+definition\b");
            if (definition.Success) module = "(module" + module.Substring(definition.Length);
            yield return module;
        }
    }

    private static byte[] Ours(string text)
    {
        var forms = WatReader.Read(text, null);
        return CoreModuleAssembler.Assemble((WatList)forms.Single());
    }

    private static string Message(string text)
    {
        try { Ours(text); return "accepted"; }
        catch (WatException e) { return e.Problem; }
    }

    private static string CustomDifference(byte[] ours, byte[] reference)
    {
        var a = CoreSections.Split(ours)!.Where(s => s.Id == 0).Select(s => s.Contents).ToList();
        var b = CoreSections.Split(reference)!.Where(s => s.Id == 0).Select(s => s.Contents).ToList();
        if (a.Count != b.Count) return $"{a.Count} custom sections, reference {b.Count}";
        for (int i = 0; i < a.Count; i++)
        {
            int n = 0;
            while (n < Math.Min(a[i].Length, b[i].Length) && a[i][n] == b[i][n]) n++;
            if (n < a[i].Length || n < b[i].Length)
            {
                int from = Math.Max(0, n - 8);
                return $"custom section {i} at byte {n}: ours {BitConverter.ToString(a[i].Skip(from).Take(24).ToArray())}, reference {BitConverter.ToString(b[i].Skip(from).Take(24).ToArray())}";
            }
        }
        return "same custom sections, other bytes differ";
    }

    private static string Files(string root, string file) => Path.GetRelativePath(root, file);

    [Fact]
    public void SpecModulesAssembleLikeTheReference()
    {
        var root = Conformance.PathOf("wasm-spec");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int identical = 0, identicalWithNames = 0, differing = 0, oursRejected = 0, referenceRejected = 0;
        var nameDifferences = new List<string>();
        var differences = new List<string>();
        var rejections = new List<string>();
        var rejectionReasons = new Dictionary<string, int>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            int index = 0;
            foreach (var text in Modules(File.ReadAllText(file)))
            {
                index++;
                byte[] reference;
                try { reference = Wasmtime.Module.ConvertText(text); }
                catch (Exception) { referenceRejected++; continue; }
                byte[] ours;
                try { ours = Ours(text); }
                catch (WatException e)
                {
                    oursRejected++;
                    rejections.Add($"{Files(root, file)}#{index}: {e.Message}");
                    var reason = Regex.Replace(e.Problem, @"\$\S+|`[^`]*`", "_");
                    rejectionReasons[reason] = rejectionReasons.TryGetValue(reason, out int n) ? n + 1 : 1;
                    continue;
                }
                var difference = CoreSections.FirstDifference(ours, reference);
                if (difference is null)
                {
                    identical++;
                    if (ours.AsSpan().SequenceEqual(reference)) identicalWithNames++;
                    else if (nameDifferences.Count < 30) nameDifferences.Add($"{Files(root, file)}#{index}: {CustomDifference(ours, reference)}");
                }
                else
                {
                    differing++;
                    differences.Add($"{Files(root, file)}#{index}: {difference}");
                }
            }
        }
        _output.WriteLine($"identical: {identical}, differing: {differing}, rejected by us only: {oursRejected}, rejected by the reference (skipped): {referenceRejected}");
        _output.WriteLine($"byte-identical including custom sections (the name section): {identicalWithNames}");
        foreach (var d in differences.Take(30)) _output.WriteLine("  differs " + d);
        foreach (var d in nameDifferences) _output.WriteLine("  custom sections differ " + d);
        foreach (var r in rejectionReasons.OrderByDescending(r => r.Value).Take(30)) _output.WriteLine($"  rejected x{r.Value}: {r.Key}");
        // Rejections that are not a declared unsupported feature come first: they are the gaps.
        foreach (var r in rejections.OrderBy(r => r.Contains("unsupported") ? 1 : 0).Take(40)) _output.WriteLine("  rejected " + r);
        Assert.True(identical >= ExpectedIdentical, $"identical modules regressed: {identical} < {ExpectedIdentical}");
        Assert.True(identicalWithNames >= ExpectedIdenticalWithNames, $"byte-identical modules (with the name section) regressed: {identicalWithNames} < {ExpectedIdenticalWithNames}");
    }

    [Fact]
    public void MalformedQuotedModulesAreRejected()
    {
        var root = Conformance.PathOf("wasm-spec");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int total = 0, rejected = 0, referenceAccepts = 0, sameMessage = 0;
        var accepted = new List<string>();
        var otherMessages = new Dictionary<string, int>();
        var examples = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                if (!form.StartsWith("(assert_malformed", StringComparison.Ordinal)) continue;
                var inner = WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault();
                if (inner is null || !Regex.IsMatch(inner, @"^\(module\s+(\$\S+\s+)?quote\b")) continue;
                total++;
                var expected = Regex.Match(form, @"""([^""]*)""\s*\)\s*$").Groups[1].Value;
                try { Wasmtime.Module.ConvertText(inner); referenceAccepts++; }
                catch (Exception) { }
                try
                {
                    Ours(inner);
                    accepted.Add($"{Files(root, file)}: accepted (expected \"{expected}\")");
                }
                catch (WatException e)
                {
                    rejected++;
                    if (e.Message.IndexOf(expected, StringComparison.OrdinalIgnoreCase) >= 0) sameMessage++;
                    else
                    {
                        var key = $"expected \"{expected}\", ours: {Regex.Replace(e.Message, @"^\S+:\d+:\d+: |`[^`]*`", "")}";
                        otherMessages[key] = otherMessages.TryGetValue(key, out int n) ? n + 1 : 1;
                        if (!examples.ContainsKey(key)) examples[key] = $"{Files(root, file)}: {Regex.Replace(inner.Substring(0, Math.Min(160, inner.Length)), @"\s+", " ")}";
                    }
                }
            }
        }
        _output.WriteLine($"assert_malformed quoted modules rejected: {rejected}/{total} (the reference accepts {referenceAccepts})");
        _output.WriteLine($"with the spec's message: {sameMessage}/{rejected}");
        foreach (var a in accepted.Take(60)) _output.WriteLine("  " + a);
        foreach (var m in otherMessages.OrderByDescending(m => m.Value).Take(60)) _output.WriteLine($"  x{m.Value} {m.Key} (e.g. {examples[m.Key]})");
        Assert.True(rejected >= ExpectedMalformedRejected, $"malformed rejections regressed: {rejected} < {ExpectedMalformedRejected}");
        Assert.True(sameMessage >= ExpectedSpecMessages, $"errors with the spec's message regressed: {sameMessage} < {ExpectedSpecMessages}");
    }

    /// <summary>
    /// Bad input never crashes: spec modules with one token or parenthesis removed at a time either assemble
    /// or fail with a <see cref="WatException"/>; we accept none the reference rejects, and where both accept
    /// the sections are the same. (We reject some it accepts: unsupported proposals, single-name imports,
    /// a function body ending inside a block.)
    /// </summary>
    [Fact]
    public void DamagedModulesFailWithWatExceptionsOnly()
    {
        var root = Conformance.PathOf("wasm-spec");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int variants = 0, rejected = 0, tooLenient = 0, tooStrict = 0, differ = 0;
        var lenient = new List<string>();
        var strict = new List<string>();
        var different = new List<string>();
        var random = new Random(20261124);
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var text in Modules(File.ReadAllText(file)))
            {
                var tokens = Regex.Matches(text, @"\(|\)|""(?:[^""\\]|\\.)*""|[^\s()""]+").Cast<Match>().ToList();
                for (int k = 0; k < 4 && tokens.Count > 2; k++)
                {
                    var victim = tokens[1 + random.Next(tokens.Count - 1)];
                    var damaged = text.Remove(victim.Index, victim.Length);
                    variants++;
                    byte[]? ours = null;
                    try { ours = Ours(damaged); }
                    catch (WatException) { rejected++; }
                    catch (Exception e) { Assert.Fail($"{Files(root, file)}: {e.GetType().Name} for\n{damaged}\n{e}"); }
                    // Wasmtime's assembler takes no `module quote` (a script form): nothing to compare with.
                    if (Regex.IsMatch(damaged, @"^\(module\s+(\$\S+\s+)?quote\b")) continue;
                    byte[]? reference = null;
                    try { reference = Wasmtime.Module.ConvertText(damaged); }
                    catch (Exception) { }
                    if (ours is not null && reference is null)
                    {
                        tooLenient++;
                        if (lenient.Count < 40) lenient.Add($"{Files(root, file)}: removed `{victim.Value}` at {victim.Index}: {Regex.Replace(damaged.Substring(Math.Max(0, victim.Index - 60), Math.Min(120, damaged.Length - Math.Max(0, victim.Index - 60))), @"\s+", " ")}");
                    }
                    else if (ours is null && reference is not null)
                    {
                        tooStrict++;
                        var why = Message(damaged);
                        if (strict.Count < 40 && !why.Contains("unsupported")) strict.Add($"{Files(root, file)}: removed `{victim.Value}`: {Message(damaged)} in {Regex.Replace(damaged.Substring(Math.Max(0, victim.Index - 60), Math.Min(120, damaged.Length - Math.Max(0, victim.Index - 60))), @"\s+", " ")}");
                    }
                    else if (ours is not null && reference is not null && CoreSections.FirstDifference(ours, reference) is { } d)
                    {
                        differ++;
                        if (different.Count < 40) different.Add($"{Files(root, file)}: removed `{victim.Value}`: {d} in {Regex.Replace(damaged.Substring(Math.Max(0, victim.Index - 60), Math.Min(120, damaged.Length - Math.Max(0, victim.Index - 60))), @"\s+", " ")}");
                    }
                }
            }
        }
        _output.WriteLine($"damaged modules: {variants}, rejected with WatException: {rejected}, the rest assembled");
        _output.WriteLine($"against the reference: accepted only by us {tooLenient}, rejected only by us {tooStrict}, both accept but differ {differ}");
        foreach (var l in lenient) _output.WriteLine("  lenient " + l);
        foreach (var l in strict) _output.WriteLine("  strict " + l);
        foreach (var l in different) _output.WriteLine("  differ " + l);
        Assert.True(variants > 1000);
        Assert.Equal(0, differ);
        Assert.Equal(0, tooLenient);
    }

    /// <summary>`(core module ...)` forms nested anywhere in a script, as `(module ...)` text.</summary>
    private static IEnumerable<string> NestedCoreModules(string script)
    {
        foreach (Match m in Regex.Matches(script, @"\(core\s+module\b"))
        {
            // The form ends where its parenthesis closes (strings and comments cannot hide parentheses here).
            var form = WastForms.TopLevelForms(script.Substring(m.Index)).FirstOrDefault();
            if (form is null) continue;
            if (Regex.IsMatch(form, @"^\(core\s+module\s+(\$\S+\s+)?(binary|quote|instance|definition)\b")) continue;
            yield return "(module" + form.Substring(m.Length);
        }
    }

    [Fact]
    public void ComponentTestCoreModulesAssembleLikeTheReference()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int identical = 0, identicalWithNames = 0, differing = 0, oursRejected = 0, referenceRejected = 0;
        var notes = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            int index = 0;
            foreach (var text in NestedCoreModules(File.ReadAllText(file)))
            {
                index++;
                byte[] reference;
                try { reference = Wasmtime.Module.ConvertText(text); }
                catch (Exception) { referenceRejected++; continue; }
                byte[] ours;
                try { ours = Ours(text); }
                catch (WatException e)
                {
                    oursRejected++;
                    notes.Add($"rejected {Files(root, file)}#{index}: {e.Message}");
                    continue;
                }
                if (CoreSections.FirstDifference(ours, reference) is { } difference)
                {
                    differing++;
                    notes.Add($"differs {Files(root, file)}#{index}: {difference}");
                }
                else
                {
                    identical++;
                    if (ours.AsSpan().SequenceEqual(reference)) identicalWithNames++;
                    else notes.Add($"custom sections differ {Files(root, file)}#{index}: {CustomDifference(ours, reference)}");
                }
            }
        }
        _output.WriteLine($"core modules in component tests: identical {identical} (byte-identical with names {identicalWithNames}), differing {differing}, rejected by us only {oursRejected}, rejected by the reference {referenceRejected}");
        foreach (var n in notes.Take(40)) _output.WriteLine("  " + n);
        Assert.Equal(0, differing);
        Assert.True(identical >= ExpectedComponentCoreModules, $"identical core modules regressed: {identical} < {ExpectedComponentCoreModules}");
    }
}
