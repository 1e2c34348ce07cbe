using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Cli.Commands;

/// <summary>The options of <c>serve</c>.</summary>
/// <param name="File">The component (binary or text).</param>
/// <param name="Addr">Where to listen, <c>IP:PORT</c> (port 0 picks a free one).</param>
/// <param name="Dirs">WASI preopens, <c>HOST::GUEST[:ro]</c>.</param>
/// <param name="Env">WASI environment, <c>K=V</c> or <c>K</c> (inherited).</param>
/// <param name="InheritEnv">Whether the guest gets the host's whole environment.</param>
/// <param name="AllowHttp">Hosts (<c>host</c>, <c>host:port</c>, <c>*</c>) the guest's outgoing requests may reach.</param>
/// <param name="RequestTimeout">A duration (<c>30s</c>, <c>500ms</c>; a bare number is seconds), or null for the default.</param>
/// <param name="MaxBodySize">A size (<c>16MiB</c>, <c>64KiB</c>, <c>1048576</c>), or null for the default.</param>
/// <param name="MaxConcurrency">Requests in guests at once, or null for the default.</param>
/// <param name="Http2">Whether to serve HTTP/2 (prior knowledge over cleartext) only (HTTP/1.1 carries response trailers only to clients that send <c>TE: trailers</c>).</param>
internal sealed record ServeSettings(string File, string Addr = "127.0.0.1:8080", IReadOnlyList<string>? Dirs = null, IReadOnlyList<string>? Env = null,
    bool InheritEnv = false, IReadOnlyList<string>? AllowHttp = null, string? RequestTimeout = null, string? MaxBodySize = null, int? MaxConcurrency = null, bool Http2 = false);

/// <summary>
/// <c>wit-bindgen serve FILE.wasm [--addr 127.0.0.1:8080] [--dir HOST::GUEST[:ro]] [--env K=V | K] [--inherit-env]
/// [--allow-http HOST[:PORT]] [--request-timeout D] [--max-body-size SIZE] [--max-concurrency N] [--http2]</c>: serves a
/// component's <c>wasi:http/incoming-handler</c> with Kestrel, as <c>wasmtime serve</c>, until Ctrl+C. One instance per
/// request; a trapping request answers 500 and is reported on stderr; one that takes longer than the request timeout
/// is interrupted and answers 503; a body over the size limit answers 413; requests beyond the concurrency limit wait
/// for a slot (503 after the request timeout). Exit code 0 after a clean stop, 1 when an option is invalid, the
/// component cannot be loaded or the address not bound.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "A component exporting wasi:http/incoming-handler@0.2.x (.wasm, or text .wat)." };
        var addr = new Option<string>("--addr") { Description = "IP:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free port).", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var dir = new Option<string[]>("--dir") { Description = "WASI: HOST::GUEST[:ro] lets each request's instance use host directory HOST as GUEST.", AllowMultipleArgumentsPerToken = false };
        var env = new Option<string[]>("--env") { Description = "WASI: K=V sets an environment variable; K alone passes the host's value of K.", AllowMultipleArgumentsPerToken = false };
        var inheritEnv = new Option<bool>("--inherit-env") { Description = "WASI: pass the host's whole environment." };
        var allowHttp = new Option<string[]>("--allow-http") { Description = "Let the guest's outgoing HTTP requests reach HOST or HOST:PORT (* for any); denied otherwise.", AllowMultipleArgumentsPerToken = false };
        var requestTimeout = new Option<string>("--request-timeout") { Description = "How long a guest may take for a request (default 30s; e.g. 500ms, 2m); then it is interrupted and the client gets 503." };
        var maxBodySize = new Option<string>("--max-body-size") { Description = "The largest request body (default 16MiB; e.g. 64KiB, 1048576); larger ones get 413." };
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "Requests in guests at once (default 256); more wait for a free slot, and get 503 after the request timeout." };
        var http2 = new Option<bool>("--http2") { Description = "Serve HTTP/2 with prior knowledge (h2c) instead of HTTP/1.1 (which carries the guest's response trailers only to clients sending TE: trailers)." };
        var command = new Command("serve", "Serve a wasi:http/incoming-handler component over HTTP with Kestrel (an instance per request) until Ctrl+C.")
        {
            file, addr, dir, env, inheritEnv, allowHttp, requestTimeout, maxBodySize, maxConcurrency, http2,
        };
        command.SetAction(result =>
        {
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                return Execute(new ServeSettings(result.GetValue(file)!, result.GetValue(addr) ?? "127.0.0.1:8080", result.GetValue(dir), result.GetValue(env),
                    result.GetValue(inheritEnv), result.GetValue(allowHttp), result.GetValue(requestTimeout), result.GetValue(maxBodySize),
                    result.GetValue(maxConcurrency), result.GetValue(http2)), stdout, stderr, stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled; <paramref name="started"/> gets the address once listening.</summary>
    public static int Execute(ServeSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken stop, Action<Uri>? started = null)
    {
        if (!IPEndPoint.TryParse(settings.Addr, out var endpoint) || !settings.Addr.Contains(':'))
        {
            stderr.WriteLine($"error: --addr `{settings.Addr}` is not IP:PORT (e.g. 127.0.0.1:8080)");
            return 1;
        }
        if (Limits(settings, out var limitError) is not { } limits)
        {
            stderr.WriteLine($"error: {limitError}");
            return 1;
        }
        WasiContextBuilder template;
        try { template = Configure(settings); }
        catch (ArgumentException e) { stderr.WriteLine($"error: {e.Message}"); return 1; }
        catch (DirectoryNotFoundException e) { stderr.WriteLine($"error: {e.Message}"); return 1; }

        Component component;
        try
        {
            using var step = Progress.For(stderr).Start($"compiling {settings.File}");
            var bytes = WatAssembler.ToBinary(File.ReadAllBytes(settings.File), settings.File);
            component = Component.FromBytes(new Engine(ServeEngineOptions(limits)), bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"error: {settings.File}: {e.Message}");
            return 1;
        }
        bool exportsHandler = false;
        foreach (var export in component.Exports)
            if (export.Name.StartsWith("wasi:http/incoming-handler@0.2.", StringComparison.Ordinal)) exportsHandler = true;
        if (!exportsHandler)
        {
            stderr.WriteLine($"error: {settings.File}: the component does not export wasi:http/incoming-handler@0.2.x");
            return 1;
        }

        WasiHttpServer server;
        try
        {
            server = WasiHttpServer.StartAsync(component, () => template, endpoint, stderr, limits, settings.Http2).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: cannot listen on {settings.Addr}: {e.Message}");
            return 1;
        }
        try
        {
            stdout.WriteLine($"Serving HTTP on {server.Address}");
            stdout.Flush();
            started?.Invoke(server.Address);
            Task.WhenAny(Task.Delay(Timeout.Infinite, stop), server.Stopped).ContinueWith(_ => { }).GetAwaiter().GetResult();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }

    /// <summary>
    /// The engine of <c>serve</c>: each request's store is disposed when its guest ends, and its linear memory kept for a
    /// later request (reset to zeros), up to one per concurrency slot.
    /// </summary>
    internal static EngineOptions ServeEngineOptions(ServeLimits limits) => new() { MemoryPoolSize = limits.MaxConcurrency };

    /// <summary>The limits the options give (defaults for those left out), or null with the reason.</summary>
    internal static ServeLimits? Limits(ServeSettings settings, out string? error)
    {
        error = null;
        var limits = ServeLimits.Default;
        if (settings.RequestTimeout is { } t)
        {
            if (!RunCommand.TryParseDuration(t, out var timeout) || timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(1))
            {
                error = $"--request-timeout `{t}` is not a duration above 0 and at most 1 day (e.g. 500ms, 30s, 2m; a bare number is seconds)";
                return null;
            }
            limits = limits with { RequestTimeout = timeout };
        }
        if (settings.MaxBodySize is { } b)
        {
            if (!TryParseSize(b, out var size))
            {
                error = $"--max-body-size `{b}` is not a size (e.g. 1048576, 64KiB, 16MiB, 1GiB; K, M and G are binary too)";
                return null;
            }
            limits = limits with { MaxBodySize = size };
        }
        if (settings.MaxConcurrency is { } n)
        {
            if (n is < 1 or > 100_000)
            {
                error = $"--max-concurrency must be 1-100000, got {n}";
                return null;
            }
            limits = limits with { MaxConcurrency = n };
        }
        return limits;
    }

    /// <summary>A byte count: digits with an optional binary unit (B, K/KB/KiB, M/MB/MiB, G/GB/GiB).</summary>
    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(\d{1,15})\s*(B|K|KB|KiB|M|MB|MiB|G|GB|GiB)?$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success) return false;
        int shift = match.Groups[2].Value.ToUpperInvariant() switch { "" or "B" => 0, "K" or "KB" or "KIB" => 10, "M" or "MB" or "MIB" => 20, _ => 30 };
        long number = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (number > long.MaxValue >> shift) return false;
        bytes = number << shift;
        return true;
    }

    // The WASI configuration of every request's instance (no stdin; stdout and stderr are the server's).
    private static WasiContextBuilder Configure(ServeSettings settings)
    {
        var builder = new WasiContextBuilder().Arg(Path.GetFileName(settings.File)).InheritStdout().InheritStderr();
        if (settings.InheritEnv) builder.InheritEnv();
        foreach (var e in settings.Env ?? Array.Empty<string>())
        {
            int eq = e.IndexOf('=');
            if (eq == 0) throw new ArgumentException($"--env `{e}`: the name is empty");
            if (eq < 0) builder.InheritEnv(e);
            else builder.Env(e.Substring(0, eq), e.Substring(eq + 1));
        }
        foreach (var d in settings.Dirs ?? Array.Empty<string>())
        {
            var spec = d;
            bool readOnly = false;
            if (spec.EndsWith(":ro", StringComparison.Ordinal)) { readOnly = true; spec = spec.Substring(0, spec.Length - 3); }
            int sep = spec.IndexOf("::", StringComparison.Ordinal);
            builder.PreopenedDir(sep < 0 ? spec : spec.Substring(0, sep), sep < 0 ? spec : spec.Substring(sep + 2), readOnly);
        }
        foreach (var h in settings.AllowHttp ?? Array.Empty<string>()) builder.AllowHttp(h);
        return builder;
    }
}
