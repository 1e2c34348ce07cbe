using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;
using WitFunction = WitBindgen.WitParser.Model.Function;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// The WASI 0.2.3 WIT kept in src/Runtime/Wasi/wit (signatures without the upstream docs) resolves with our parser to
/// the same packages, interfaces, worlds, types and functions as the standard's WIT in
/// ../shared/conformance/wasi/0.2 (read in place): compared structurally, with and without the unstable features.
/// </summary>
public sealed class WasiWitTests
{
    private readonly ITestOutputHelper _output;

    public WasiWitTests(ITestOutputHelper output) => _output = output;

    private static string Ours => Path.Combine(Conformance.RepoRoot, "src", "Runtime", "Wasi", "wit");

    private static Resolve Load(string path, bool allFeatures)
    {
        var load = WitLoader.LoadPath(path, new WitOptions { AllFeatures = allFeatures });
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(d => d.Message)));
        return load.Resolve!;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheKeptWitResolvesToTheStandardsPackages(bool allFeatures)
    {
        var upstreamPath = Conformance.PathOf("wasi", "0.2");
        if (upstreamPath is null || !Directory.Exists(upstreamPath)) { _output.WriteLine("conformance corpora absent: skipped"); return; }
        var ours = Describe(Load(Ours, allFeatures));
        var theirs = Describe(Load(upstreamPath, allFeatures));
        Assert.Equal(new[] { "wasi:cli@0.2.3", "wasi:clocks@0.2.3", "wasi:filesystem@0.2.3", "wasi:http@0.2.3", "wasi:io@0.2.3", "wasi:random@0.2.3", "wasi:sockets@0.2.3" },
            theirs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(theirs.Keys.OrderBy(k => k, StringComparer.Ordinal), ours.Keys.OrderBy(k => k, StringComparer.Ordinal));
        int lines = 0;
        foreach (var (package, expected) in theirs)
        {
            Assert.Equal(expected, ours[package]);
            lines += expected.Count;
        }
        _output.WriteLine($"{theirs.Count} packages, {lines} interface/world/type/function lines identical");
        // Something real was compared: the functions of the filesystem descriptor and the http types are there.
        Assert.Contains(theirs["wasi:filesystem@0.2.3"], l => l.StartsWith("wasi:filesystem/types@0.2.3 func [method]descriptor.open-at Method(self: borrow<wasi:filesystem/types@0.2.3.descriptor>, path-flags:", StringComparison.Ordinal));
        Assert.True(theirs["wasi:http@0.2.3"].Count(l => l.Contains(" func ", StringComparison.Ordinal)) > 50);
        Assert.Equal(allFeatures, theirs["wasi:clocks@0.2.3"].Any(l => l.StartsWith("wasi:clocks/timezone", StringComparison.Ordinal)));
    }

    /// <summary>Every <c>wasi</c> package as sorted lines: its interfaces and worlds with their stability, every type
    /// with its shape, every function with its parameters and result, every world item.</summary>
    private static Dictionary<string, List<string>> Describe(Resolve r)
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var p in r.Packages.Ids)
        {
            var package = r.Packages[p];
            if (package.Name.Namespace != "wasi") continue;
            var lines = new List<string>();
            foreach (var (name, id) in package.Interfaces)
            {
                var iface = r.Interfaces[id];
                var q = r.InterfaceQualifiedName(id)!;
                lines.Add($"interface {q} {Stab(iface.Stability)}");
                foreach (var (typeName, typeId) in iface.Types)
                    lines.Add($"{q} type {typeName} = {Shape(r, r.Types[typeId])} {Stab(r.Types[typeId].Stability)}");
                foreach (var (_, f) in iface.Functions) lines.Add($"{q} func {Func(r, f)}");
            }
            foreach (var (name, id) in package.Worlds)
            {
                var world = r.Worlds[id];
                lines.Add($"world {package.Name}/{name} {Stab(world.Stability)}");
                foreach (var (key, item) in world.Imports) lines.Add($"world {name} import {Key(r, key)}: {Item(r, item)}");
                foreach (var (key, item) in world.Exports) lines.Add($"world {name} export {Key(r, key)}: {Item(r, item)}");
            }
            lines.Sort(StringComparer.Ordinal);
            result[package.Name.ToString()] = lines;
        }
        return result;
    }

    private static string Stab(Stability s) => s switch
    {
        StableStability st => $"@since({st.Since}{(st.DeprecatedVersion is { } d ? ", deprecated " + d : "")})",
        UnstableStability u => $"@unstable({u.Feature})",
        _ => "",
    };

    private static string Key(Resolve r, WorldKey key) => key.InterfaceId is { } id ? r.InterfaceQualifiedName(id)! : key.Name!;

    private static string Item(Resolve r, WorldItem item) => item switch
    {
        InterfaceWorldItem i => $"interface {r.InterfaceQualifiedName(i.Id) ?? "(inline)"} {Stab(i.Stability)}",
        FunctionWorldItem f => "func " + Func(r, f.Function),
        TypeWorldItem t => $"type {r.Types[t.Id].Name} = {Shape(r, r.Types[t.Id])}",
        _ => item.ToString()!,
    };

    private static string Func(Resolve r, WitFunction f) =>
        $"{f.Name} {f.Kind}({string.Join(", ", f.Params.Select(p => $"{p.Name}: {Ty(r, p.Type)}"))}) -> {(f.Result is { } t ? Ty(r, t) : "()")} {Stab(f.Stability)}";

    /// <summary>A named type by its qualified name (interface and name); an anonymous one by its shape.</summary>
    private static string Ty(Resolve r, WitType t)
    {
        if (!t.IsId) return t.PrimitiveName;
        var def = r.Types[t.TypeId];
        if (def.Name is { } name)
        {
            var owner = def.Owner switch
            {
                InterfaceOwner o => r.InterfaceQualifiedName(o.Id),
                WorldOwner w => "world " + r.Worlds[w.Id].Name,
                _ => "",
            };
            return $"{owner}.{name}";
        }
        return Shape(r, def);
    }

    private static string Opt(Resolve r, WitType? t) => t is { } x ? Ty(r, x) : "_";

    private static string Shape(Resolve r, TypeDef def) => def.Kind switch
    {
        AliasKind a => "alias " + Ty(r, a.Target),
        ResourceKind => "resource",
        HandleKind h => $"{(h.IsBorrow ? "borrow" : "own")}<{Ty(r, WitType.Id(h.Resource))}>",
        RecordKind rec => "record {" + string.Join(", ", rec.Fields.Select(f => $"{f.Name}: {Ty(r, f.Type)}")) + "}",
        FlagsKind fl => "flags {" + string.Join(", ", fl.Flags.Select(c => c.Name)) + "}",
        EnumKind en => "enum {" + string.Join(", ", en.Cases.Select(c => c.Name)) + "}",
        VariantKind v => "variant {" + string.Join(", ", v.Cases.Select(c => c.Type is { } ct ? $"{c.Name}({Ty(r, ct)})" : c.Name)) + "}",
        OptionKind o => $"option<{Ty(r, o.Element)}>",
        ResultKind res => $"result<{Opt(r, res.Ok)}, {Opt(r, res.Err)}>",
        ListKind l => $"list<{Ty(r, l.Element)}>",
        FixedListKind fl => $"list<{Ty(r, fl.Element)}, {fl.Length}>",
        MapKind m => $"map<{Ty(r, m.Key)}, {Ty(r, m.Value)}>",
        TupleKind tu => "tuple<" + string.Join(", ", tu.Types.Select(x => Ty(r, x))) + ">",
        FutureKind fu => $"future<{Opt(r, fu.Element)}>",
        StreamKind s => $"stream<{Opt(r, s.Element)}>",
        _ => def.Kind.ToString()!,
    };
}
