using System;
using System.CommandLine;
using System.IO;
using WitBindgen.Cli.Commands;

namespace WitBindgen.Cli;

/// <summary>Builds the <c>wit-bindgen</c> command tree and runs it.</summary>
internal static class CommandLine
{
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line with explicit output streams (tests capture them).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("WitBindgen: WebAssembly component toolchain for .NET (WIT parser, bindings, runtime).");
        root.Subcommands.Add(WitCommands.Check(stdout, stderr));
        root.Subcommands.Add(WitCommands.Json(stdout, stderr));
        root.Subcommands.Add(WitCommands.Print(stdout, stderr));
        root.Subcommands.Add(GeneratorCommands.Generate(stdout, stderr));
        root.Subcommands.Add(RuntimeCommands.Run(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ComponentCommands.Create(stdout, stderr));
        root.Subcommands.Add(WasmCommands.Validate(stdout, stderr));
        root.Subcommands.Add(WasmCommands.Parse(stdout, stderr));
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(configuration);
    }
}
