using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Tests.Support;

/// <summary>Builds small resolved graphs by hand (until tests can load WIT text).</summary>
internal sealed class ResolveBuilder
{
    public Resolve Resolve { get; } = new();
    public Id<Package> Package { get; }

    public ResolveBuilder(string ns = "test", string name = "pkg")
    {
        Package = Resolve.Packages.Add(new Package(new PackageId(ns, name, null)));
    }

    public Id<Interface> Interface(string name, string? docs = null)
    {
        var id = Resolve.Interfaces.Add(new Interface { Name = name, Package = Package, Docs = docs });
        Resolve.Packages[Package].Interfaces[name] = id;
        return id;
    }

    /// <summary>A type owned by <paramref name="iface"/>, or an anonymous one when it is null.</summary>
    public WitType Type(Id<Interface>? iface, string? name, TypeDefKind kind, string? docs = null)
    {
        var id = Resolve.Types.Add(new TypeDef(name, kind, iface is { } owner ? new InterfaceOwner(owner) : TypeOwner.None) { Docs = docs });
        if (name is not null && iface is { } named) Resolve.Interfaces[named].Types[name] = id;
        return WitType.Id(id);
    }

    public WitType Anon(TypeDefKind kind) => Type(null, null, kind);

    public Function Func(Id<Interface> iface, string name, IEnumerable<(string, WitType)> ps, WitType? result, FunctionKind kind = FunctionKind.Freestanding, Id<TypeDef>? resource = null, string? docs = null)
    {
        var f = new Function(name, kind, resource, ps.Select(p => new Param(p.Item1, p.Item2)).ToList(), result) { Docs = docs };
        Resolve.Interfaces[iface].Functions[name] = f;
        return f;
    }

    public Id<World> World(string name, IEnumerable<Id<Interface>> imports, IEnumerable<Id<Interface>> exports)
    {
        var w = new World { Name = name, Package = Package };
        foreach (var i in imports) w.Imports[WorldKey.Interface(i)] = new InterfaceWorldItem(i, Stability.Unknown);
        foreach (var e in exports) w.Exports[WorldKey.Interface(e)] = new InterfaceWorldItem(e, Stability.Unknown);
        var id = Resolve.Worlds.Add(w);
        Resolve.Packages[Package].Worlds[name] = id;
        return id;
    }

    public static WitType P(WitTypeKind kind) => new(kind);
}
