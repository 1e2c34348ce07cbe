using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Tests.Support;

/// <summary>Builds small resolved graphs by hand (until tests can load WIT text).</summary>
internal sealed class ResolveBuilder
{
    public Resolve Resolve { get; } = new();
    public int Package { get; }

    public ResolveBuilder(string ns = "test", string name = "pkg")
    {
        Resolve.Packages.Add(new Package(new PackageId(ns, name, null)));
        Package = 0;
    }

    public int Interface(string name, string? docs = null)
    {
        var iface = new Interface { Name = name, Package = Package, Docs = docs };
        Resolve.Interfaces.Add(iface);
        int id = Resolve.Interfaces.Count - 1;
        Resolve.Packages[Package].Interfaces[name] = id;
        return id;
    }

    public WitType Type(int iface, string? name, TypeDefKind kind, string? docs = null)
    {
        var id = Resolve.Types.Add(new TypeDef(name, kind, iface >= 0 ? new InterfaceOwner(iface) : TypeOwner.None) { Docs = docs });
        if (name is not null && iface >= 0) Resolve.Interfaces[iface].Types[name] = id;
        return WitType.Id(id);
    }

    public WitType Anon(TypeDefKind kind) => Type(-1, null, kind);

    public Function Func(int iface, string name, IEnumerable<(string, WitType)> ps, WitType? result, FunctionKind kind = FunctionKind.Freestanding, Id<TypeDef>? resource = null, string? docs = null)
    {
        var f = new Function(name, kind, resource, ps.Select(p => new Param(p.Item1, p.Item2)).ToList(), result) { Docs = docs };
        Resolve.Interfaces[iface].Functions[name] = f;
        return f;
    }

    public int World(string name, IEnumerable<int> imports, IEnumerable<int> exports)
    {
        var w = new World { Name = name, Package = Package };
        foreach (var i in imports) w.Imports[WorldKey.Interface(i)] = new InterfaceWorldItem(i, Stability.Unknown);
        foreach (var e in exports) w.Exports[WorldKey.Interface(e)] = new InterfaceWorldItem(e, Stability.Unknown);
        Resolve.Worlds.Add(w);
        int id = Resolve.Worlds.Count - 1;
        Resolve.Packages[Package].Worlds[name] = id;
        return id;
    }

    public static WitType P(WitTypeKind kind) => new(kind);
}
