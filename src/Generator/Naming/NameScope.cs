using System.Collections.Generic;
using System.Globalization;

namespace WitBindgen.Generator.Naming;

/// <summary>
/// Hands out unique names within one C# declaration space. Later claimants of a taken name get a
/// numeric suffix (<c>Name2</c>, <c>Name3</c>...), so results depend only on WIT declaration order.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    /// <summary>Creates a scope with names that are already in use (generated members, the enclosing type).</summary>
    public NameScope(params string[] reserved)
    {
        foreach (var r in reserved) _taken.Add(r);
    }

    /// <summary>Marks a name as used.</summary>
    public void Reserve(string name) => _taken.Add(Unescape(name));

    /// <summary>Whether a name is used.</summary>
    public bool IsTaken(string name) => _taken.Contains(Unescape(name));

    /// <summary>Returns <paramref name="desired"/> or the first free suffixed variant, and marks it used.</summary>
    public string Claim(string desired)
    {
        var bare = Unescape(desired);
        if (_taken.Add(bare)) return desired;
        for (int i = 2; ; i++)
        {
            var candidate = bare + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }

    private static string Unescape(string name) => name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name;
}
