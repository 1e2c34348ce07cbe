using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>The cases of <c>wasi:http/types.header-error</c>.</summary>
internal enum HeaderError { InvalidSyntax = 0, Forbidden = 1, Immutable = 2 }

/// <summary>
/// A <c>wasi:http/types.fields</c>: an ordered multi-map of lower-cased names to byte values. Fields made by the
/// guest are mutable; headers and trailers taken from requests and responses are immutable (changes answer
/// <c>header-error.immutable</c>). Names must be RFC 9110 tokens and values must not hold control characters
/// (<c>invalid-syntax</c>); hop-by-hop and host headers are <c>forbidden</c>.
/// </summary>
internal sealed class Fields
{
    private static readonly HashSet<string> s_forbidden = new(StringComparer.Ordinal)
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "transfer-encoding", "upgrade", "host", "http2-settings",
    };

    private readonly List<KeyValuePair<string, byte[]>> _entries;

    public Fields(bool immutable = false) : this(new List<KeyValuePair<string, byte[]>>(), immutable) { }

    private Fields(List<KeyValuePair<string, byte[]>> entries, bool immutable)
    {
        _entries = entries;
        Immutable = immutable;
    }

    public bool Immutable { get; }

    public IReadOnlyList<KeyValuePair<string, byte[]>> Entries => _entries;

    /// <summary>An immutable view of the same entries (the child handle of a request or response).</summary>
    public Fields ImmutableView() => new(_entries, true);

    /// <summary>A mutable copy.</summary>
    public Fields Clone() => new(new List<KeyValuePair<string, byte[]>>(_entries), false);

    /// <summary>Fields from host data (names and values validated only loosely: the host is trusted).</summary>
    public static Fields FromHost(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        var list = new List<KeyValuePair<string, byte[]>>();
        foreach (var kv in entries) list.Add(new(kv.Key.ToLowerInvariant(), kv.Value));
        return new Fields(list, true);
    }

    public static HeaderError? FromList(IEnumerable<KeyValuePair<string, byte[]>> entries, out Fields fields)
    {
        fields = new Fields();
        foreach (var kv in entries)
        {
            if (Check(kv.Key, kv.Value) is { } e) return e;
            fields._entries.Add(new(kv.Key.ToLowerInvariant(), kv.Value));
        }
        return null;
    }

    public List<byte[]> Get(string name)
    {
        var result = new List<byte[]>();
        var n = name.ToLowerInvariant();
        foreach (var kv in _entries) if (kv.Key == n) result.Add(kv.Value);
        return result;
    }

    public bool Has(string name)
    {
        var n = name.ToLowerInvariant();
        foreach (var kv in _entries) if (kv.Key == n) return true;
        return false;
    }

    public HeaderError? Set(string name, IReadOnlyList<byte[]> values)
    {
        if (Immutable) return HeaderError.Immutable;
        if (CheckName(name) is { } e) return e;
        foreach (var v in values) if (!ValidValue(v)) return HeaderError.InvalidSyntax;
        var n = name.ToLowerInvariant();
        _entries.RemoveAll(kv => kv.Key == n);
        foreach (var v in values) _entries.Add(new(n, v));
        return null;
    }

    public HeaderError? Delete(string name)
    {
        if (Immutable) return HeaderError.Immutable;
        if (CheckName(name) is { } e) return e;
        var n = name.ToLowerInvariant();
        _entries.RemoveAll(kv => kv.Key == n);
        return null;
    }

    public HeaderError? Append(string name, byte[] value)
    {
        if (Immutable) return HeaderError.Immutable;
        if (Check(name, value) is { } e) return e;
        _entries.Add(new(name.ToLowerInvariant(), value));
        return null;
    }

    private static HeaderError? Check(string name, byte[] value) =>
        CheckName(name) ?? (ValidValue(value) ? null : HeaderError.InvalidSyntax);

    private static HeaderError? CheckName(string name)
    {
        if (!ValidName(name)) return HeaderError.InvalidSyntax;
        return s_forbidden.Contains(name.ToLowerInvariant()) ? HeaderError.Forbidden : null;
    }

    /// <summary>An RFC 9110 token: one or more of ALPHA, DIGIT and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    internal static bool ValidName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')) continue;
            if ("!#$%&'*+-.^_`|~".IndexOf(c) < 0) return false;
        }
        return true;
    }

    /// <summary>Visible ASCII, obs-text, space and tab; no other control characters (so no CR, LF or NUL).</summary>
    internal static bool ValidValue(byte[] value)
    {
        foreach (var b in value)
            if ((b < 0x20 && b != 0x09) || b == 0x7f) return false;
        return true;
    }
}
