using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Gives decoded anonymous types (<c>list&lt;T&gt;</c>, <c>borrow&lt;R&gt;</c>, <c>result</c>...) the stability the WIT
/// resolver gives them: the stability of the type definition whose body created them, or, when that has none (or
/// a function created them), the stability of the first type they refer to that has one. The binary has no
/// stability for anonymous types; named types get theirs from <c>package-docs</c> first.
/// </summary>
internal static class AnonymousTypeStability
{
    public static void Apply(Resolve resolve)
    {
        var types = resolve.Types;
        foreach (var (t, def) in types.Entries)
        {
            // Implicit own<R> handles are made when packages are joined, without a stability.
            if (def.Name is not null || def.Stability is not UnknownStability || def.Kind is HandleKind { IsBorrow: false }) continue;
            def.Stability = Creator(types, t) is { Stability: not UnknownStability } creator ? creator.Stability : Inherited(types, def.Kind);
        }
    }

    // The resolver allocates a definition's anonymous parts just before the definition itself, so the creator of
    // anonymous type t is the next named type when t and every anonymous type up to it are parts of that definition.
    private static TypeDef? Creator(Arena<TypeDef> types, Id<TypeDef> t)
    {
        var n = new Id<TypeDef>(t.Index + 1);
        while (types.Contains(n) && types[n].Name is null) n = new Id<TypeDef>(n.Index + 1);
        if (!types.Contains(n)) return null;
        var parts = new HashSet<Id<TypeDef>>();
        CollectAnonymousParts(types, types[n].Kind, parts);
        for (int i = t.Index; i < n.Index; i++) if (!parts.Contains(new Id<TypeDef>(i))) return null;
        return types[n];
    }

    private static void CollectAnonymousParts(Arena<TypeDef> types, TypeDefKind kind, HashSet<Id<TypeDef>> parts)
    {
        foreach (var r in References(kind))
            if (r is { IsId: true } x && types[x.TypeId].Name is null && parts.Add(x.TypeId))
                CollectAnonymousParts(types, types[x.TypeId].Kind, parts);
    }

    // The first referenced type with a stability, in the order the resolver looks (a result's ok before its err).
    // An implicit own<R> handle was a plain reference to R when the resolver looked, so R's stability counts.
    private static Stability Inherited(Arena<TypeDef> types, TypeDefKind kind)
    {
        foreach (var r in References(kind))
        {
            if (r is not { IsId: true } x) continue;
            var target = types[x.TypeId];
            if (target is { Name: null, Kind: HandleKind { IsBorrow: false } own }) target = types[own.Resource];
            if (target.Stability is not UnknownStability and var s) return s;
        }
        return Stability.Unknown;
    }

    private static IEnumerable<WitType?> References(TypeDefKind kind) =>
        kind is HandleKind h ? new WitType?[] { WitType.Id(h.Resource) } : ImplicitHandleOrder.Refs(kind);
}
