using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Tests.Binary;
using WitBindgen.ComponentModel.Tests.Text.Core;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm;
using WitBindgen.Tests;
using Xunit.Abstractions;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Tests.Text.Printing;

/// <summary>
/// <see cref="WatPrinter.Print"/> on components: printing a component and assembling the text again gives the same
/// bytes, custom sections (names, producers) included.
/// </summary>
public sealed class ComponentPrinterTests
{
    private readonly ITestOutputHelper _output;

    public ComponentPrinterTests(ITestOutputHelper output) => _output = output;

    /// <summary>Null when print -> assemble gives the same bytes, else where they differ.</summary>
    internal static string? RoundTrip(byte[] wasm, out string text)
    {
        text = WatPrinter.Print(wasm);
        byte[] again;
        try { again = WatAssembler.Assemble(text); }
        catch (WatException e) { return "printed text rejected: " + e.Message; }
        return again.AsSpan().SequenceEqual(wasm) ? null : FirstDifference(again, wasm, "");
    }

    /// <summary>The first section (nested components followed) where two component binaries differ.</summary>
    internal static string FirstDifference(byte[] ours, byte[] original, string path)
    {
        var a = Sections(ours);
        var b = Sections(original);
        if (a is null || b is null) return path + "framing differs";
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i >= a.Count) return $"{path}section {i}: missing ({Describe(b[i])} expected)";
            if (i >= b.Count) return $"{path}section {i}: extra {Describe(a[i])}";
            if (a[i].Id != b[i].Id) return $"{path}section {i}: {Describe(a[i])} instead of {Describe(b[i])}";
            if (a[i].Contents.AsSpan().SequenceEqual(b[i].Contents)) continue;
            if (a[i].Id == 4) return FirstDifference(a[i].Contents, b[i].Contents, $"{path}section {i} (component) > ");
            if (a[i].Id == 1) return $"{path}section {i} (core module): " + (CoreSections.FirstDifference(a[i].Contents, b[i].Contents) ?? "same sections");
            return $"{path}section {i}: {Describe(a[i])} differs";
        }
        return path + "same sections, different bytes";
    }

    /// <summary>Whether two components have the same sections, byte for byte, except core modules (nested components followed).</summary>
    private static bool OnlyCoreModulesDiffer(byte[] a, byte[] b)
    {
        var x = Sections(a);
        var y = Sections(b);
        if (x is null || y is null || x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Id != y[i].Id) return false;
            if (x[i].Id == 1 || x[i].Contents.AsSpan().SequenceEqual(y[i].Contents)) continue;
            if (x[i].Id != 4 || !OnlyCoreModulesDiffer(x[i].Contents, y[i].Contents)) return false;
        }
        return true;
    }

    private static string Describe((byte Id, byte[] Contents) section)
    {
        if (section.Id != 0) return ComponentReader.SectionName(section.Id);
        int length = section.Contents.Length > 0 ? section.Contents[0] : 0;
        return "custom " + System.Text.Encoding.UTF8.GetString(section.Contents, 1, Math.Min(length, section.Contents.Length - 1));
    }

    // A component's sections split like a core module's (same framing after the 8-byte preamble).
    private static List<(byte Id, byte[] Contents)>? Sections(byte[] bytes) => CoreSections.Split(bytes);

    [Fact]
    public void PrintsEveryKindOfDefinitionAndReassemblesToTheSameBytes()
    {
        const string source = """
            (component $top
              (@producers (language "wat" "1"))
              (core module $m
                (func $g (export "f") (param i32) (result i32) local.get 0)
                (memory (export "mem") 1)
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
                (table (export "t") 1 funcref))
              (core instance $i (instantiate $m))
              (core instance (export "f" (func $i "f")) (export "m" (memory $i "mem")))
              (core type (func (param i32 i64) (result f32)))
              (core type (module (import "a" "b" (func (param i32))) (export "m" (memory 1 2)) (alias outer 1 0 (type))))
              (type $r (resource (rep i32)))
              (type $rec (record (field "a" u32) (field "b" string)))
              (type (variant (case "x") (case "y" $rec)))
              (type (list u8))
              (type (list u8 4))
              (type (tuple u8 s64 f64 char))
              (type (flags "a" "b"))
              (type (enum "p" "q"))
              (type (option bool))
              (type (result u32 (error string)))
              (type (result))
              (type (own $r))
              (type (borrow $r))
              (type (stream u8))
              (type (future))
              (type $f (func (param "x" u32) (result u32)))
              (type (func async (param "x" u32)))
              (type string)
              (type $it (instance
                (type $t (record (field "q" u32)))
                (export "t" (type (eq $t)))
                (export "r" (type (sub resource)))
                (export "f" (func (param "x" u32)))))
              (type (component
                (import "x" (instance (type $it)))
                (alias outer $top $f (type))
                (core type (module))
                (export "g" (func (type 0)))))
              (import "imp" (instance $imp (type $it)))
              (import "v" (value $v u32))
              (import "t" (type $t2 (sub resource)))
              (import "c" (component (type 19)))
              (import (interface "ns:pkg/iface@1.0.0") (func (type $f)))
              (import "nm" (implements "ns:pkg/other") (func (type $f)))
              (alias export $imp "f" (func $af))
              (alias core export $i "f" (core func $cf))
              (alias outer $top $rec (type $rec2))
              (canon lift (core func $cf) (memory $i "mem") (realloc $i "realloc") string-encoding=utf16 (func $lifted (type $f)))
              (canon lower (func $af) string-encoding=latin1+utf16 (core func))
              (canon resource.new $r (core func))
              (canon resource.drop $r (core func))
              (canon resource.rep $r (core func))
              (canon task.return (result u32) (memory $i "mem") (core func))
              (canon context.get i32 0 (core func))
              (canon backpressure.inc (core func))
              (canon waitable-set.wait cancellable (memory $i "mem") (core func))
              (canon yield cancellable (core func))
              (canon subtask.cancel async (core func))
              (canon stream.new 13 (core func))
              (canon stream.read 13 (memory $i "mem") async (core func))
              (canon stream.cancel-read 13 async (core func))
              (canon error-context.new (memory $i "mem") (core func))
              (component $inner
                (import "x" (func $x (param "a" u32)))
                (core module)
                (export "y" (func $x)))
              (instance $inst (instantiate $inner (with "x" (func $lifted))))
              (instance (export "a" (func $lifted)) (export "b" (type $rec)))
              (@custom "note" "\00\01")
              (export $e "e" (func $lifted) (func (type $f)))
              (export "i" (instance $inst))
              (start $lifted (value $v) (result (value $out)))
            )
            """;
        var wasm = WatAssembler.Assemble(source);
        var difference = RoundTrip(wasm, out var text);
        _output.WriteLine(text);
        Assert.Null(difference);
        Assert.StartsWith("(component $top\n  (@custom \"producers\" ", text);
        // The module's own name section agrees with the component's name for it: both come from `$m`, and its
        // function names are ids too.
        Assert.Contains("\n  (core module $m (;0;)\n    (type (;0;) (func (param i32) (result i32)))\n", text);
        Assert.Contains("\n    (func $g (;0;) (type 0)\n", text);
        Assert.Contains("\n    (export \"f\" (func $g))\n", text);
        Assert.DoesNotContain("(@custom \"name\"", text);
        Assert.Contains("(core instance (;1;) (export \"f\" (func 0)) (export \"m\" (memory 0)))", text);
        // References to definitions printed with ids use the ids, as wasm-tools prints them.
        Assert.Contains("(canon lift (core func $cf) (memory 1) (realloc 2) string-encoding=utf16 (func $lifted (;3;) (type $f)))", text);
        Assert.Contains("(core instance $i (;0;) (instantiate $m))", text);
        Assert.Contains("(import \"imp\" (instance $imp (;0;) (type $it)))", text);
        Assert.Contains("(alias export $imp \"f\" (func $af (;2;)))", text);
        Assert.Contains("(canon lower (func $af) string-encoding=latin1+utf16 (core func (;3;)))", text);
        Assert.Contains("(alias outer 0 $rec (type $rec2 (;21;)))", text);
        Assert.Contains("(type (;2;) (variant (case \"x\") (case \"y\" $rec)))", text);
        Assert.Contains("(canon resource.drop $r (core func (;5;)))", text);
        Assert.Contains("(instance $inst (;1;) (instantiate $inner (with \"x\" (func $lifted))))", text);
        Assert.Contains("(export $e (;4;) \"e\" (func $lifted) (func (type $f)))", text);
        Assert.Contains("(start $lifted (value $v) (result (value $out (;1;))))", text);
        // Inside a type the enclosing component's ids reach through `alias outer`; the type's own items have none.
        Assert.Contains("(alias outer 1 $f (type (;1;)))", text);
        Assert.Contains("(alias outer 1 $it (type (;0;)))", text);
        Assert.Contains("(export \"t\" (type (;1;) (eq 0)))", text);
        Assert.Contains("(import \"ns:pkg/iface@1.0.0\" (func (;", text);
        Assert.Contains("(import \"nm\" (implements \"ns:pkg/other\") (func (;", text);
        Assert.Contains("(export (;", text);
        Assert.Contains("\n  (component $inner (;1;)\n    (type (;0;) (func (param \"a\" u32)))\n    (import \"x\" (func $x (;0;) (type 0)))\n    (core module (;0;)\n    )\n", text);
        Assert.Contains("\n  (import \"v\" (value $v (;0;) u32))\n", text);
        // The names became ids: the assembler rebuilds the component-name sections from them.
        Assert.DoesNotContain("component-name", text);
    }

    /// <summary>
    /// Component core types take every proposal's reference types, stack switching's continuations too: CoreWasm's
    /// keyword table parses and prints them, and a nullable abstract reference prints (and encodes) as its shorthand.
    /// </summary>
    [Fact]
    public void ContinuationReferencesInCoreTypesPrintAndAssembleBack()
    {
        var wasm = WatAssembler.Assemble("(component (core type (func (param contref (ref null cont) (ref nocont)) (result nullcontref))))");
        Assert.Null(RoundTrip(wasm, out var text));
        Assert.Contains("(func (param contref contref (ref nocont)) (result nullcontref))", text);
    }

    /// <summary>A nested component's <c>alias outer</c> names what it aliases by the enclosing component's id.</summary>
    [Fact]
    public void OuterAliasesOfNestedComponentsUseTheEnclosingIds()
    {
        var wasm = WatAssembler.Assemble("""
            (component $a
              (type $t (record (field "x" u32)))
              (type (list $t))
              (component $b
                (alias outer $a $t (type $u))
                (alias outer $a 1 (type))
                (export "u" (type $u))))
            """);
        Assert.Null(RoundTrip(wasm, out var text));
        _output.WriteLine(text);
        Assert.Contains("\n  (type (;1;) (list $t))\n", text);
        Assert.Contains("\n    (alias outer 1 $t (type $u (;0;)))\n    (alias outer 1 1 (type (;1;)))\n    (export (;2;) \"u\" (type $u))\n", text);
    }

    /// <summary>
    /// A core module the component names other than its own name section does (here the component's name is not an
    /// id and the module has no module name) keeps that section verbatim, and its functions get no ids.
    /// </summary>
    [Fact]
    public void ACoreModuleNamedOtherwiseByTheComponentKeepsItsNameSection()
    {
        var wasm = WatAssembler.Assemble("(component (core module (@name \"a b\") (func $f)) (core instance (instantiate 0)))");
        Assert.Null(RoundTrip(wasm, out var text));
        _output.WriteLine(text);
        Assert.Contains("\n  (core module (@name \"a b\") (;0;)\n", text);
        Assert.Contains("\n    (func (;0;) (type 0)", text);
        Assert.Contains("(@custom \"name\"", text);
        Assert.Contains("(instantiate 0)", text);
    }

    /// <summary>A name section the assembler would not write (here: not the last section) is kept verbatim, and no ids are printed.</summary>
    [Fact]
    public void ANameSectionTextCannotRebuildIsKeptVerbatim()
    {
        var named = WatAssembler.Assemble("(component $c (type $t u32) (export \"t\" (type $t)))");
        var sections = Sections(named)!;
        // Move the component-name section (last) to the front.
        var reordered = new List<byte>(named.Take(8));
        foreach (var (id, contents) in new[] { sections[^1] }.Concat(sections.Take(sections.Count - 1)))
        {
            reordered.Add(id);
            reordered.Add((byte)contents.Length);
            reordered.AddRange(contents);
        }
        var wasm = reordered.ToArray();
        Assert.Null(RoundTrip(wasm, out var text));
        Assert.StartsWith("(component\n  (@custom \"component-name\" ", text);
        Assert.DoesNotContain("$", text);
        Assert.Null(RoundTrip(named, out var plain));
        Assert.StartsWith("(component $c\n  (type $t (;0;) u32)\n", plain);
    }

    [Fact]
    public void MalformedComponentsAreRejectedWithWasmExceptions()
    {
        var wasm = WatAssembler.Assemble("(component (type (record (field \"a\" u32))) (export \"a\" (type 0)))");
        Assert.ThrowsAny<WasmException>(() => WatPrinter.Print(wasm.AsSpan(0, wasm.Length - 2).ToArray()));
        var random = new Random(7);
        int printed = 0, rejected = 0;
        for (int i = 0; i < 500; i++)
        {
            var bytes = (byte[])wasm.Clone();
            bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
            try { WatPrinter.Print(bytes); printed++; }
            catch (Exception e) when (e is WasmException or NotSupportedException) { rejected++; }
        }
        Assert.Equal(500, printed + rejected);
    }

    /// <summary>
    /// What text cannot express: the assembler never writes an empty section nor two adjacent sections of one kind,
    /// and writes the canonical form of encodings the reader accepts in two forms (legacy 0x01 names, Binary.md's
    /// <c>0x01 primvaltype</c> value bound). Components whose binary does any of that come back re-encoded.
    /// </summary>
    private static string? BinaryOnlyEncoding(byte[] wasm)
    {
        if (SplitOrEmptySections(wasm) is { } why) return why;
        var again = ComponentWriter.Write(ComponentReader.Read(wasm, validate: false));
        return again.AsSpan().SequenceEqual(wasm) ? null : "an encoding the writer normalises";
    }

    private static string? SplitOrEmptySections(byte[] wasm)
    {
        var sections = Sections(wasm);
        if (sections is null) return null;
        for (int i = 0; i < sections.Count; i++)
        {
            var (id, contents) = sections[i];
            if (id is 2 or 3 or 5 or 6 or 7 or 8 or 10 or 11 && contents.Length > 0 && contents[0] == 0) return "empty section";
            if (i > 0 && id == sections[i - 1].Id && id is 2 or 3 or 5 or 6 or 7 or 8 or 10 or 11) return "adjacent sections of one kind";
            if (id == 4 && SplitOrEmptySections(contents) is { } nested) return nested;
        }
        return null;
    }

    // Raise as things improve; never lower.
    private const int ExpectedCorpusIdentical = 608;

    /// <summary>
    /// Every component of the component-model reference tests our assembler produces (top-level ones and those inside
    /// assertions; text and <c>component binary</c> forms): print, assemble, compare. Components the reader refuses
    /// (malformed, or indices out of range) cannot be printed and are counted apart; components using an encoding
    /// text cannot express are counted apart with the reason.
    /// </summary>
    [Fact]
    public void ReferenceTestComponentsRoundTrip()
    {
        var root = Conformance.PathOf("component-model", "test");
        if (root is null || !Directory.Exists(root)) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int total = 0, identical = 0, unprintable = 0, binaryOnly = 0, differing = 0, topLevel = 0, topLevelIdentical = 0, namesAsIds = 0, namesVerbatim = 0;
        var reasons = new Dictionary<string, int>();
        var examples = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wast", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file).Replace('\\', '/');
            int index = 0;
            foreach (var form in WastForms.TopLevelForms(File.ReadAllText(file)))
            {
                var inner = form.StartsWith("(assert_", StringComparison.Ordinal) ? WastForms.TopLevelForms(form.Substring(1)).FirstOrDefault() : form;
                if (inner is null) continue;
                var text = WastForms.ComponentText(inner);
                if (text is null) continue;
                index++;
                byte[] wasm;
                try { wasm = WatAssembler.Assemble(text, $"{name}#{index}"); }
                catch (WatException) { continue; }
                if (!ComponentReader.IsComponent(wasm)) continue;
                total++;
                bool isTopLevel = ReferenceEquals(inner, form);
                if (isTopLevel) topLevel++;
                string? difference;
                string printed;
                try { difference = RoundTrip(wasm, out printed); }
                catch (WasmException e)
                {
                    unprintable++;
                    Count(reasons, "unprintable: " + Regex.Replace(Regex.Replace(e.Message, @" \(in .*$", ""), @"\d+", "N"));
                    continue;
                }
                if (difference is null)
                {
                    identical++;
                    bool hasNames = Sections(wasm)!.Exists(x => x.Id == 0 && Describe(x) == "custom component-name");
                    if (hasNames && printed.Contains("(@custom \"component-name\"", StringComparison.Ordinal)) namesVerbatim++;
                    else if (hasNames) namesAsIds++;
                    if (isTopLevel) topLevelIdentical++;
                    continue;
                }
                if (BinaryOnlyEncoding(wasm) is { } why)
                {
                    binaryOnly++;
                    Count(reasons, "binary-only: " + why);
                    continue;
                }
                differing++;
                Count(reasons, Regex.Replace(difference, @"\d+", "N"));
                if (examples.Count < 40) examples.Add($"{name}#{index}: {difference}");
            }
        }
        _output.WriteLine($"reference-test components our assembler produces: {total}; print -> assemble byte-identical: {identical}; " +
            $"binary-only encodings: {binaryOnly}; unprintable (the reader refuses them): {unprintable}; other differences: {differing}; " +
            $"of them top-level (not in an assertion): {topLevel}, byte-identical {topLevelIdentical}; identical ones with a component-name section " +
            $"printed as ids: {namesAsIds}, kept verbatim: {namesVerbatim}");
        foreach (var r in reasons.OrderByDescending(r => r.Value)) _output.WriteLine($"  x{r.Value} {r.Key}");
        foreach (var e in examples) _output.WriteLine("  " + e);
        Assert.True(identical >= ExpectedCorpusIdentical, $"round trips regressed: {identical} < {ExpectedCorpusIdentical}");
        Assert.Equal(0, differing);
    }

    private static void Count(Dictionary<string, int> reasons, string key) => reasons[key] = reasons.TryGetValue(key, out int n) ? n + 1 : 1;

    /// <summary>
    /// Our fixture components (jco-componentized C programs). Their core modules come from wasm-ld, which pads LEB128
    /// immediates and writes local names, which text does not keep; for them the text fixpoint holds (printing the
    /// reassembled component gives the same text) and every section other than the core modules is byte-identical.
    /// </summary>
    [Fact]
    public void FixtureComponentsRoundTrip()
    {
        var root = Path.Combine(Conformance.RepoRoot, ".fixtures");
        if (!Directory.Exists(root)) { _output.WriteLine("fixtures not built (scripts/build-fixtures.sh): skipped"); return; }
        int total = 0, identical = 0, fixpoint = 0;
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.wasm", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var wasm = File.ReadAllBytes(file);
            if (!ComponentReader.IsComponent(wasm)) continue;
            total++;
            var name = Path.GetRelativePath(root, file);
            var difference = RoundTrip(wasm, out var text);
            if (difference is null) { identical++; continue; }
            if (difference.StartsWith("printed text rejected", StringComparison.Ordinal)) { failures.Add($"{name}: {difference}"); continue; }
            var again = WatAssembler.Assemble(text);
            if (WatPrinter.Print(again) != text) failures.Add($"{name}: {difference}, and the text differs after reassembly");
            else if (!OnlyCoreModulesDiffer(again, wasm)) failures.Add($"{name}: {difference}, and a section other than a core module differs");
            else
            {
                fixpoint++;
                _output.WriteLine($"  {name}: {difference}");
            }
        }
        _output.WriteLine($"fixture components: {total}; byte-identical after print -> assemble: {identical}; same text after a second print, differing only inside core modules: {fixpoint}");
        foreach (var f in failures) _output.WriteLine("  " + f);
        Assert.True(total > 0, "no component fixtures found");
        Assert.Empty(failures);
    }
}
