using System;
using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Local validity rules of type definitions (Explainer.md, Binary.md): labels are non-empty, kebab-case and unique
/// (ignoring case); records, variants, tuples, flags and enums are not empty; at most 32 flags; resources are only
/// defined in concrete components, not inside component or instance types.
/// </summary>
internal static class TypeValidation
{
    public static void Check(WasmReader r, int at, TypeDefinition def, bool insideType)
    {
        switch (def)
        {
            case RecordType rec:
                if (rec.Fields.Count == 0) throw r.ErrorAt("record type must have at least one field", at);
                Labels(r, at, "record field", rec.Fields.ConvertAll(f => f.Name));
                break;
            case VariantType v:
                if (v.Cases.Count == 0) throw r.ErrorAt("variant type must have at least one case", at);
                Labels(r, at, "variant case", v.Cases.ConvertAll(c => c.Name));
                break;
            case TupleType t when t.Types.Count == 0:
                throw r.ErrorAt("tuple type must have at least one type", at);
            case FlagsType f:
                if (f.Names.Count == 0) throw r.ErrorAt("flags must have at least one entry", at);
                if (f.Names.Count > 32) throw r.ErrorAt("cannot have more than 32 flags", at);
                Labels(r, at, "flag", f.Names);
                break;
            case EnumType e:
                if (e.Names.Count == 0) throw r.ErrorAt("enum type must have at least one variant", at);
                Labels(r, at, "enum tag", e.Names);
                break;
            case FuncType fn:
                Labels(r, at, "function parameter", fn.Params.ConvertAll(p => p.Name));
                break;
            case ResourceTypeDefinition when insideType:
                throw r.ErrorAt("resources can only be defined within a concrete component", at);
            case ComponentTypeDefinition ct:
                foreach (var d in ct.Declarations) Declaration(r, at, d);
                break;
            case InstanceTypeDefinition it:
                foreach (var d in it.Declarations) Declaration(r, at, d);
                break;
        }
    }

    private static void Declaration(WasmReader r, int at, Declaration d)
    {
        if (d is TypeDeclaration t) Check(r, at, t.Type, true);
        if (d is AliasDeclaration { Alias.Target: OuterAlias } a && a.Alias.Sort is not (Sort.Type or Sort.CoreType or Sort.Component or Sort.CoreModule))
            throw r.ErrorAt($"invalid outer alias kind: {SortCodes.Name(a.Alias.Sort)} definitions cannot be aliased from outer components", at);
    }

    private static List<string> ConvertAll<T>(this IReadOnlyList<T> list, Func<T, string> f)
    {
        var result = new List<string>(list.Count);
        foreach (var x in list) result.Add(f(x));
        return result;
    }

    private static void Labels(WasmReader r, int at, string what, IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (name.Length == 0) throw r.ErrorAt($"{what} name cannot be empty", at);
            if (!IsKebab(name)) throw r.ErrorAt($"{what} name `{name}` is not in kebab case", at);
            if (seen.TryGetValue(name, out var previous))
                throw r.ErrorAt($"{what} name `{name}` conflicts with previous {what} name `{previous}`", at);
            seen[name] = name;
        }
    }

    /// <summary>
    /// <c>label ::= fragment ('-' fragment)*</c>, a fragment being a lowercase word (<c>[a-z][a-z0-9]*</c>) or an
    /// acronym (<c>[A-Z][A-Z0-9]*</c>).
    /// </summary>
    public static bool IsKebab(string label)
    {
        if (label.Length == 0) return false;
        foreach (var fragment in label.Split('-'))
        {
            if (fragment.Length == 0) return false;
            char first = fragment[0];
            bool lower = first is >= 'a' and <= 'z', upper = first is >= 'A' and <= 'Z';
            if (!lower && !upper) return false;
            foreach (var c in fragment)
            {
                bool digit = c is >= '0' and <= '9';
                if (lower && !(digit || c is >= 'a' and <= 'z')) return false;
                if (upper && !(digit || c is >= 'A' and <= 'Z')) return false;
            }
        }
        return true;
    }
}
