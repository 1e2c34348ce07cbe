using System;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Environment;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Exit;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Stderr;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Stdin;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.Stdout;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalInput;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalOutput;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStderr;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStdin;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalStdout;

namespace WitBindgen.Runtime.Wasi.Cli;

/// <summary><c>wasi:cli</c>: environment, exit (with exit-with-code), stdin/stdout/stderr and terminal-* (no terminals: always none).</summary>
public static class CliHost
{
    /// <summary>Defines the <c>wasi:cli</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:cli</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings, implemented by the caller's context (WasiContext.Cli.cs); exit-with-code is
        // there because the Runtime's <Wit> item enables its feature, cli-exit-with-code.
        var host = PerStore(context);
        EnvironmentImports.AddToLinker(linker, host);
        ExitImports.AddToLinker(linker, host);
        StdinImports.AddToLinker(linker, host);
        StdoutImports.AddToLinker(linker, host);
        StderrImports.AddToLinker(linker, host);

        // terminal-*: typed bindings (WasiContext.Cli.cs); the resources live in the context's table, with the streams.
        TerminalInputImports.AddToLinker(linker, host);
        TerminalOutputImports.AddToLinker(linker, host);
        TerminalStdinImports.AddToLinker(linker, host);
        TerminalStdoutImports.AddToLinker(linker, host);
        TerminalStderrImports.AddToLinker(linker, host);
    }
}
