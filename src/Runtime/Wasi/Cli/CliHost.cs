using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Environment;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Exit;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalInput;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalOutput;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStderr;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStdin;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStdout;

namespace WitBindgen.Runtime.Wasi.Cli;

/// <summary><c>wasi:cli</c>: environment, exit (with exit-with-code) and terminal-* (typed bindings; no terminals: always none), stdin/stdout/stderr (dynamic values).</summary>
public static class CliHost
{
    /// <summary>Defines the <c>wasi:cli</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:cli</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // environment and exit: the generated typed bindings, implemented by the caller's context (WasiContext.Cli.cs);
        // exit-with-code is there because the Runtime's <Wit> item enables its feature, cli-exit-with-code.
        var host = PerStore(context);
        EnvironmentImports.AddToLinker(linker, host);
        ExitImports.AddToLinker(linker, host);

        // The builder made the stdio streams before any context: they take the caller's cancellation when handed out.
        new HostInstance(linker, "wasi:cli/stdin", context).Fn("get-stdin", static (c, _) => { c.Stdin.Cancellation = c.Cancellation; return ComponentValue.Own(c.Table.Push(c.Stdin)); });
        new HostInstance(linker, "wasi:cli/stdout", context).Fn("get-stdout", static (c, _) => { c.Stdout.Cancellation = c.Cancellation; return ComponentValue.Own(c.Table.Push(c.Stdout)); });
        new HostInstance(linker, "wasi:cli/stderr", context).Fn("get-stderr", static (c, _) => { c.Stderr.Cancellation = c.Cancellation; return ComponentValue.Own(c.Table.Push(c.Stderr)); });

        // terminal-*: typed bindings (WasiContext.Cli.cs); the resources live in the context's table, with the streams.
        TerminalInputImports.AddToLinker(linker, host);
        TerminalOutputImports.AddToLinker(linker, host);
        TerminalStdinImports.AddToLinker(linker, host);
        TerminalStdoutImports.AddToLinker(linker, host);
        TerminalStderrImports.AddToLinker(linker, host);
    }
}
