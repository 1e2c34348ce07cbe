using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Component subtyping (Explainer.md "Subtyping"): whether an actual item can be used where an expected one is
/// required. Value types must be equal (nominal types structurally, resources by identity); functions match
/// parameters by name and type; instances need every expected export; components accept no import beyond the
/// expected ones and provide every expected export.
/// </summary>
internal static class TypeChecker
{
    public static void Subtype(Extern actual, Extern expected, ComponentValidator v)
    {
        if (actual.Kind != expected.Kind)
            throw v.Error($"type mismatch: expected {Extern.KindName(expected.Kind)}, found {Extern.KindName(actual.Kind)}");
        switch (expected.Kind)
        {
            case ExternKind.Func: Func(actual.Func!, expected.Func!, v); break;
            case ExternKind.Instance: Instance(actual.Instance!, expected.Instance!, v); break;
            case ExternKind.Component: Component(actual.Component!, expected.Component!, v); break;
            case ExternKind.Module: Module(actual.Module, expected.Module, v); break;
            case ExternKind.Value: ValueSubtype(actual.Value!, expected.Value!, v); break;
            case ExternKind.Type: Type(actual.Type!, expected.Type!, v); break;
        }
    }

    private static void Type(CType actual, CType expected, ComponentValidator v)
    {
        switch (expected)
        {
            case ResourceType er:
                if (actual is not ResourceType ar) throw v.Error($"expected resource, found {Describe(actual)}");
                if (ar.Id.Root != er.Id.Root) throw v.Error("resource types are not the same");
                break;
            case DefType ed:
                if (actual is not DefType ad) throw v.Error($"expected defined type, found {Describe(actual)}");
                ValueSubtype(ad, ed, v);
                break;
            case FuncSig ef:
                Func(actual as FuncSig ?? throw v.Error($"expected func type, found {Describe(actual)}"), ef, v);
                break;
            case InstanceSig ei:
                Instance(actual as InstanceSig ?? throw v.Error($"expected instance type, found {Describe(actual)}"), ei, v);
                break;
            case ComponentSig ec:
                Component(actual as ComponentSig ?? throw v.Error($"expected component type, found {Describe(actual)}"), ec, v);
                break;
        }
    }

    private static string Describe(CType t) => t switch
    {
        ResourceType => "resource", DefType => "defined type", FuncSig => "func type", InstanceSig => "instance type",
        ComponentSig => "component type", _ => "type",
    };

    public static void Func(FuncSig actual, FuncSig expected, ComponentValidator v)
    {
        if (actual.IsAsync != expected.IsAsync) throw v.Error("type mismatch in async attribute");
        if (actual.Params.Count != expected.Params.Count)
            throw v.Error($"expected {expected.Params.Count} parameters, found {actual.Params.Count}");
        for (int i = 0; i < expected.Params.Count; i++)
        {
            var (en, et) = expected.Params[i];
            var (an, at) = actual.Params[i];
            if (!SameLabel(en, an)) throw v.Error($"expected parameter named `{en}`, found `{an}`");
            Nested(() => ValueSubtype(at, et, v), $"type mismatch in function parameter `{en}`", v);
        }
        if (expected.Result is { } er)
        {
            if (actual.Result is not { } ar) throw v.Error("expected a result, found none");
            Nested(() => ValueSubtype(ar, er, v), "type mismatch with result type", v);
        }
        else if (actual.Result is not null) throw v.Error("expected no result, found one");
    }

    private static void Instance(InstanceSig actual, InstanceSig expected, ComponentValidator v)
    {
        // Resources the expected type introduces stand for whatever the actual instance has there.
        if (expected.DefinedResources.Count > 0)
        {
            var bindable = new HashSet<ResourceId>();
            foreach (var r in expected.DefinedResources) bindable.Add(r.Root);
            var map = new Dictionary<ResourceId, ResourceId>();
            Bind(new Extern(ExternKind.Instance, expected), new Extern(ExternKind.Instance, actual), bindable, map);
            expected = new InstanceSig(new ResourceSubstitution(map).Items(expected.Exports), new List<ResourceId>());
        }
        foreach (var (name, e) in expected.Exports)
        {
            var a = actual.Export(name) ?? throw v.Error($"missing expected export `{name}`");
            Nested(() => Subtype(a, e, v), $"type mismatch in instance export `{name}`", v);
        }
    }

    /// <summary>
    /// Finds what each resource in <paramref name="bindable"/> (by root) stands for in <paramref name="actual"/>,
    /// walking type exports of instances in parallel; the first binding of a resource wins.
    /// </summary>
    public static void Bind(Extern expected, Extern actual, HashSet<ResourceId> bindable, Dictionary<ResourceId, ResourceId> map,
        Dictionary<DefType, DefType>? types = null)
    {
        if (expected.Type is ResourceType er && actual.Type is ResourceType ar)
        {
            if (bindable.Contains(er.Id.Root) && !map.ContainsKey(er.Id.Root)) map[er.Id.Root] = ar.Id.Root;
            return;
        }
        // A value type import stands for the argument's type.
        if (types is not null && expected.Kind == ExternKind.Type && expected.Type is DefType ed && actual.Type is DefType ad && ed.Kind != DefKind.Primitive)
        {
            if (!types.ContainsKey(ed)) types[ed] = ad;
            return;
        }
        if (expected.Type is InstanceSig ei && actual.Type is InstanceSig ai)
            foreach (var (name, e) in ei.Exports)
                if (ai.Export(name) is { } a) Bind(e, a, bindable, map, types);
    }

    private static void Component(ComponentSig actual, ComponentSig expected, ComponentValidator v)
    {
        // The resources the actual component imports and defines correspond to those of the expected type.
        var bindable = new HashSet<ResourceId>();
        foreach (var r in actual.ImportedResources) bindable.Add(r.Root);
        foreach (var r in actual.DefinedResources) bindable.Add(r.Root);
        if (bindable.Count > 0)
        {
            var map = new Dictionary<ResourceId, ResourceId>();
            foreach (var (name, a) in actual.Imports)
                foreach (var (n, e) in expected.Imports)
                    if (n == name) Bind(a, e, bindable, map);
            foreach (var (name, a) in actual.Exports)
                foreach (var (n, e) in expected.Exports)
                    if (n == name) Bind(a, e, bindable, map);
            var s = new ResourceSubstitution(map);
            actual = new ComponentSig(s.Items(actual.Imports), s.Items(actual.Exports), new List<ResourceId>(), new List<ResourceId>());
        }
        foreach (var (name, a) in actual.Imports)
        {
            Extern? e = null;
            foreach (var (n, x) in expected.Imports) if (n == name) e = x;
            if (e is null) throw v.Error($"missing expected import `{name}`");
            Nested(() => Subtype(e, a, v), $"type mismatch in import `{name}`", v);
        }
        foreach (var (name, e) in expected.Exports)
        {
            Extern? a = null;
            foreach (var (n, x) in actual.Exports) if (n == name) a = x;
            if (a is null) throw v.Error($"missing expected export `{name}`");
            Nested(() => Subtype(a, e, v), $"type mismatch in export `{name}`", v);
        }
    }

    private static void Module(ModuleSig? actual, ModuleSig? expected, ComponentValidator v)
    {
        if (actual is null || expected is null) return;
        foreach (var (module, name, a) in actual.Imports)
        {
            CoreItem? e = null;
            foreach (var (m, n, x) in expected.Imports) if (m == module && n == name) e = x;
            if (e is null) throw v.Error($"missing expected import `{module}::{name}`");
            if (CoreSubtyping.Problem(e, a) is { } problem) throw v.Error($"type mismatch in import `{module}::{name}`: {problem}");
        }
        foreach (var pair in expected.Exports)
        {
            if (!actual.Exports.TryGetValue(pair.Key, out var a)) throw v.Error($"missing expected export `{pair.Key}`");
            if (CoreSubtyping.Problem(a, pair.Value) is { } problem) throw v.Error($"type mismatch in export `{pair.Key}`: {problem}");
        }
    }

    private static void Nested(System.Action check, string context, ComponentValidator v)
    {
        try { check(); }
        catch (ComponentFormatException inner) { throw v.Error($"{context}: {inner.Problem}"); }
    }

    /// <summary>Value types: equal up to the identity of copies (imports and exports name the same type again).</summary>
    public static void ValueSubtype(DefType actual, DefType expected, ComponentValidator v)
    {
        if (ReferenceEquals(actual, expected)) return;
        if (expected.Kind == DefKind.Primitive || actual.Kind == DefKind.Primitive)
        {
            if (expected.Kind != actual.Kind)
                throw v.Error(expected.Kind == DefKind.Primitive ? $"expected primitive, found {Name(actual)}" : $"expected {Name(expected)}, found {Name(actual)}");
            if (expected.Primitive != actual.Primitive)
                throw v.Error($"expected primitive `{Name(expected)}` found primitive `{Name(actual)}`");
            return;
        }
        if (expected.Kind != actual.Kind)
        {
            if (expected.Kind == DefKind.Own && actual.Kind == DefKind.Borrow) throw v.Error("expected own, found borrow");
            throw v.Error($"expected {Name(expected)}, found {Name(actual)}");
        }
        switch (expected.Kind)
        {
            case DefKind.Record:
                if (expected.Fields.Count != actual.Fields.Count)
                    throw v.Error($"expected {expected.Fields.Count} fields, found {actual.Fields.Count}");
                for (int i = 0; i < expected.Fields.Count; i++)
                {
                    if (!SameLabel(expected.Fields[i].Name, actual.Fields[i].Name))
                        throw v.Error($"expected field name `{expected.Fields[i].Name}`, found `{actual.Fields[i].Name}`");
                    int k = i;
                    Nested(() => ValueSubtype(actual.Fields[k].Type, expected.Fields[k].Type, v), $"type mismatch in record field `{expected.Fields[i].Name}`", v);
                }
                break;
            case DefKind.Variant:
                if (expected.Cases.Count != actual.Cases.Count)
                    throw v.Error($"expected {expected.Cases.Count} cases, found {actual.Cases.Count}");
                for (int i = 0; i < expected.Cases.Count; i++)
                {
                    var (en, et) = expected.Cases[i];
                    var (an, at) = actual.Cases[i];
                    if (!SameLabel(en, an)) throw v.Error($"expected case named `{en}`, found `{an}`");
                    if (et is null && at is not null) throw v.Error($"expected case `{en}` to have no type");
                    if (et is not null && at is null) throw v.Error($"expected case `{en}` to have a type, found none");
                    if (et is not null && at is not null) Nested(() => ValueSubtype(at, et, v), $"type mismatch in variant case `{en}`", v);
                }
                break;
            case DefKind.Tuple:
                if (expected.Types.Count != actual.Types.Count)
                    throw v.Error($"expected {expected.Types.Count} types, found {actual.Types.Count}");
                for (int i = 0; i < expected.Types.Count; i++)
                {
                    int k = i;
                    Nested(() => ValueSubtype(actual.Types[k], expected.Types[k], v), $"type mismatch in tuple field {i}", v);
                }
                break;
            case DefKind.Flags:
            case DefKind.Enum:
                if (!SameNames(expected.Names, actual.Names))
                    throw v.Error($"mismatch in {(expected.Kind == DefKind.Flags ? "flags" : "enum")} elements");
                break;
            case DefKind.Result:
                Optional(actual.A, expected.A, "ok", v);
                Optional(actual.B, expected.B, "err", v);
                break;
            case DefKind.Own:
            case DefKind.Borrow:
                if (actual.Resource!.Root != expected.Resource!.Root) throw v.Error("resource types are not the same");
                break;
            case DefKind.FixedList:
                if (actual.Length != expected.Length) throw v.Error($"expected list of length {expected.Length}, found {actual.Length}");
                goto default;
            default:
                if (expected.A is { } ea) { if (actual.A is not { } aa) throw v.Error($"expected {Name(expected)} element type, found none"); ValueSubtype(aa, ea, v); }
                else if (actual.A is not null) throw v.Error($"expected {Name(expected)} without an element type, found one");
                if (expected.B is { } eb && actual.B is { } ab) ValueSubtype(ab, eb, v);
                break;
        }
    }

    private static void Optional(DefType? actual, DefType? expected, string what, ComponentValidator v)
    {
        if (expected is null && actual is not null) throw v.Error($"expected {what} type to not be present");
        if (expected is not null && actual is null) throw v.Error($"expected {what} type, but found none");
        if (expected is not null && actual is not null) Nested(() => ValueSubtype(actual, expected, v), $"type mismatch in {what} variant", v);
    }

    private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (!SameLabel(a[i], b[i])) return false;
        return true;
    }

    // Labels are kebab names, which compare ignoring ASCII case (as names do for uniqueness).
    private static bool SameLabel(string a, string b) => string.Equals(a, b, System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Text-format name of a value type's kind (primitives by name).</summary>
    public static string Name(DefType t) => t.Kind switch
    {
        DefKind.Primitive => t.Primitive switch
        {
            PrimitiveValType.ErrorContext => "error-context",
            _ => t.Primitive.ToString().ToLowerInvariant(),
        },
        DefKind.FixedList => "list",
        _ => t.Kind.ToString().ToLowerInvariant(),
    };
}
