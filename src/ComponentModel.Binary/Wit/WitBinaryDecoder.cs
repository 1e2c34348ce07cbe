using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>What a binary decoded to: WIT packages (an encoded package) or the world of a concrete component.</summary>
public sealed class DecodedWit
{
    internal DecodedWit(Resolve resolve, IReadOnlyList<Id<Package>> packages, Id<World>? world)
    {
        Resolve = resolve;
        Packages = packages;
        World = world;
    }

    /// <summary>The decoded graph (foreign packages hold only the items the binary refers to).</summary>
    public Resolve Resolve { get; }
    /// <summary>The main package(s) decoded.</summary>
    public IReadOnlyList<Id<Package>> Packages { get; }
    /// <summary>For a concrete component, its world (<c>root:component/root</c>); null for an encoded WIT package.</summary>
    public Id<World>? World { get; }
    /// <summary>Whether the binary was a concrete component rather than an encoded WIT package.</summary>
    public bool IsComponent => World is not null;
}

/// <summary>
/// Decodes component binaries back to resolved WIT: encoded WIT packages (<see cref="WitBinaryEncoder.EncodePackage"/>
/// or <c>wasm-tools component wit --wasm</c>), <c>component-type</c> section contents, and the world of any
/// component. Malformed or unsupported binaries throw <see cref="ComponentFormatException"/>.
/// </summary>
public static class WitBinaryDecoder
{
    /// <summary>Decodes an encoded WIT package or, failing that form, a component's world.</summary>
    public static DecodedWit Decode(byte[] bytes) => Guard(() => DecodeUnguarded(bytes));

    // Inconsistencies the checks above miss must still surface as the documented exception type.
    private static T Guard<T>(System.Func<T> decode)
    {
        try { return decode(); }
        catch (System.Exception e) when (e is System.InvalidCastException or KeyNotFoundException or System.ArgumentException
                                            or System.IndexOutOfRangeException or System.NullReferenceException or System.InvalidOperationException)
        {
            throw new ComponentFormatException($"inconsistent component types ({e.Message})", 0);
        }
    }

    private static DecodedWit DecodeUnguarded(byte[] bytes)
    {
        var binary = ComponentReader.Read(bytes, validate: false);
        var analysis = ComponentTypeAnalyzer.Analyze(binary);
        if (IsWitPackage(analysis)) return DecodePackageForm(binary, analysis);
        if (analysis.Imports.Count == 0 && analysis.Exports.Count == 0
            && binary.Sections.OfType<CustomSection>().FirstOrDefault(c => c.Name == WitBinaryEncoder.PackageNameSectionName) is { } named)
        {
            var text = System.Text.Encoding.UTF8.GetString(named.Data);
            var name = WitGraphDecoder.ParseInterfaceName(text + "/x")?.Package
                ?? throw new ComponentFormatException($"invalid package name `{text}`", named.Offset, named.Name);
            return DecodePackageForm(binary, analysis, name);
        }
        return DecodeComponentForm(analysis);
    }

    /// <summary>
    /// Decodes an encoded WIT package (the hook for <c>deps/*.wasm</c>); throws when the binary is a concrete component.
    /// </summary>
    public static Resolve DecodePackage(byte[] bytes)
    {
        var decoded = Decode(bytes);
        if (decoded.IsComponent) throw new ComponentFormatException("expected an encoded WIT package, found a component", 0);
        return decoded.Resolve;
    }

    /// <summary>
    /// Decodes the content of a <c>component-type</c> custom section: the resolve, the world it describes and the
    /// string encoding recorded in its <c>wit-component-encoding</c> section.
    /// </summary>
    public static (Resolve Resolve, Id<World> World, StringEncoding Encoding) DecodeWorld(byte[] componentTypeSection) =>
        Guard(() => DecodeWorldUnguarded(componentTypeSection));

    private static (Resolve Resolve, Id<World> World, StringEncoding Encoding) DecodeWorldUnguarded(byte[] componentTypeSection)
    {
        var binary = ComponentReader.Read(componentTypeSection, validate: false);
        var encoding = StringEncoding.Utf8;
        bool found = false;
        foreach (var c in binary.Sections.OfType<CustomSection>().Where(c => c.Name == WitBinaryEncoder.EncodingSectionName))
        {
            if (c.Data.Length != 2 || c.Data[0] != WitBinaryEncoder.ComponentTypeVersion)
                throw new ComponentFormatException($"`{WitBinaryEncoder.EncodingSectionName}` section uses an unsupported format (expected version {WitBinaryEncoder.ComponentTypeVersion})", c.Offset);
            if (c.Data[1] > 2) throw new ComponentFormatException($"invalid string encoding 0x{c.Data[1]:x2}", c.Offset);
            encoding = (StringEncoding)c.Data[1];
            found = true;
        }
        if (!found) throw new ComponentFormatException($"missing custom section `{WitBinaryEncoder.EncodingSectionName}`", 0);
        var analysis = ComponentTypeAnalyzer.Analyze(binary);
        if (analysis.Exports.Count != 1 || analysis.Exports[0].Kind != ExternKind.Type || Peel(analysis.Exports[0].Node) is not ComponentTypeNode)
            throw new ComponentFormatException("a component-type section must export exactly one type", 0);
        var decoded = DecodePackageForm(binary, analysis);
        var package = decoded.Resolve.Packages[decoded.Packages[0]];
        if (package.Worlds.Count != 1) throw new ComponentFormatException("a component-type section must describe exactly one world", 0);
        return (decoded.Resolve, package.Worlds.At(0).Value, encoding);
    }

    private static bool IsWitPackage(ComponentTypeAnalyzer a) =>
        a.Imports.Count == 0 && a.Exports.Count > 0
        && a.Exports.All(e => e.Kind == ExternKind.Type && Peel(e.Node) is ComponentTypeNode)
        && a.Exports[0].Name.IndexOf(':') < 0;

    private static TypeNode Peel(TypeNode node)
    {
        while (node is ExportedTypeNode e) node = e.Referenced;
        return node;
    }

    private static DecodedWit DecodePackageForm(ComponentBinary binary, ComponentTypeAnalyzer analysis, PackageId? packageName = null)
    {
        var decoder = new WitGraphDecoder();
        var fields = new WitGraphDecoder.PackageFields();
        var items = new List<(string Name, ComponentTypeNode Component, ExternEntry Export)>();
        foreach (var export in analysis.Exports)
        {
            var component = (ComponentTypeNode)Peel(export.Node);
            if (component.Exports.Count != 1)
                throw new ComponentFormatException($"expected a single export in the component type exported as `{export.Name}`, found {component.Exports.Count}", 0);
            items.Add((export.Name, component, component.Exports[0]));
        }

        var pending = new Dictionary<string, int>();
        for (int i = 0; i < items.Count; i++)
            if (items[i].Export.Kind == ExternKind.Instance) pending[items[i].Export.Name] = i;
        var done = new HashSet<int>();

        void DecodeItem(int i)
        {
            if (!done.Add(i)) return;
            var (name, component, export) = items[i];
            var parsed = WitGraphDecoder.ParseInterfaceName(export.Name)
                ?? throw new ComponentFormatException($"`{export.Name}` (exported by `{name}`) is not a fully qualified name", 0);
            if (packageName is null) packageName = parsed.Package;
            else if (!packageName.Equals(parsed.Package))
                throw new ComponentFormatException($"`{export.Name}` belongs to package {parsed.Package}, not {packageName}", 0);
            switch (export.Kind)
            {
                case ExternKind.Instance:
                    foreach (var import in component.Imports)
                    {
                        if (import.Kind != ExternKind.Instance) throw new ComponentFormatException($"import `{import.Name}` is not an instance", 0);
                        decoder.RegisterImport(import.Name, (InstanceTypeNode)import.Node);
                    }
                    decoder.RegisterInterface(export.Name, (InstanceTypeNode)export.Node, fields);
                    break;
                case ExternKind.Component:
                    decoder.RegisterWorld(export.Name, (ComponentTypeNode)export.Node, fields);
                    break;
                default:
                    throw new ComponentFormatException($"`{name}` exports neither an interface (instance) nor a world (component)", 0);
            }
        }

        decoder.DecodeLocal = qualified =>
        {
            if (!pending.TryGetValue(qualified, out var index) || done.Contains(index)) return false;
            DecodeItem(index);
            return true;
        };
        for (int i = 0; i < items.Count; i++) DecodeItem(i);

        var package = decoder.Finish(packageName!, fields);
        MiniJson.JsonObject? arena = null;
        foreach (var c in binary.Sections.OfType<CustomSection>())
        {
            if (c.Name == PackageMetadata.SectionName) PackageMetadata.Decode(c.Data, decoder.Resolve, package);
            else if (c.Name == ItemMetadata.SectionName) arena = ItemMetadata.Decode(c.Data, decoder.Resolve, package) ?? arena;
        }
        // Our reconstruction of the resolver's arenas; then what the encoder found it gets wrong, if recorded.
        FunctionTypeOrder.Apply(decoder.Resolve, package);
        WorldTypeOrder.Apply(decoder.Resolve, package);
        ImplicitHandleOrder.Apply(decoder.Resolve);
        AnonymousTypeStability.Apply(decoder.Resolve);
        if (arena is not null) ArenaOrder.Apply(decoder.Resolve, package, arena);
        return new DecodedWit(decoder.Resolve, new[] { package }, null);
    }

    private static DecodedWit DecodeComponentForm(ComponentTypeAnalyzer analysis)
    {
        var decoder = new WitGraphDecoder();
        var fields = new WitGraphDecoder.PackageFields();
        var resolve = decoder.Resolve;
        var world = new World { Name = "root" };
        var worldId = resolve.Worlds.Add(world);
        fields.Worlds["root"] = worldId;
        var owner = new WorldOwner(worldId);
        foreach (var import in analysis.Imports)
        {
            if (import.Kind is not (ExternKind.Instance or ExternKind.Func or ExternKind.Type)) continue;
            var (key, item) = decoder.WorldEntry(import, owner, fields, true);
            world.Imports[key] = item;
        }
        foreach (var export in analysis.Exports)
        {
            if (export.Kind is not (ExternKind.Instance or ExternKind.Func)) continue;
            var (key, item) = decoder.WorldEntry(export, owner, fields, false);
            world.Exports[key] = item;
        }
        var package = decoder.Finish(new PackageId("root", "component", null), fields);
        return new DecodedWit(resolve, new[] { package }, worldId);
    }
}
