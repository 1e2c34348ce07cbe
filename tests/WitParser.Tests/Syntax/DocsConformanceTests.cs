using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using WitBindgen.Tests;
using WitBindgen.WitParser.Syntax;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>
/// Doc comments as the reference keeps them: for the single-file cases of the wit-parser corpus, the
/// docs of named interfaces, worlds, interface types and functions equal those in the expected JSON.
/// </summary>
public sealed class DocsConformanceTests
{
    private readonly ITestOutputHelper _output;

    public DocsConformanceTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void DocsMatchTheExpectedJson()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return;
        int compared = 0;
        var mismatches = new List<string>();
        foreach (var wit in Directory.EnumerateFiles(ui, "*.wit").OrderBy(p => p, StringComparer.Ordinal))
        {
            var json = wit + ".json";
            if (!File.Exists(json)) continue;
            var file = WitFileParser.Parse(wit, File.ReadAllText(wit));
            if (file.NestedPackages.Count > 0) continue; // names may repeat across packages
            var ours = AstDocs(file);
            foreach (var (key, docs) in JsonDocs(File.ReadAllText(json)))
            {
                if (!ours.TryGetValue(key, out var mine)) continue;
                compared++;
                if (mine != docs) mismatches.Add($"{Path.GetFileName(wit)} {key}: expected {Show(docs)}, got {Show(mine)}");
            }
        }
        _output.WriteLine($"docs compared: {compared}, mismatches: {mismatches.Count}");
        foreach (var m in mismatches) _output.WriteLine(m);
        Assert.True(compared > 50, $"only {compared} items compared");
        Assert.Empty(mismatches);
    }

    private static string Show(string? s) => s is null ? "none" : JsonSerializer.Serialize(s);

    private static Dictionary<string, string?> AstDocs(WitFile file)
    {
        var docs = new Dictionary<string, string?>();
        foreach (var item in file.Items)
        {
            switch (item)
            {
                case InterfaceDecl iface:
                    docs["interface " + iface.Name.Name] = iface.Docs.Contents;
                    foreach (var member in iface.Items)
                    {
                        if (member is TypeDecl type)
                        {
                            var prefix = $"{iface.Name.Name}.{type.Name.Name}";
                            docs["type " + prefix] = type.Docs.Contents;
                            var members = type switch
                            {
                                RecordDecl r => r.Fields.Select(f => (f.Name.Name, f.Docs.Contents)),
                                VariantDecl v => v.Cases.Select(c => (c.Name.Name, c.Docs.Contents)),
                                EnumDecl en => en.Cases.Select(c => (c.Name.Name, c.Docs.Contents)),
                                FlagsDecl fl => fl.Flags.Select(c => (c.Name.Name, c.Docs.Contents)),
                                _ => Enumerable.Empty<(string, string?)>(),
                            };
                            foreach (var (name, contents) in members) docs[$"member {prefix}.{name}"] = contents;
                        }
                        if (member is FuncDecl func) docs[$"func {iface.Name.Name}.{func.Name.Name}"] = func.Docs.Contents;
                    }
                    break;
                case WorldDecl world:
                    docs["world " + world.Name.Name] = world.Docs.Contents;
                    break;
            }
        }
        return docs;
    }

    private static IEnumerable<(string Key, string? Docs)> JsonDocs(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var interfaceNames = new List<string?>();
        foreach (var iface in root.GetProperty("interfaces").EnumerateArray())
        {
            var name = iface.GetProperty("name").ValueKind == JsonValueKind.String ? iface.GetProperty("name").GetString() : null;
            interfaceNames.Add(name);
            if (name is null) continue;
            yield return ("interface " + name, Contents(iface));
            foreach (var func in iface.GetProperty("functions").EnumerateObject())
                if (!func.Name.StartsWith("[", StringComparison.Ordinal))
                    yield return ($"func {name}.{func.Name}", Contents(func.Value));
        }
        foreach (var world in root.GetProperty("worlds").EnumerateArray())
            yield return ("world " + world.GetProperty("name").GetString(), Contents(world));
        foreach (var type in root.GetProperty("types").EnumerateArray())
        {
            if (type.GetProperty("name").ValueKind != JsonValueKind.String) continue;
            if (!type.TryGetProperty("owner", out var owner) || owner.ValueKind != JsonValueKind.Object) continue;
            if (!owner.TryGetProperty("interface", out var index)) continue;
            var ifaceName = interfaceNames[index.GetInt32()];
            if (ifaceName is null) continue;
            // `use`d types are aliases named like their target; skip them (their docs are not the source's).
            if (type.GetProperty("kind").ValueKind == JsonValueKind.Object && type.GetProperty("kind").TryGetProperty("type", out var target)
                && target.ValueKind == JsonValueKind.Number) continue;
            var prefix = $"{ifaceName}.{type.GetProperty("name").GetString()}";
            yield return ("type " + prefix, Contents(type));
            var kind = type.GetProperty("kind");
            if (kind.ValueKind != JsonValueKind.Object) continue;
            foreach (var (kindName, listName) in new[] { ("record", "fields"), ("variant", "cases"), ("enum", "cases"), ("flags", "flags") })
                if (kind.TryGetProperty(kindName, out var body) && body.TryGetProperty(listName, out var list))
                    foreach (var member in list.EnumerateArray())
                        yield return ($"member {prefix}.{member.GetProperty("name").GetString()}", Contents(member));
        }
    }

    private static string? Contents(JsonElement element) =>
        element.TryGetProperty("docs", out var docs) && docs.TryGetProperty("contents", out var contents) ? contents.GetString() : null;
}
