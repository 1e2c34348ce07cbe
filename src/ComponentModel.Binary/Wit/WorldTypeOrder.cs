using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Puts the types a decoded package's worlds introduce in the order the WIT resolver creates them. The resolver
/// resolves a world's types first (anonymous parts before the type), then its items in source order (inline
/// interfaces, functions, a resource's functions where the resource is); a world's imports, however, are stored sorted by kind (interfaces
/// first, resource functions last), and the binary follows that sorted order. Types already reached from the
/// package's named interfaces keep their place; implicit <c>own</c> handles are left to
/// <see cref="ImplicitHandleOrder"/>.
/// </summary>
internal static class WorldTypeOrder
{
    public static void Apply(Resolve resolve, Id<Package> package)
    {
        var types = resolve.Types;
        var seen = new HashSet<Id<TypeDef>>();
        var order = new List<Id<TypeDef>>();
        bool Skip(Id<TypeDef> id) => types[id] is { Name: null, Kind: HandleKind { IsBorrow: false } };

        void Visit(WitType? type, bool record)
        {
            if (type is not { IsId: true } t || Skip(t.TypeId) || seen.Contains(t.TypeId)) return;
            var def = types[t.TypeId];
            // Named types are visited through their owner's type list, not through a reference.
            if (def.Name is not null && !record) return;
            seen.Add(t.TypeId);
            if (def.Name is null || def.Kind is not ResourceKind)
                foreach (var r in ImplicitHandleOrder.Refs(def.Kind))
                    if (r is { IsId: true } x && types[x.TypeId].Name is null) Visit(x, record);
            if (record) order.Add(t.TypeId);
        }
        void Function(Function f, bool record)
        {
            foreach (var p in f.Params) Visit(p.Type, record);
            Visit(f.Result, record);
        }
        void Interface(Id<Interface> id, bool record)
        {
            var iface = resolve.Interfaces[id];
            foreach (var t in iface.Types.Values) VisitNamed(t, record);
            foreach (var f in iface.Functions.Values) Function(f, record);
        }
        void VisitNamed(Id<TypeDef> id, bool record)
        {
            if (seen.Contains(id)) return;
            var def = types[id];
            foreach (var r in ImplicitHandleOrder.Refs(def.Kind))
                if (r is { IsId: true } x && types[x.TypeId].Name is null) Visit(x, record);
            seen.Add(id);
            if (record) order.Add(id);
        }

        // Everything reachable from named interfaces (of any package) is left where it is.
        foreach (var (i, iface) in resolve.Interfaces.Entries)
            if (iface.Name is not null) Interface(i, false);

        foreach (var w in resolve.Packages[package].Worlds.Values)
        {
            var world = resolve.Worlds[w];
            var resourceFunctions = new List<Function>();
            foreach (var item in world.Imports.Values)
                if (item is FunctionWorldItem { Function.Resource: not null } rf) resourceFunctions.Add(rf.Function);
            foreach (var item in world.Imports.Values)
                if (item is TypeWorldItem t) VisitNamed(t.Id, true);
            // Items: the source order is lost; resource functions are assumed to come with their resources, i.e.
            // before the other items (resources are usually declared before the functions that use them).
            foreach (var item in world.Imports.Values)
                if (item is TypeWorldItem t && types[t.Id].Kind is ResourceKind)
                    foreach (var f in resourceFunctions) if (f.Resource == t.Id) Function(f, true);
            foreach (var items in new[] { world.Imports, world.Exports })
            {
                foreach (var entry in items)
                {
                    switch (entry.Value)
                    {
                        case InterfaceWorldItem i when !entry.Key.IsInterface && resolve.Interfaces[i.Id].Name is null:
                            Interface(i.Id, true);
                            break;
                        case FunctionWorldItem f when f.Function.Resource is null:
                            Function(f.Function, true);
                            break;
                    }
                }
            }
        }
        if (order.Count == 0) return;

        var moved = new HashSet<Id<TypeDef>>(order);
        var final = types.Ids.Where(id => !moved.Contains(id)).ToList();
        final.AddRange(order);
        bool identity = true;
        for (int i = 0; i < final.Count && identity; i++) identity = final[i].Index == i;
        if (!identity) ImplicitHandleOrder.Permute(resolve, final);
    }
}
