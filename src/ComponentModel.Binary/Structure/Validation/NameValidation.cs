using System;
using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// The import or export names of one scope, enforcing strong uniqueness (Explainer.md "Import and Export
/// Definitions", "Name uniqueness"): names are compared ignoring ASCII case, and a plain label <c>l</c> conflicts
/// with <c>[method]l.l</c> and <c>[static]l.l</c> (same label on both sides of the dot); <c>[constructor]l</c> does
/// not conflict with <c>l</c>.
/// </summary>
internal sealed class NameSet
{
    private readonly Dictionary<string, string> _full = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _plain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _postDot = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a name; returns the problem when it conflicts with a previous one.</summary>
    public string? Add(string name, string what)
    {
        if (_full.TryGetValue(name, out var previous)) return $"{what} name `{name}` conflicts with previous name `{previous}`";
        var postDot = NameValidation.PostDotLabel(name);
        if (postDot is not null && _plain.TryGetValue(postDot, out previous))
            return $"{what} name `{name}` conflicts with previous name `{previous}`";
        if (NameValidation.IsPlainLabel(name) && _postDot.TryGetValue(name, out previous))
            return $"{what} name `{name}` conflicts with previous name `{previous}`";
        _full[name] = name;
        if (postDot is not null && !_postDot.ContainsKey(postDot)) _postDot[postDot] = name;
        if (NameValidation.IsPlainLabel(name)) _plain[name] = name;
        return null;
    }
}

/// <summary>Rules on import/export names that depend on what is imported or exported.</summary>
internal static class NameValidation
{
    /// <summary>The <c>l</c> of <c>[method]l.l</c> / <c>[static]l.l</c> (both labels equal ignoring case), else null.</summary>
    public static string? PostDotLabel(string name)
    {
        foreach (var prefix in new[] { "[method]", "[static]", "[async method]", "[async static]" })
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int dot = name.IndexOf('.', prefix.Length);
            if (dot < 0) return null;
            var resource = name.Substring(prefix.Length, dot - prefix.Length);
            var member = name.Substring(dot + 1);
            return string.Equals(resource, member, StringComparison.OrdinalIgnoreCase) ? member : null;
        }
        return null;
    }

    /// <summary>The <c>r</c> of an annotated function name, else null.</summary>
    public static string? ResourceOf(string name, out string? annotation)
    {
        annotation = null;
        foreach (var prefix in new[] { "[constructor]", "[method]", "[static]", "[async method]", "[async static]" })
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            annotation = prefix.Trim('[', ']').Replace("async ", "");
            var rest = name.Substring(prefix.Length);
            int dot = rest.IndexOf('.');
            return prefix == "[constructor]" ? rest : dot < 0 ? rest : rest.Substring(0, dot);
        }
        return null;
    }

    public static bool IsPlainLabel(string name) => name.Length > 0 && name[0] != '[' && name.IndexOf(':') < 0 && name.IndexOf('=') < 0;

    /// <summary>
    /// The problem with the <c>implements</c> option of a name for an item of <paramref name="kind"/>, or null.
    /// </summary>
    public static string? ImplementsProblem(ExternName name, ExternKind kind)
    {
        if (name.Implements is not { } implements) return null;
        if (kind != ExternKind.Instance) return "only instances can have an `implements` option";
        if (!IsPlainLabel(name.Name)) return $"name `{name.Name}` is not valid with `implements`";
        if (implements.Length == 0) return "`` is not a valid name";
        if (implements.IndexOf(':') < 0 || TypeValidation.ExternNameProblem(implements) is not null)
            return $"`{implements}` must be an interface name";
        return null;
    }

    /// <summary>The problem with an extern name that is not about its item, or null.</summary>
    public static string? SyntaxProblem(ExternName name) => TypeValidation.ExternNameProblem(name.Name);
}
