using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using WitBindgen.Bindings;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;
using HeaderResult = WitBindgen.Bindings.Result<WitBindgen.Bindings.Unit, WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types.HeaderError>;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// A <c>wasi:http/types.fields</c> of the typed bindings: an ordered multi-map of lower-cased names to byte values.
/// Fields made by the guest are mutable; headers and trailers taken from requests and responses are immutable (changes
/// answer <c>header-error.immutable</c>). Names must be RFC 9110 tokens and values must not hold control characters
/// (<c>invalid-syntax</c>); hop-by-hop and host headers are <c>forbidden</c>.
/// </summary>
internal sealed class Fields : HttpTypes.Fields
{
    private static readonly HashSet<string> s_forbidden = new(StringComparer.Ordinal)
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "transfer-encoding", "upgrade", "host", "http2-settings",
    };

    // The header-error cases carry nothing: one instance each.
    internal static readonly HttpTypes.HeaderError InvalidSyntax = new HttpTypes.HeaderError.InvalidSyntax();
    internal static readonly HttpTypes.HeaderError Forbidden = new HttpTypes.HeaderError.Forbidden();
    internal static readonly HttpTypes.HeaderError Immutable = new HttpTypes.HeaderError.Immutable();

    private readonly List<KeyValuePair<string, byte[]>> _entries;

    public Fields(bool immutable = false) : this(new List<KeyValuePair<string, byte[]>>(), immutable) { }

    private Fields(List<KeyValuePair<string, byte[]>> entries, bool immutable)
    {
        _entries = entries;
        IsImmutable = immutable;
    }

    public bool IsImmutable { get; }

    /// <summary>The entries in order, as the host reads them (the public API's header lists).</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Items => _entries;

    /// <summary>An immutable view of the same entries (the child handle of a request or response).</summary>
    public Fields ImmutableView() => new(_entries, true);

    /// <summary>Fields from host data (names and values validated only loosely: the host is trusted).</summary>
    public static Fields FromHost(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        var list = new List<KeyValuePair<string, byte[]>>();
        foreach (var kv in entries) list.Add(new(kv.Key.ToLowerInvariant(), kv.Value));
        return new Fields(list, true);
    }

    /// <summary><c>fields.from-list</c>: mutable fields, or the error of the first invalid entry.</summary>
    public static Result<HttpTypes.Fields, HttpTypes.HeaderError> FromList(IReadOnlyList<(string Name, ReadOnlyMemory<byte> Value)> entries)
    {
        var fields = new Fields();
        foreach (var (name, value) in entries)
        {
            if (Check(name, value.Span) is { } e) return Result<HttpTypes.Fields, HttpTypes.HeaderError>.Err(e);
            fields._entries.Add(new(name.ToLowerInvariant(), ArrayOf(value)));
        }
        return fields;
    }

    public override IReadOnlyList<ReadOnlyMemory<byte>> Get(string name)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        var n = name.ToLowerInvariant();
        foreach (var kv in _entries) if (kv.Key == n) result.Add(kv.Value);
        return result;
    }

    public override bool Has(string name)
    {
        var n = name.ToLowerInvariant();
        foreach (var kv in _entries) if (kv.Key == n) return true;
        return false;
    }

    public override HeaderResult Set(string name, IReadOnlyList<ReadOnlyMemory<byte>> value)
    {
        if (IsImmutable) return HeaderResult.Err(Immutable);
        if (CheckName(name) is { } e) return HeaderResult.Err(e);
        foreach (var v in value) if (!ValidValue(v.Span)) return HeaderResult.Err(InvalidSyntax);
        var n = name.ToLowerInvariant();
        _entries.RemoveAll(kv => kv.Key == n);
        foreach (var v in value) _entries.Add(new(n, ArrayOf(v)));
        return Unit.Value;
    }

    public override HeaderResult Delete(string name)
    {
        if (IsImmutable) return HeaderResult.Err(Immutable);
        if (CheckName(name) is { } e) return HeaderResult.Err(e);
        var n = name.ToLowerInvariant();
        _entries.RemoveAll(kv => kv.Key == n);
        return Unit.Value;
    }

    public override HeaderResult Append(string name, ReadOnlyMemory<byte> value)
    {
        if (IsImmutable) return HeaderResult.Err(Immutable);
        if (Check(name, value.Span) is { } e) return HeaderResult.Err(e);
        _entries.Add(new(name.ToLowerInvariant(), ArrayOf(value)));
        return Unit.Value;
    }

    public override IReadOnlyList<(string, ReadOnlyMemory<byte>)> Entries()
    {
        var entries = new (string, ReadOnlyMemory<byte>)[_entries.Count];
        for (int i = 0; i < entries.Length; i++) entries[i] = (_entries[i].Key, _entries[i].Value);
        return entries;
    }

    /// <summary>A mutable copy.</summary>
    public override HttpTypes.Fields Clone() => new Fields(new List<KeyValuePair<string, byte[]>>(_entries), false);

    // The bindings lift each list<u8> into an array of its own: kept as it is when the memory spans all of one.
    private static byte[] ArrayOf(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : value.ToArray();

    private static HttpTypes.HeaderError? Check(string name, ReadOnlySpan<byte> value) =>
        CheckName(name) ?? (ValidValue(value) ? null : InvalidSyntax);

    private static HttpTypes.HeaderError? CheckName(string name)
    {
        if (!ValidName(name)) return InvalidSyntax;
        return s_forbidden.Contains(name.ToLowerInvariant()) ? Forbidden : null;
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
    internal static bool ValidValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
            if ((b < 0x20 && b != 0x09) || b == 0x7f) return false;
        return true;
    }
}
