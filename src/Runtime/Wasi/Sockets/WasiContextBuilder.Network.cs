using System;
using System.Net;
using WitBindgen.Runtime.Wasi.Sockets;

namespace WitBindgen.Runtime.Wasi;

public sealed partial class WasiContextBuilder
{
    internal readonly NetworkPolicy NetworkPolicy = new();

    /// <summary>
    /// Lets the guest bind, connect and send to addresses matching <paramref name="rule"/>: <c>ADDR:PORT</c>, where
    /// ADDR is an IPv4 address, a bracketed IPv6 address, either with a <c>/prefix</c> (CIDR), or <c>*</c>, and PORT
    /// a number or <c>*</c> (for example <c>127.0.0.1:8080</c>, <c>127.0.0.1:*</c>, <c>10.0.0.0/8:443</c>,
    /// <c>[::1]:*</c>). Without any allowed address every bind, connect and send fails with <c>access-denied</c>.
    /// Binding to port 0 (an ephemeral port) needs a rule whose port is <c>*</c> or 0.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="rule"/> is malformed.</exception>
    public WasiContextBuilder AllowNetwork(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!AllowRule.TryParse(rule, out var parsed, out var error)) throw new FormatException($"network rule `{rule}`: {error}");
        NetworkPolicy.Add(parsed!);
        return this;
    }

    /// <summary>
    /// Lets the guest use the socket addresses for which <paramref name="allow"/> answers true (asked on every bind,
    /// connect and datagram destination; rules added by <see cref="AllowNetwork(string)"/> are asked first).
    /// </summary>
    public WasiContextBuilder AllowNetwork(Func<IPEndPoint, SocketUse, bool> allow)
    {
        NetworkPolicy.Add(allow ?? throw new ArgumentNullException(nameof(allow)));
        return this;
    }

    /// <summary>Lets the guest resolve host names (<c>wasi:sockets/ip-name-lookup</c>; denied by default).</summary>
    public WasiContextBuilder AllowNameLookup(bool allow = true)
    {
        NetworkPolicy.NameLookup = allow;
        return this;
    }
}
