namespace WitBindgen.WitParser.Model;

/// <summary>An interface: named (in a package) or inline (in a world, <see cref="Name"/> null).</summary>
public sealed class Interface
{
    /// <summary>Name, or null for inline interfaces.</summary>
    public string? Name { get; set; }
    /// <summary>Types by name: <c>use</c> aliases first, then definitions.</summary>
    public OrderedMap<string, Id<TypeDef>> Types { get; } = new();
    /// <summary>Functions by name (resource functions as <c>[method]r.m</c> etc.), in declaration order.</summary>
    public OrderedMap<string, Function> Functions { get; } = new();
    /// <summary>The <c>///</c> doc comment, without the slashes; null when there is none.</summary>
    public string? Docs { get; set; }
    /// <summary>The <c>@since</c> / <c>@unstable</c> / <c>@deprecated</c> attributes of the interface.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
    /// <summary>The owning package (an inline interface belongs to its world's package); null when not known.</summary>
    public Id<Package>? Package { get; set; }
    /// <summary>When this interface is a copy made by <c>include ... with</c>, the original's id.</summary>
    public Id<Interface>? CloneOf { get; set; }
}
