using System;
using System.CommandLine;
using System.IO;

namespace WitBindgen.Cli.Commands;

/// <summary>Commands that execute WebAssembly: <c>run</c>.</summary>
internal static class RuntimeCommands
{
    public static Command Run(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "A core module or a component (.wasm, or text .wat)." };
        var invoke = new Option<string>("--invoke")
        {
            Description = "What to call. A core module: the export's name, with its arguments after the file. " +
                "A component: a WAVE call expression, `name(args)` for a root export or `ns:pkg/iface@version#name(args)`. " +
                "Without it a component runs as a WASI command (its wasi:cli/run export), and a core module importing wasi_snapshot_preview1 " +
                "(or exporting _start) runs its _start on the preview1 host, the arguments after the file being its arguments.",
        };
        var args = new Argument<string[]>("args") { Description = "Arguments of a core module's export (parsed per its parameter types), or of a WASI command (after --).", Arity = ArgumentArity.ZeroOrMore };
        var dir = new Option<string[]>("--dir") { Description = "WASI: HOST::GUEST[:ro] lets the guest use host directory HOST as GUEST (read-only with :ro); HOST alone maps it to itself.", AllowMultipleArgumentsPerToken = false };
        var env = new Option<string[]>("--env") { Description = "WASI: K=V sets an environment variable; K alone passes the host's value of K.", AllowMultipleArgumentsPerToken = false };
        var inheritEnv = new Option<bool>("--inherit-env") { Description = "WASI: pass the host's whole environment." };
        var allowNet = new Option<string[]>("--allow-net") { Description = "WASI sockets: ADDR:PORT lets the guest bind, connect and send to it; ADDR may be a CIDR block or *, PORT may be * (e.g. 127.0.0.1:8080, 127.0.0.1:*, [::1]:*). Repeatable; without it all networking is denied.", AllowMultipleArgumentsPerToken = false };
        var allowLookup = new Option<bool>("--allow-ip-name-lookup") { Description = "WASI sockets: let the guest resolve host names." };
        var fuel = new Option<long?>("--fuel") { Description = "Stop with a trap after N units of fuel (one per call and loop iteration)." };
        var timeout = new Option<string?>("--timeout") { Description = "Stop with a trap after this long, e.g. 500ms, 2s, 1.5m (a bare number is seconds)." };
        var trapUnknownImports = new Option<bool>("--trap-unknown-imports") { Description = "Components: define every import the host does not provide as a function that traps when called." };
        var command = new Command("run", "Run a WASI command (a component, or a preview1 core module), or instantiate a core module or a component and call one of its exports, printing the results.")
        {
            file, invoke, args, fuel, timeout, trapUnknownImports, dir, env, inheritEnv, allowNet, allowLookup,
        };
        command.SetAction(result => RunCommand.Execute(
            new RunSettings(
                result.GetValue(file)!,
                result.GetValue(invoke),
                result.GetValue(args) ?? Array.Empty<string>(),
                result.GetValue(fuel),
                result.GetValue(timeout),
                result.GetValue(trapUnknownImports),
                result.GetValue(dir) ?? Array.Empty<string>(),
                result.GetValue(env) ?? Array.Empty<string>(),
                result.GetValue(inheritEnv),
                result.GetValue(allowNet) ?? Array.Empty<string>(),
                result.GetValue(allowLookup)),
            stdout, stderr));
        return command;
    }
}
