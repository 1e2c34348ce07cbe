using System.Collections.Generic;
using WitBindgen.Bindings;
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
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams;
using TerminalInputResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalInput.TerminalInput;
using TerminalOutputResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Cli.TerminalOutput.TerminalOutput;

namespace WitBindgen.Runtime.Wasi;

// wasi:cli over the context, as the typed bindings registered by Cli.CliHost call them.
public sealed partial class WasiContext : IEnvironment, IExit, IStdin, IStdout, IStderr, ITerminalInput, ITerminalOutput, ITerminalStdin, ITerminalStdout, ITerminalStderr
{
    private (string, string)[]? _environmentPairs;

    IReadOnlyList<(string, string)> IEnvironment.GetEnvironment()
    {
        // The environment is fixed once built: converted once, on the first call.
        if (_environmentPairs is { } pairs) return pairs;
        pairs = new (string, string)[Environment.Count];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (Environment[i].Key, Environment[i].Value);
        return _environmentPairs = pairs;
    }

    IReadOnlyList<string> IEnvironment.GetArguments() => Arguments;

    string? IEnvironment.InitialCwd() => InitialCwd;

    // The builder made the stdio streams before any context (contexts of one builder share them): each takes the
    // cancellation of the context handing it out.
    InputStream IStdin.GetStdin()
    {
        Stdin.Cancellation = Cancellation;
        return Stdin;
    }

    OutputStream IStdout.GetStdout()
    {
        Stdout.Cancellation = Cancellation;
        return Stdout;
    }

    OutputStream IStderr.GetStderr()
    {
        Stderr.Cancellation = Cancellation;
        return Stderr;
    }

    // The guest's stdio is never a terminal here (it may be a pipe, a file or memory).
    TerminalInputResource? ITerminalStdin.GetTerminalStdin() => null;
    TerminalOutputResource? ITerminalStdout.GetTerminalStdout() => null;
    TerminalOutputResource? ITerminalStderr.GetTerminalStderr() => null;

    void IExit.Exit(Result<Unit, Unit> status) => Exit(status.IsOk ? 0 : 1);

    void IExit.ExitWithCode(byte statusCode) => Exit(statusCode);

    /// <summary>Records the guest's exit status and unwinds it (the trap <see cref="Wasi.RunCommand"/> turns into the status).</summary>
    internal void Exit(int code)
    {
        ExitCode = code;
        throw new WasiExitException(code);
    }
}
