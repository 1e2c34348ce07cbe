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
internal sealed record ServeSettings(string File, string Addr = "127.0.0.1:8080", IReadOnlyList<string>? Dirs = null, IReadOnlyList<string>? Env = null,
    bool InheritEnv = false, IReadOnlyList<string>? AllowHttp = null);

/// <summary>
/// <c>wit-bindgen serve FILE.wasm [--addr 127.0.0.1:8080] [--dir HOST::GUEST[:ro]] [--env K=V | K] [--inherit-env]
/// [--allow-http HOST[:PORT]]</c>: serves a component's <c>wasi:http/incoming-handler</c> with Kestrel, as
/// <c>wasmtime serve</c>, until Ctrl+C. One instance per request; a trapping request answers 500 and is reported on
/// stderr. Exit code 0 after a clean stop, 1 when the component cannot be loaded or the address not bound.
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
        var command = new Command("serve", "Serve a wasi:http/incoming-handler component over HTTP with Kestrel (an instance per request) until Ctrl+C.")
        {
            file, addr, dir, env, inheritEnv, allowHttp,
        };
        command.SetAction(result =>
        {
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                return Execute(new ServeSettings(result.GetValue(file)!, result.GetValue(addr) ?? "127.0.0.1:8080", result.GetValue(dir), result.GetValue(env),
                    result.GetValue(inheritEnv), result.GetValue(allowHttp)), stdout, stderr, stop.Token);
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
        WasiContextBuilder template;
        try { template = Configure(settings); }
        catch (ArgumentException e) { stderr.WriteLine($"error: {e.Message}"); return 1; }
        catch (DirectoryNotFoundException e) { stderr.WriteLine($"error: {e.Message}"); return 1; }

        Component component;
        try
        {
            var bytes = WatAssembler.ToBinary(File.ReadAllBytes(settings.File), settings.File);
            component = Component.FromBytes(new Engine(), bytes);
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
            server = WasiHttpServer.StartAsync(component, () => template, endpoint, stderr).GetAwaiter().GetResult();
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
