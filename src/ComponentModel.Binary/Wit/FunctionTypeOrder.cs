using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Puts the anonymous types that named interfaces' function signatures introduce in the order the WIT resolver
/// creates them: interface by interface, function by function in the interface's function order (parameters, then
/// the result; a type's parts before the type). The binary defines them in the order the functions are encoded
/// (resources' functions first), which differs when the interface's function order was restored from our
/// <c>func_order</c>. Anonymous types of type definitions, implicit <c>own</c> handles (<see cref="ImplicitHandleOrder"/>)
/// and world types (<see cref="WorldTypeOrder"/>) are left alone; the moved types keep the slots they occupy.
/// </summary>
internal static class FunctionTypeOrder
{
    public static void Apply(Resolve resolve, Id<Package> package)
    {
        var types = resolve.Types;
        var seen = new HashSet<Id<TypeDef>>();
        void Parts(WitType? type)
        {
            if (type is not { IsId: true } t || types[t.TypeId].Name is not null || !seen.Add(t.TypeId)) return;
            foreach (var r in ImplicitHandleOrder.Refs(types[t.TypeId].Kind)) Parts(r);
        }
        var named = resolve.Interfaces.Ids.Where(i => resolve.Interfaces[i].Name is not null).ToList();
        // Foreign interfaces' functions (from a world's imports) are decoded last and have their own anonymous types.
        var local = named.Where(i => resolve.Interfaces[i].Package == package).ToList();
        foreach (var i in named)
            foreach (var t in resolve.Interfaces[i].Types.Values)
                foreach (var r in ImplicitHandleOrder.Refs(types[t].Kind)) Parts(r);

        var order = new List<Id<TypeDef>>();
        void Visit(WitType? type)
        {
            if (type is not { IsId: true } t || types[t.TypeId].Name is not null || seen.Contains(t.TypeId)) return;
            var def = types[t.TypeId];
            if (def.Kind is HandleKind { IsBorrow: false }) return;
            seen.Add(t.TypeId);
            foreach (var r in ImplicitHandleOrder.Refs(def.Kind)) Visit(r);
            order.Add(t.TypeId);
        }
        foreach (var i in local)
        {
            foreach (var f in resolve.Interfaces[i].Functions.Values)
            {
                foreach (var p in f.Params) Visit(p.Type);
                Visit(f.Result);
            }
        }

        var slots = order.OrderBy(id => id).ToList();
        if (slots.SequenceEqual(order)) return;
        var final = types.Ids.ToList();
        for (int k = 0; k < slots.Count; k++) final[slots[k].Index] = order[k];
        ImplicitHandleOrder.Permute(resolve, final);
    }
}
