using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>
/// Bad input never crashes the validator: mutated reference components are read or rejected with a
/// <see cref="ComponentFormatException"/>, never another exception.
/// </summary>
public sealed class ValidatorRobustnessTests
{
    private readonly ITestOutputHelper _output;

    public ValidatorRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedReferenceComponentsOnlyThrowFormatErrors()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        var components = new List<byte[]>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var m = Regex.Match(form, @"^\(component(\s+definition)?(\s+\$[^\s()]+)?");
                if (!m.Success || Regex.IsMatch(form, @"^\(component\s+(instance|binary|quote)\b")) continue;
                try { components.Add(Wasmtime.Module.ConvertText("(component" + m.Groups[2].Value + form.Substring(m.Length))); }
                catch (Exception) { }
            }
        }
        var random = new Random(20261124);
        int reads = 0, accepted = 0, rejected = 0;
        var crashes = new List<string>();
        foreach (var original in components)
        {
            for (int round = 0; round < 25; round++)
            {
                var bytes = (byte[])original.Clone();
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    int at = 8 + random.Next(Math.Max(1, bytes.Length - 8));
                    if (at < bytes.Length) bytes[at] = (byte)random.Next(256);
                }
                reads++;
                try { ComponentReader.Read(bytes); accepted++; }
                catch (ComponentFormatException) { rejected++; }
                catch (Exception ex) { crashes.Add($"{ex.GetType().Name}: {ex.Message}\n{ex.StackTrace?.Split('\n').FirstOrDefault()}"); }
            }
        }
        _output.WriteLine($"{components.Count} components, {reads} mutated reads: {accepted} accepted, {rejected} rejected, {crashes.Count} crashes");
        foreach (var c in crashes.Take(20)) _output.WriteLine(c);
        Assert.True(components.Count > 100);
        Assert.Empty(crashes);
    }
}
