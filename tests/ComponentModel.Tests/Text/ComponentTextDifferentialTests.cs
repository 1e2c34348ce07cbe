using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Tests.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Tests;
using Xunit.Abstractions;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Tests.Text;

/// <summary>
/// Every top-level component of the component-model reference tests is assembled by our assembler and by
/// Wasmtime's (<c>Module.ConvertText</c>); both binaries are read, stripped of custom sections (Wasmtime writes a
/// <c>component-name</c> section for <c>$id</c>s, we write none) and written back, then compared byte for byte.
/// </summary>
public sealed class ComponentTextDifferentialTests
{
    private readonly ITestOutputHelper _output;

    public ComponentTextDifferentialTests(ITestOutputHelper output) => _output = output;

    // Raise as the assembler improves; never lower.
    private const int ExpectedIdentical = 284;

    [Fact]
    public void ReferenceTestComponentsAssembleLikeWasmtime()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int identical = 0, differing = 0, oursRejected = 0, wasmtimeRejected = 0;
        _exact = 0;
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file);
            int index = 0;
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var text = WastForms.ComponentText(form);
                if (text is null) continue;
                index++;
                byte[] expected;
                try { expected = Wasmtime.Module.ConvertText(text); }
                catch (Exception) { wasmtimeRejected++; continue; }
                byte[] actual;
                try { actual = WatAssembler.Assemble(text, $"{name}#{index}"); }
                catch (WatException e)
                {
                    oursRejected++;
                    problems.Add($"rejected {e.Message}");
                    continue;
                }
                if (actual.SequenceEqual(expected)) _exact++;
                else problems.Add($"names differ {name}#{index}");
                if (Normalize(actual).SequenceEqual(Normalize(expected))) identical++;
                else
                {
                    differing++;
                    problems.Add($"differs {name}#{index}: {FirstDifference(actual, expected)}");
                }
            }
        }
        _output.WriteLine($"identical: {identical}, differing: {differing}, ours rejected (Wasmtime accepted): {oursRejected}, Wasmtime rejected: {wasmtimeRejected}");
        _output.WriteLine($"byte-identical including the component-name section: {_exact} of {identical}");
        foreach (var p in problems.Take(200)) _output.WriteLine("  " + p);
        Assert.True(identical >= ExpectedIdentical, $"identical regressed: {identical} < {ExpectedIdentical}");
        Assert.True(_exact >= ExpectedByteIdentical, $"byte-identical regressed: {_exact} < {ExpectedByteIdentical}");
    }

    // Raise as the assembler improves; never lower.
    private const int ExpectedByteIdentical = 284;

    // Components whose bytes equal Wasmtime's, custom sections included.
    private int _exact;

    /// <summary>
    /// Damaged text (tokens dropped, parentheses removed, truncated) from the reference components never escapes as
    /// anything but a <see cref="WatException"/>.
    /// </summary>
    [Fact]
    public void DamagedTextOnlyRaisesWatException()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        var random = new Random(1234);
        int attempts = 0, rejected = 0;
        var escaped = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var text = WastForms.ComponentText(form);
                if (text is null) continue;
                for (int k = 0; k < 6; k++)
                {
                    string damaged = Damage(text, random);
                    attempts++;
                    try { WatAssembler.Assemble(damaged); }
                    catch (WatException) { rejected++; }
                    catch (Exception e) { escaped.Add($"{e.GetType().Name}: {e.Message}\n{damaged}"); }
                }
            }
        }
        _output.WriteLine($"damaged texts: {attempts}, rejected with WatException: {rejected}, other exceptions: {escaped.Count}");
        foreach (var e in escaped.Take(5)) _output.WriteLine(e);
        Assert.Empty(escaped);
    }

    private static string Damage(string text, Random random)
    {
        int at = random.Next(text.Length);
        switch (random.Next(4))
        {
            case 0: return text.Substring(0, at);
            case 1:
            {
                int end = text.IndexOfAny(new[] { ' ', ')', '\n' }, at);
                return end < 0 ? text.Substring(0, at) : text.Remove(at, end - at);
            }
            case 2:
            {
                int paren = text.IndexOf('(', at);
                return paren < 0 ? text : text.Remove(paren, 1);
            }
            default:
            {
                // Swap two tokens' worth of text around.
                int other = random.Next(text.Length);
                int a = Math.Min(at, other), b = Math.Max(at, other);
                return text.Substring(0, a) + text.Substring(b) + text.Substring(a, b - a);
            }
        }
    }

    // Raise as the assembler improves; never lower.
    private const int ExpectedAssertionIdentical = 364;
    private const int ExpectedQuoteRejected = 5;

    /// <summary>
    /// Components inside assertions (<c>assert_invalid</c>, <c>assert_unlinkable</c>, ...): text ones that Wasmtime
    /// assembles must assemble identically (they are valid text, just invalid components); <c>component quote</c>
    /// ones under <c>assert_malformed</c> must be rejected.
    /// </summary>
    [Fact]
    public void AssertionComponentsAssembleLikeWasmtime()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int identical = 0, differing = 0, oursRejected = 0, bothRejected = 0, oursOnlyAccepted = 0, quoteRejected = 0, quotes = 0;
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file);
            int index = 0;
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                if (!form.StartsWith("(assert_", StringComparison.Ordinal)) continue;
                var inner = WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault();
                if (inner is null) continue;
                index++;
                var where = $"{name}#assert{index}";
                if (System.Text.RegularExpressions.Regex.IsMatch(inner, @"^\(component\s+(\$\S+\s+)?quote\b"))
                {
                    quotes++;
                    try { WatAssembler.Assemble(inner, where); problems.Add($"quote accepted {where}"); }
                    catch (WatException) { quoteRejected++; }
                    continue;
                }
                if (System.Text.RegularExpressions.Regex.IsMatch(inner, @"^\(component\s+(\$\S+\s+)?binary\b")) continue;
                var text = WastForms.ComponentText(inner);
                if (text is null) continue;
                byte[]? expected = null;
                try { expected = Wasmtime.Module.ConvertText(text); } catch (Exception) { }
                byte[]? actual = null;
                try { actual = WatAssembler.Assemble(text, where); }
                catch (WatException e) { if (expected is not null) problems.Add($"rejected {e.Message}"); }
                if (expected is null)
                {
                    if (actual is null) bothRejected++; else oursOnlyAccepted++;
                }
                else if (actual is null) oursRejected++;
                else if (Normalize(actual).SequenceEqual(Normalize(expected))) identical++;
                else
                {
                    differing++;
                    problems.Add($"differs {where}: {FirstDifference(actual, expected)}");
                }
            }
        }
        _output.WriteLine($"assertion components: identical {identical}, differing {differing}, " +
            $"ours rejected (Wasmtime accepted) {oursRejected}, both rejected {bothRejected}, only ours accepted {oursOnlyAccepted}");
        _output.WriteLine($"assert_malformed component quote rejected: {quoteRejected}/{quotes}");
        foreach (var p in problems.Take(100)) _output.WriteLine("  " + p);
        Assert.True(identical >= ExpectedAssertionIdentical, $"identical regressed: {identical} < {ExpectedAssertionIdentical}");
        Assert.True(quoteRejected >= ExpectedQuoteRejected, $"quote rejections regressed: {quoteRejected} < {ExpectedQuoteRejected}");
    }

    internal static byte[] Normalize(byte[] component)
    {
        try
        {
            var binary = ComponentReader.Read(component, validate: false);
            return ComponentWriter.Write(StripCustom(binary.Sections));
        }
        catch (ComponentFormatException)
        {
            // Invalid components (out-of-range indices) the reader refuses: drop custom sections at the byte level.
            return StripCustomBytes(component);
        }
    }

    private static byte[] StripCustomBytes(byte[] component)
    {
        var output = new List<byte>(component.Take(8));
        int pos = 8;
        while (pos < component.Length)
        {
            byte id = component[pos++];
            uint size = 0;
            int shift = 0;
            byte b;
            do { b = component[pos++]; size |= (uint)(b & 0x7f) << shift; shift += 7; } while ((b & 0x80) != 0);
            var content = component.Skip(pos).Take((int)size).ToArray();
            pos += (int)size;
            if (id == 0) continue;
            if (id == 4) content = StripCustomBytes(content);
            output.Add(id);
            uint n = (uint)content.Length;
            do { byte x = (byte)(n & 0x7f); n >>= 7; output.Add(n != 0 ? (byte)(x | 0x80) : x); } while (n != 0);
            output.AddRange(content);
        }
        return output.ToArray();
    }

    private static List<ComponentSection> StripCustom(IReadOnlyList<ComponentSection> sections) =>
        sections.Where(s => s is not CustomSection)
            .Select(s => s is NestedComponentSection n ? new NestedComponentSection(0, new ComponentBinary(StripCustom(n.Component.Sections))) : s)
            .ToList();

    internal static string FirstDifference(byte[] actual, byte[] expected)
    {
        try
        {
            var a = StripCustom(ComponentReader.Read(actual, validate: false).Sections);
            var e = StripCustom(ComponentReader.Read(expected, validate: false).Sections);
            for (int i = 0; i < Math.Max(a.Count, e.Count); i++)
            {
                var sa = i < a.Count ? Describe(a[i]) : "<none>";
                var se = i < e.Count ? Describe(e[i]) : "<none>";
                if (sa != se) return $"section {i}: ours {sa} | wasmtime {se}";
            }
            return "same sections, different bytes";
        }
        catch (ComponentFormatException ex)
        {
            return "unreadable: " + ex.Message;
        }
    }

    private static string Describe(ComponentSection s) => s switch
    {
        TypeSection t => "types[" + string.Join(", ", t.Types.Select(x => x.ToString())) + "]",
        AliasSection a => "aliases[" + string.Join(", ", a.Aliases) + "]",
        ImportSection i => "imports[" + string.Join(", ", i.Imports) + "]",
        ExportSection x => "exports[" + string.Join(", ", x.Exports) + "]",
        CanonSection c => "canon[" + string.Join(", ", c.Functions.Select(f => $"{f.Op} {f.Index} {f.TypeIndex} [{string.Join(",", f.Options)}] {f.Async}")) + "]",
        InstanceSection n => "instances[" + string.Join(", ", n.Instances.Select(d => d is Instantiate x ? $"instantiate {x.Component} [{string.Join(",", x.Args)}]" : d is InlineExports ie ? $"exports [{string.Join(",", ie.Exports)}]" : d.ToString())) + "]",
        CoreInstanceSection n => "core instances[" + string.Join(", ", n.Instances.Select(d => d is CoreInstantiate x ? $"instantiate {x.Module} [{string.Join(",", x.Args)}]" : d is CoreInlineExports ie ? $"exports [{string.Join(",", ie.Exports)}]" : d.ToString())) + "]",
        CoreTypeSection c => "core types[" + c.Types.Count + "]" + Convert.ToHexString(ComponentWriter.Write(new ComponentSection[] { c })),
        NestedComponentSection n => "component{" + string.Join("; ", StripCustom(n.Component.Sections).Select(Describe)) + "}",
        CoreModuleSection m => "module(" + m.Module.Length + " bytes)",
        _ => s.GetType().Name,
    };
}
