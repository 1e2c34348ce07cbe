using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>String encodings recorded in a <c>component-type</c> section.</summary>
public enum StringEncoding : byte
{
    /// <summary>UTF-8.</summary>
    Utf8 = 0,
    /// <summary>UTF-16.</summary>
    Utf16 = 1,
    /// <summary>latin1+utf16.</summary>
    CompactUtf16 = 2,
}

/// <summary>
/// Encodes resolved WIT as component binaries: a whole package (the form <c>wasm-tools component wit --wasm</c>
/// writes) and a single world as the content of a <c>component-type</c> custom section (the form
/// <c>wasm-tools component embed</c> writes). Throws <see cref="WitEncodingException"/> for graphs that cannot be
/// encoded.
/// </summary>
public static class WitBinaryEncoder
{
    /// <summary>Name of the section inside a <c>component-type</c> component holding version and string encoding.</summary>
    public const string EncodingSectionName = "wit-component-encoding";

    /// <summary>Custom section naming an encoded package that has no interfaces or worlds (our extension).</summary>
    public const string PackageNameSectionName = "witbindgen-package-name";

    /// <summary>The <c>component-type</c> format version written and accepted.</summary>
    public const byte ComponentTypeVersion = 0x04;

    /// <summary>
    /// Encodes package <paramref name="package"/>: one exported component type per interface (importing the
    /// interfaces it uses, exporting itself as <c>ns:pkg/name@v</c>) and per world (wrapping the world's component
    /// type exported as <c>ns:pkg/world@v</c>), plus a <c>package-docs</c> section with docs and stability and our
    /// <c>witbindgen-item-metadata</c> section with what neither carries (the result is decoded once to find out
    /// which arena facts the decoder would not recover by itself).
    /// </summary>
    public static byte[] EncodePackage(Resolve resolve, Id<Package> package)
    {
        var pkg = resolve.Packages[package];
        var types = new List<TypeDefinition>();
        var exports = new List<ComponentExport>();
        foreach (var entry in pkg.Interfaces)
        {
            types.Add(WitTypeEncoder.EncodeInterfaceComponent(resolve, entry.Value));
            exports.Add(new ComponentExport(entry.Key, Sort.Type, (uint)(types.Count - 1)));
        }
        foreach (var entry in pkg.Worlds)
        {
            types.Add(WorldWrapper(resolve, entry.Value));
            exports.Add(new ComponentExport(entry.Key, Sort.Type, (uint)(types.Count - 1)));
        }
        var sections = new List<ComponentSection>();
        if (types.Count > 0)
        {
            sections.Add(new TypeSection(0, types));
            sections.Add(new ExportSection(0, exports));
        }
        else
        {
            // An empty package has no export to carry its name; record it so the round trip keeps the package.
            sections.Add(new CustomSection(0, PackageNameSectionName, System.Text.Encoding.UTF8.GetBytes(pkg.Name.ToString())));
        }
        sections.Add(new CustomSection(0, PackageMetadata.SectionName, PackageMetadata.Encode(resolve, package)));
        var items = ItemMetadata.EncodeJson(resolve, pkg.Worlds.Values, pkg.Interfaces.Values);
        var bytes = WithItemMetadata(sections, items);
        // Decode what was written: where the decoder's reconstruction of the arenas differs from the original, the
        // original's order and stabilities go into the section too.
        if (RecordArena(resolve, package, bytes) is { } arena)
        {
            items.Add(ArenaOrder.Field, arena);
            bytes = WithItemMetadata(sections, items);
        }
        return bytes;
    }

    private static byte[] WithItemMetadata(List<ComponentSection> sections, MiniJson.JsonObject items)
    {
        var all = new List<ComponentSection>(sections);
        if (ItemMetadata.Serialize(items) is { } data) all.Add(new CustomSection(0, ItemMetadata.SectionName, data));
        return ComponentWriter.Write(all);
    }

    private static MiniJson.JsonObject? RecordArena(Resolve resolve, Id<Package> package, byte[] bytes)
    {
        DecodedWit decoded;
        try { decoded = WitBinaryDecoder.Decode(bytes); }
        catch (ComponentFormatException) { return null; }
        if (decoded.IsComponent || decoded.Packages.Count != 1) return null;
        return ArenaOrder.Record(resolve, package, decoded.Resolve, decoded.Packages[0]);
    }

    /// <summary>
    /// Encodes world <paramref name="world"/> as the content of a <c>component-type</c> custom section: a component
    /// with a <c>wit-component-encoding</c> section (version 4, string encoding) and one exported component type
    /// wrapping the world.
    /// </summary>
    public static byte[] EncodeWorld(Resolve resolve, Id<World> world, StringEncoding encoding = StringEncoding.Utf8)
    {
        var w = resolve.Worlds[world];
        var sections = new List<ComponentSection>
        {
            new CustomSection(0, EncodingSectionName, new[] { ComponentTypeVersion, (byte)encoding }),
            new TypeSection(0, new TypeDefinition[] { WorldWrapper(resolve, world) }),
            new ExportSection(0, new[] { new ComponentExport(w.Name, Sort.Type, 0) }),
            new CustomSection(0, PackageMetadata.SectionName, PackageMetadata.EncodeWorld(resolve, world)),
        };
        if (ItemMetadata.Encode(resolve, new[] { world }, System.Array.Empty<Id<Interface>>()) is { } extra)
            sections.Add(new CustomSection(0, ItemMetadata.SectionName, extra));
        return ComponentWriter.Write(sections);
    }

    /// <summary>The conventional custom-section name for an embedded world: <c>component-type:&lt;world&gt;</c>.</summary>
    public static string ComponentTypeSectionName(Resolve resolve, Id<World> world) => "component-type:" + resolve.Worlds[world].Name;

    /// <summary>A world as a component type (imports, then exports), without the wrapper.</summary>
    public static ComponentTypeDefinition EncodeWorldType(Resolve resolve, Id<World> world) => WitTypeEncoder.EncodeWorld(resolve, world);

    private static ComponentTypeDefinition WorldWrapper(Resolve resolve, Id<World> world)
    {
        var w = resolve.Worlds[world];
        var p = resolve.Packages[w.Package].Name;
        var name = $"{p.Namespace}:{p.Name}/{w.Name}" + (p.Version is null ? "" : "@" + p.Version);
        return new ComponentTypeDefinition(new Declaration[]
        {
            new TypeDeclaration(WitTypeEncoder.EncodeWorld(resolve, world)),
            new ExportDeclaration(name, ExternDesc.Component(0)),
        });
    }
}
