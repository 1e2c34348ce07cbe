namespace WitBindgen.WitParser.Model;

/// <summary>Identity of a package: <c>namespace:name[@version]</c>.</summary>
/// <param name="Namespace">The namespace (<c>wasi</c> in <c>wasi:http@0.2.0</c>).</param>
/// <param name="Name">The package name (<c>http</c>).</param>
/// <param name="Version">The version, or null when the package has none.</param>
public sealed record PackageId(string Namespace, string Name, SemVersion? Version)
{
    /// <summary><c>ns:name@version</c>.</summary>
    public override string ToString() => Version is null ? $"{Namespace}:{Name}" : $"{Namespace}:{Name}@{Version}";
}

/// <summary>A resolved package: its name and the ids of its named interfaces and worlds.</summary>
public sealed class Package
{
    /// <summary>Creates a package.</summary>
    public Package(PackageId name) => Name = name;

    /// <summary>The package name, <c>namespace:name[@version]</c>.</summary>
    public PackageId Name { get; }
    /// <summary>Doc comment of the package declaration.</summary>
    public string? Docs { get; set; }
    /// <summary>Named interfaces: name to id in <see cref="Resolve.Interfaces"/>, in declaration order.</summary>
    public OrderedMap<string, Id<Interface>> Interfaces { get; } = new();
    /// <summary>Worlds: name to id in <see cref="Resolve.Worlds"/>, in declaration order.</summary>
    public OrderedMap<string, Id<World>> Worlds { get; } = new();
}
