using System;
using WitBindgen.CoreWasm.Binary;
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
                if (rec.Fields.Count == 0) throw r.Error("record type must have at least one field", at);
                Labels(r, at, "record field", rec.Fields.ConvertAll(f => f.Name));
                break;
            case VariantType v:
                if (v.Cases.Count == 0) throw r.Error("variant type must have at least one case", at);
                Labels(r, at, "variant case", v.Cases.ConvertAll(c => c.Name));
                break;
            case TupleType t when t.Types.Count == 0:
                throw r.Error("tuple type must have at least one type", at);
            case FlagsType f:
                if (f.Names.Count == 0) throw r.Error("flags must have at least one entry", at);
                if (f.Names.Count > 32) throw r.Error("cannot have more than 32 flags", at);
                Labels(r, at, "flag", f.Names);
                break;
            case EnumType e:
                if (e.Names.Count == 0) throw r.Error("enum type must have at least one variant", at);
                Labels(r, at, "enum tag", e.Names);
                break;
            case FuncType fn:
                Labels(r, at, "function parameter", fn.Params.ConvertAll(p => p.Name));
                break;
            case ResourceTypeDefinition when insideType:
                throw r.Error("resources can only be defined within a concrete component", at);
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
            throw r.Error($"invalid outer alias kind: {SortCodes.Name(a.Alias.Sort)} definitions cannot be aliased from outer components", at);
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
            if (name.Length == 0) throw r.Error($"{what} name cannot be empty", at);
            if (!IsKebab(name)) throw r.Error($"{what} name `{name}` is not in kebab case", at);
            if (seen.TryGetValue(name, out var previous))
                throw r.Error($"{what} name `{name}` conflicts with previous {what} name `{previous}`", at);
            seen[name] = name;
        }
    }

    /// <summary>
    /// Checks an import/export name: a kebab label, <c>[constructor]r</c>, <c>[method]r.m</c>, <c>[static]r.s</c>,
    /// an interface name <c>ns:pkg/iface[@semver]</c>, or a <c>url=</c>/<c>integrity=</c>/<c>*-dep=</c> form.
    /// Returns the problem, or null when valid.
    /// </summary>
    public static string? ExternNameProblem(string name)
    {
        if (name.Length == 0) return "name cannot be an empty string";
        if (name.IndexOf('=') > 0 && name.IndexOf('<') > name.IndexOf('=')) return null;
        foreach (var prefix in new[] { "[constructor]", "[async]" })
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                return IsKebab(name.Substring(prefix.Length)) ? null : $"`{name}` is not a valid extern name";
        foreach (var prefix in new[] { "[method]", "[static]", "[async method]", "[async static]" })
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = name.Substring(prefix.Length);
            int dot = rest.IndexOf('.');
            return dot > 0 && IsKebab(rest.Substring(0, dot)) && IsKebab(rest.Substring(dot + 1)) ? null : $"`{name}` is not a valid extern name";
        }
        int colon = name.IndexOf(':');
        if (colon < 0) return IsKebab(name) ? null : $"`{name}` is not a valid extern name (not in kebab case)";
        string ns = name.Substring(0, colon), rest2 = name.Substring(colon + 1);
        if (!IsKebab(ns, true)) return $"`{name}` is not a valid extern name (namespace `{ns}` is not a lowercase kebab name)";
        int slash = rest2.IndexOf('/');
        if (slash < 0 || rest2.IndexOf(':') >= 0 && rest2.IndexOf(':') < slash) return $"`{name}` is not a valid extern name: expected `/` after package name";
        var package = rest2.Substring(0, slash);
        var path = rest2.Substring(slash + 1);
        string? version = null;
        int at = path.IndexOf('@');
        if (at >= 0) { version = path.Substring(at + 1); path = path.Substring(0, at); }
        if (!IsKebab(package, true)) return $"`{name}` is not a valid extern name (package `{package}` is not a lowercase kebab name)";
        int extra = path.IndexOf('/');
        if (extra >= 0) return $"`{name}` is not a valid extern name: trailing characters found: `{path.Substring(extra)}`";
        if (!IsKebab(path)) return $"`{name}` is not a valid extern name (interface `{path}` is not in kebab case)";
        if (version is not null)
        {
            if (version.Length == 0) return $"`{name}` has an invalid version: empty string";
            if (WitBindgen.WitParser.Model.SemVersion.TryParse(version) is null) return $"`{name}` has an invalid version `{version}`";
        }
        return null;
    }

    /// <summary>
    /// <c>label ::= first ('-' fragment)*</c>: the first fragment is a lowercase word (<c>[a-z][a-z0-9]*</c>) or
    /// an acronym (<c>[A-Z][A-Z0-9]*</c>); later fragments may also start with a digit, followed by a word or an
    /// acronym (<c>0t</c>, <c>2E</c>).
    /// </summary>
    public static bool IsKebab(string label) => IsKebab(label, false);

    private static bool IsKebab(string label, bool lowercaseOnly)
    {
        if (label.Length == 0) return false;
        var fragments = label.Split('-');
        for (int f = 0; f < fragments.Length; f++)
        {
            var fragment = fragments[f];
            if (fragment.Length == 0) return false;
            char first = fragment[0];
            bool lower = first is >= 'a' and <= 'z', upper = first is >= 'A' and <= 'Z', digits = first is >= '0' and <= '9';
            if (digits && f == 0) return false;
            if (upper && lowercaseOnly) return false;
            if (!lower && !upper && !digits) return false;
            if (digits)
            {
                // A digit, then lowercase-or-digits or uppercase-or-digits (not both cases).
                foreach (var c in fragment) if (c is >= 'a' and <= 'z') lower = true; else if (c is >= 'A' and <= 'Z') upper = true;
                if (lower && upper) return false;
                if (upper && lowercaseOnly) return false;
            }
            foreach (var c in fragment)
            {
                bool digit = c is >= '0' and <= '9';
                if (!digit && !(lower && c is >= 'a' and <= 'z') && !(upper && c is >= 'A' and <= 'Z')) return false;
            }
        }
        return true;
    }
}
