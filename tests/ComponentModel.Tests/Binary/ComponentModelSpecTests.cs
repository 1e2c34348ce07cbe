using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// The component-model reference tests (.wast): every top-level component that Wasmtime's WAT assembler accepts
/// must be read by <see cref="ComponentReader"/>, written back stably, and its WIT decoded or rejected cleanly.
/// </summary>
public sealed class ComponentModelSpecTests
{
    private readonly ITestOutputHelper _output;

    public ComponentModelSpecTests(ITestOutputHelper output) => _output = output;

    // Raise as things improve; never lower.
    private const int ExpectedRead = 284;
    private const int ExpectedWit = 269;

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryReferenceTestComponentIsRead()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int assembled = 0, notAssembled = 0, read = 0, stable = 0, wit = 0;
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file);
            int index = 0;
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var text = WastForms.ComponentText(form);
                if (text is null) continue;
                index++;
                byte[] bytes;
                try { bytes = Wasmtime.Module.ConvertText(text); }
                catch (Exception) { notAssembled++; continue; }
                assembled++;
                try
                {
                    var binary = ComponentReader.Read(bytes);
                    read++;
                    var once = ComponentWriter.Write(binary);
                    if (once.SequenceEqual(ComponentWriter.Write(ComponentReader.Read(once)))) stable++;
                    else failures.Add($"{name}#{index}: rewritten binary is not stable");
                }
                catch (ComponentFormatException e)
                {
                    failures.Add($"{name}#{index}: {e.Message}");
                    continue;
                }
                try
                {
                    WitBinaryDecoder.Decode(bytes);
                    wit++;
                }
                catch (ComponentFormatException e)
                {
                    failures.Add($"{name}#{index}: WIT: {e.Message}");
                }
            }
        }
        _output.WriteLine($"components assembled by Wasmtime: {assembled} (not assembled: {notAssembled})");
        _output.WriteLine($"read by ComponentReader: {read}/{assembled}, stable rewrite: {stable}/{read}");
        _output.WriteLine($"WIT decoded: {wit}/{read}");
        foreach (var f in failures.Where(f => !f.Contains(": WIT: ")).Concat(failures.Where(f => f.Contains(": WIT: "))).Take(80)) _output.WriteLine("  " + f);
        Assert.Equal(read, stable);
        Assert.True(read >= ExpectedRead, $"reads regressed: {read} < {ExpectedRead}\n" + string.Join("\n", failures));
        Assert.True(wit >= ExpectedWit, $"WIT decodes regressed: {wit} < {ExpectedWit}\n" + string.Join("\n", failures));
    }

    // Raise as the reader's validation grows; never lower.
    private const int ExpectedMalformedRejected = 70;
    private const int ExpectedInvalidRejected = 380;

    /// <summary>
    /// <c>assert_malformed</c> binaries must be rejected by the reader; for <c>assert_invalid</c> components (which
    /// need full type checking) the reader's partial validation is measured.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void MalformedAndInvalidReferenceComponentsAreRejected()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int malformed = 0, malformedRejected = 0, invalid = 0, invalidRejected = 0;
        var accepted = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file);
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                bool isMalformed = form.StartsWith("(assert_malformed", StringComparison.Ordinal);
                bool isInvalid = form.StartsWith("(assert_invalid", StringComparison.Ordinal);
                if (!isMalformed && !isInvalid) continue;
                var inner = WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault();
                if (inner is null || !inner.StartsWith("(component", StringComparison.Ordinal)) continue;
                var expected = Regex.Match(form, @"""([^""]*)""\s*\)\s*$").Groups[1].Value;
                byte[]? bytes;
                if (Regex.IsMatch(inner, @"^\(component\s+(\$\S+\s+)?binary\b")) bytes = BinaryStrings(inner);
                else if (Regex.IsMatch(inner, @"^\(component\s+(\$\S+\s+)?quote\b")) continue;
                else
                {
                    var text = WastForms.ComponentText(inner);
                    if (text is null) continue;
                    try { bytes = Wasmtime.Module.ConvertText(text); }
                    catch (Exception) { continue; }
                }
                if (isMalformed) malformed++; else invalid++;
                try
                {
                    ComponentReader.Read(bytes);
                    WitBinaryDecoder.Decode(bytes);
                    accepted.Add($"{(isMalformed ? "malformed" : "invalid")} {name}: accepted (expected \"{expected}\")");
                }
                catch (ComponentFormatException)
                {
                    if (isMalformed) malformedRejected++; else invalidRejected++;
                }
            }
        }
        _output.WriteLine($"assert_malformed components rejected: {malformedRejected}/{malformed}");
        _output.WriteLine($"assert_invalid components rejected (partial validation): {invalidRejected}/{invalid}");
        foreach (var a in accepted.Take(150)) _output.WriteLine("  " + a);
        Assert.True(malformedRejected >= ExpectedMalformedRejected, $"malformed rejections regressed: {malformedRejected}");
        Assert.True(invalidRejected >= ExpectedInvalidRejected, $"invalid rejections regressed: {invalidRejected}");
    }

    // The bytes of `(component binary "..." ...)`: WAT string literals with \hh, \n, \t, \\, \', \" and \u{...}.
    private static byte[] BinaryStrings(string form)
    {
        var bytes = new List<byte>();
        int start = form.IndexOf("binary", StringComparison.Ordinal) + 6;
        for (int i = start; i < form.Length; i++)
        {
            if (form[i] == ';' && i + 1 < form.Length && form[i + 1] == ';') { while (i < form.Length && form[i] != '\n') i++; continue; }
            if (form[i] != '"') continue;
            for (i++; i < form.Length && form[i] != '"'; i++)
            {
                char c = form[i];
                if (c != '\\') { bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(c.ToString())); continue; }
                char e = form[++i];
                switch (e)
                {
                    case 'n': bytes.Add(10); break;
                    case 't': bytes.Add(9); break;
                    case 'r': bytes.Add(13); break;
                    case '\\': case '\'': case '"': bytes.Add((byte)e); break;
                    case 'u':
                    {
                        int close = form.IndexOf('}', i);
                        var cp = Convert.ToInt32(form.Substring(i + 2, close - i - 2), 16);
                        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(char.ConvertFromUtf32(cp)));
                        i = close;
                        break;
                    }
                    default:
                        bytes.Add(Convert.ToByte(form.Substring(i, 2), 16));
                        i++;
                        break;
                }
            }
        }
        return bytes.ToArray();
    }
}
