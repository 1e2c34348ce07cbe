using System;
using System.CommandLine;
using System.IO;

namespace WitBindgen.Cli.Commands;

/// <summary>Commands that execute WebAssembly: <c>run</c>.</summary>
internal static class RuntimeCommands
{
    public static Command Run(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "A core WebAssembly module (.wasm or .wat)." };
        var invoke = new Option<string>("--invoke") { Description = "The export to call.", Required = true };
        var args = new Argument<string[]>("args") { Description = "Arguments, parsed per the export's parameter types.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Instantiate a core module and call one of its exports, printing the results.") { file, invoke, args };
        command.SetAction(result => RunCommand.Execute(
            result.GetValue(file)!, result.GetValue(invoke)!, result.GetValue(args) ?? Array.Empty<string>(), stdout, stderr));
        return command;
    }
}
