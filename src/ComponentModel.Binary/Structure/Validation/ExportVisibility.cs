using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Explainer.md "Import and export validation": a type reachable from an import or export must be nameable by the
/// component's user, so every nominal type (record, variant, enum, flags) and every resource defined in this
/// component must reach it through an earlier import (for imports) or import/export (for exports); anonymous
/// structural types are looked through.
/// </summary>
internal sealed class ExportVisibility
{
    private readonly Scope _scope;
    private readonly HashSet<object> _named;
    // Types already found visible: shared parts of a type graph are walked once.
    private readonly HashSet<DefType> _visible = new();

    private ExportVisibility(Scope scope, HashSet<object> named)
    {
        _scope = scope;
        _named = named;
    }

    public static void Check(Scope scope, Extern item, HashSet<object> named, string what, ComponentValidator v)
    {
        if (!new ExportVisibility(scope, named).Item(item))
            throw v.Error($"{Extern.KindName(item.Kind)} not valid to be used as {what}");
    }

    private bool Item(Extern item)
    {
        var scope = _scope;
        var named = _named;
        return item.Kind switch
        {
            ExternKind.Func => Func(scope, item.Func!, named),
            ExternKind.Value => Visible(scope, item.Value!, named),
            ExternKind.Type => item.Type switch
            {
                DefType d => Children(scope, d, named),
                FuncSig f => Func(scope, f, named),
                InstanceSig i => Instance(scope, i, named),
                _ => true,
            },
            ExternKind.Instance => Instance(scope, item.Instance!, named),
            _ => true,
        };
    }

    private bool Instance(Scope scope, InstanceSig instance, HashSet<object> named)
    {
        // The instance names the types and resources it exports for its other exports.
        HashSet<object>? withOwn = null;
        foreach (var (_, e) in instance.Exports)
        {
            if (e.Type is DefType own && !named.Contains(own)) (withOwn ??= new HashSet<object>(named)).Add(own);
            if (e.Type is ResourceType r && !named.Contains(r.Id)) (withOwn ??= new HashSet<object>(named)).Add(r.Id);
        }
        if (withOwn is not null) named = withOwn;
        foreach (var (_, e) in instance.Exports)
        {
            bool ok = e.Kind switch
            {
                ExternKind.Func => Func(scope, e.Func!, named),
                ExternKind.Type => e.Type is not DefType d || Children(scope, d, named),
                _ => true,
            };
            if (!ok) return false;
        }
        return true;
    }

    private bool Func(Scope scope, FuncSig f, HashSet<object> named)
    {
        foreach (var (_, t) in f.Params) if (!Visible(scope, t, named)) return false;
        return f.Result is null || Visible(scope, f.Result, named);
    }

    private bool Children(Scope scope, DefType t, HashSet<object> named)
    {
        if (t.Resource is { } r) return ResourceVisible(scope, r, named);
        foreach (var c in t.Children()) if (!Visible(scope, c, named)) return false;
        return true;
    }

    // Types of this scope must be named in it; types of an instance type must be named by that instance type
    // (its visibility is checked only once it is imported or exported); others were checked where defined.
    // Types of an enclosing component reached by an outer alias are not named here unless imported or exported here.
    private static HashSet<object>? NamesFor(Scope scope, Scope? owner, HashSet<object> named)
    {
        if (owner is null) return null;
        if (owner == scope) return named;
        if (owner.IsInstanceType) return owner.ExportNamed;
        for (var s = scope.Parent; s is not null; s = s.Parent)
            if (s == owner) return owner.IsConcrete ? named : null;
        return null;
    }

    private bool Visible(Scope scope, DefType t, HashSet<object> named)
    {
        if (t.Kind == DefKind.Primitive || _visible.Contains(t)) return true;
        var names = NamesFor(scope, t.Owner, named);
        if (names is null || names.Contains(t)) return true;
        if (t.IsNominal || !Children(scope, t, named)) return false;
        _visible.Add(t);
        return true;
    }

    private bool ResourceVisible(Scope scope, ResourceId r, HashSet<object> named)
    {
        var names = NamesFor(scope, r.Owner, named);
        return names is null || names.Contains(r);
    }
}
