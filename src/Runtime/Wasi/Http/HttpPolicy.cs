using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// Which hosts a guest's outgoing HTTP requests may reach: nothing unless allowed by an entry
/// (<c>host</c> for any port, <c>host:port</c>, <c>*</c> for every host) or by a callback.
/// Denied requests answer <c>error-code.HTTP-request-denied</c>.
/// </summary>
internal sealed class HttpPolicy
{
    private readonly List<(string Host, int? Port)> _entries = new();
    private readonly List<Func<string, int, bool>> _callbacks = new();

    public bool IsEmpty => _entries.Count == 0 && _callbacks.Count == 0;

    public void Add(string authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var text = authority.Trim();
        if (text.Length == 0) throw new ArgumentException("an empty host is not allowed", nameof(authority));
        if (text == "*") { _entries.Add(("*", null)); return; }
        int? port = null;
        int colon = text.LastIndexOf(':');
        // host:port, [v6]:port; a bare IPv6 address (several colons, no brackets) has no port.
        if (colon > 0 && (text[0] == '[' ? text[colon - 1] == ']' : text.IndexOf(':') == colon))
        {
            if (!int.TryParse(text.AsSpan(colon + 1), out var p) || p is < 1 or > 65535)
                throw new ArgumentException($"`{authority}`: the port must be 1-65535", nameof(authority));
            port = p;
            text = text.Substring(0, colon);
        }
        _entries.Add((Normalize(text), port));
    }

    public void Add(Func<string, int, bool> allow) => _callbacks.Add(allow ?? throw new ArgumentNullException(nameof(allow)));

    /// <summary>Whether a request to <paramref name="host"/>:<paramref name="port"/> may go out.</summary>
    public bool Allows(string host, int port)
    {
        var h = Normalize(host);
        foreach (var (eh, ep) in _entries)
            if ((eh == "*" || eh == h) && (ep is null || ep == port)) return true;
        foreach (var cb in _callbacks)
            if (cb(h, port)) return true;
        return false;
    }

    private static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
