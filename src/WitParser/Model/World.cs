namespace WitBindgen.WitParser.Model;

/// <summary>Key of a world import or export: a plain name or an interface id.</summary>
/// <param name="Name">The plain name (<c>import name: ...</c>), or null when the key is an interface.</param>
/// <param name="InterfaceId">The interface when the key is an interface; null when it is a plain name.</param>
public readonly record struct WorldKey(string? Name, Id<Interface>? InterfaceId = null)
{
    /// <summary>A key for interface <paramref name="id"/>.</summary>
    public static WorldKey Interface(Id<Interface> id) => new(null, id);
    /// <summary>A plain-name key.</summary>
    public static WorldKey Named(string name) => new(name);
    /// <summary>Whether this key is an interface id.</summary>
    public bool IsInterface => Name is null;

    /// <summary>The reference's JSON spelling: the name, or <c>interface-N</c> (N the interface's arena index).</summary>
    public override string ToString() => Name ?? $"interface-{InterfaceId!.Value.Index}";
}

/// <summary>What a world imports or exports under a key.</summary>
public abstract record WorldItem;
/// <summary>An interface, with the item's own stability, external id and docs.</summary>
/// <param name="Id">The interface.</param>
/// <param name="Stability">The stability attributes written on the import or export itself.</param>
/// <param name="ExternalId">The <c>@external-id</c> of the import or export, if any.</param>
/// <param name="Docs">The doc comment of the import or export, if any.</param>
public sealed record InterfaceWorldItem(Id<Interface> Id, Stability Stability, string? ExternalId = null, string? Docs = null) : WorldItem;
/// <summary>A function.</summary>
/// <param name="Function">The function.</param>
public sealed record FunctionWorldItem(Function Function) : WorldItem;
/// <summary>A type (imports only).</summary>
/// <param name="Id">The type.</param>
public sealed record TypeWorldItem(Id<TypeDef> Id) : WorldItem;

/// <summary>A world: its imports and exports after elaboration.</summary>
public sealed class World
{
    /// <summary>The world name as written in WIT.</summary>
    public string Name { get; set; } = "";
    /// <summary>Imports in the reference's order.</summary>
    public OrderedMap<WorldKey, WorldItem> Imports { get; } = new();
    /// <summary>Exports in the reference's order.</summary>
    public OrderedMap<WorldKey, WorldItem> Exports { get; } = new();
    /// <summary>The owning package.</summary>
    public Id<Package> Package { get; set; }
    /// <summary>The <c>///</c> doc comment, without the slashes; null when there is none.</summary>
    public string? Docs { get; set; }
    /// <summary>The <c>@since</c> / <c>@unstable</c> / <c>@deprecated</c> attributes of the world.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
}
