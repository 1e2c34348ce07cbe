using System;
using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>A semantic version (major.minor.patch[-pre][+build]) ordered by semver rules, build metadata last.</summary>
public sealed class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    private SemVersion(ulong major, ulong minor, ulong patch, string pre, string build)
    {
        Major = major; Minor = minor; Patch = patch; Prerelease = pre; Build = build;
    }

    /// <summary>Major version.</summary>
    public ulong Major { get; }
    /// <summary>Minor version.</summary>
    public ulong Minor { get; }
    /// <summary>Patch version.</summary>
    public ulong Patch { get; }
    /// <summary>Pre-release identifiers without the leading '-', or empty.</summary>
    public string Prerelease { get; }
    /// <summary>Build metadata without the leading '+', or empty.</summary>
    public string Build { get; }

    /// <summary>Parses a version; returns null when <paramref name="text"/> is not a valid semver.</summary>
    public static SemVersion? TryParse(string text)
    {
        string core = text, pre = "", build = "";
        int plus = core.IndexOf('+');
        if (plus >= 0) { build = core.Substring(plus + 1); core = core.Substring(0, plus); if (!ValidIdentifiers(build, false)) return null; }
        int dash = core.IndexOf('-');
        if (dash >= 0) { pre = core.Substring(dash + 1); core = core.Substring(0, dash); if (!ValidIdentifiers(pre, true)) return null; }
        var parts = core.Split('.');
        if (parts.Length != 3) return null;
        var nums = new ulong[3];
        for (int i = 0; i < 3; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || (p.Length > 1 && p[0] == '0')) return null;
            foreach (var c in p) if (c < '0' || c > '9') return null;
            if (!ulong.TryParse(p, out nums[i])) return null;
        }
        return new SemVersion(nums[0], nums[1], nums[2], pre, build);
    }

    private static bool ValidIdentifiers(string s, bool noLeadingZeros)
    {
        if (s.Length == 0) return false;
        foreach (var id in s.Split('.'))
        {
            if (id.Length == 0) return false;
            bool numeric = true;
            foreach (var c in id)
            {
                if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
                if (c < '0' || c > '9') numeric = false;
            }
            if (noLeadingZeros && numeric && id.Length > 1 && id[0] == '0') return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var s = $"{Major}.{Minor}.{Patch}";
        if (Prerelease.Length > 0) s += "-" + Prerelease;
        if (Build.Length > 0) s += "+" + Build;
        return s;
    }

    /// <inheritdoc/>
    public int CompareTo(SemVersion? other)
    {
        if (other is null) return 1;
        int c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        // A version without pre-release is greater than one with it.
        if (Prerelease.Length == 0 && other.Prerelease.Length > 0) return 1;
        if (Prerelease.Length > 0 && other.Prerelease.Length == 0) return -1;
        c = CompareIdentifiers(Prerelease, other.Prerelease);
        if (c != 0) return c;
        return CompareIdentifiers(Build, other.Build);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return a.Length.CompareTo(b.Length);
        var xs = a.Split('.');
        var ys = b.Split('.');
        for (int i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            bool xn = ulong.TryParse(xs[i], out var xv) && IsDigits(xs[i]);
            bool yn = ulong.TryParse(ys[i], out var yv) && IsDigits(ys[i]);
            int c = xn && yn ? xv.CompareTo(yv) : xn ? -1 : yn ? 1 : string.CompareOrdinal(xs[i], ys[i]);
            if (c != 0) return Math.Sign(c);
        }
        return xs.Length.CompareTo(ys.Length);
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s) if (c < '0' || c > '9') return false;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SemVersion);
    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode();
}
