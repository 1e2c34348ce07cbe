namespace WitBindgen.WitParser.Model;

/// <summary>An interface: named (in a package) or inline (in a world, <see cref="Name"/> null).</summary>
public sealed class Interface
{
    /// <summary>Name, or null for inline interfaces.</summary>
    public string? Name { get; set; }
    /// <summary>Types by name: <c>use</c> aliases first, then definitions.</summary>
    public OrderedMap<string, int> Types { get; } = new();
    /// <summary>Functions by name.</summary>
    public OrderedMap<string, Function> Functions { get; } = new();
    /// <summary>Doc comment.</summary>
    public string? Docs { get; set; }
    /// <summary>Stability.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
    /// <summary>Owning package id.</summary>
    public int? Package { get; set; }
    /// <summary>When this interface is a copy made by <c>include ... with</c>, the original's id.</summary>
    public int? CloneOf { get; set; }
}
