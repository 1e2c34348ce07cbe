using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Gives the anonymous <c>borrow&lt;R&gt;</c> of a method's implicit <c>self</c> parameter the method's stability, as
/// the WIT resolver does when it creates that handle. The resolver interns anonymous types, so this only holds when
/// the method is what first creates the handle: no typedef and no earlier function mentions it. The binary has no
/// stability for anonymous types; the method's own stability comes from <c>package-docs</c>.
/// </summary>
internal static class SelfBorrowStability
{
    public static void Apply(Resolve resolve, int package)
    {
        var types = resolve.Types;
        var created = new HashSet<int>();
        foreach (var def in types)
            foreach (var r in ImplicitHandleOrder.Refs(def.Kind))
                if (r is { IsId: true } x) created.Add(x.TypeId);

        void Function(Function f)
        {
            bool method = f.Kind is FunctionKind.Method or FunctionKind.AsyncMethod;
            for (int i = 0; i < f.Params.Count; i++)
            {
                var t = f.Params[i].Type;
                if (!t.IsId || !created.Add(t.TypeId)) continue;
                var def = types[t.TypeId];
                if (method && i == 0 && f.Params[i].Name == "self" && def is { Name: null, Kind: HandleKind { IsBorrow: true } }
                    && def.Stability is UnknownStability)
                    def.Stability = f.Stability;
            }
            if (f.Result is { IsId: true } result) created.Add(result.TypeId);
        }

        for (int i = 0; i < resolve.Interfaces.Count; i++)
        {
            if (resolve.Interfaces[i].Package != package) continue;
            foreach (var f in resolve.Interfaces[i].Functions.Values) Function(f);
        }
        foreach (var w in resolve.Packages[package].Worlds.Values)
        {
            foreach (var item in resolve.Worlds[w].Imports.Values) if (item is FunctionWorldItem f) Function(f.Function);
            foreach (var item in resolve.Worlds[w].Exports.Values) if (item is FunctionWorldItem f) Function(f.Function);
        }
    }
}
