using System.CommandLine;
using System.IO;

namespace WitBindgen.Cli.Commands;

/// <summary>Commands that produce C#: <c>generate</c>.</summary>
internal static class GeneratorCommands
{
    public static Command Generate(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path") { Description = "A .wit file, or a directory of .wit files with an optional deps/ folder." };
        var world = new Option<string?>("--world") { Description = "The world to generate bindings for: a name in the root package, ns:pkg/name or ns:pkg/name@version; without it, the root package's only world." };
        var mode = new Option<string>("--mode") { Description = "guest (C# that becomes a component) or host.", DefaultValueFactory = _ => "guest" };
        var output = new Option<string>("--out") { Description = "Directory to write the generated files to.", Required = true };
        var @namespace = new Option<string?>("--namespace") { Description = "Root namespace of the generated code." };
        var errors = new Option<string>("--errors")
        {
            Description = "How a function's result<T, E> surfaces: result (returns Result<T, E>, the default) or exceptions (returns T, throws WitException<E>); like Errors= on a <Wit> item.",
            DefaultValueFactory = _ => "result",
        };
        errors.AcceptOnlyFromAmong("result", "exceptions");
        var features = WitCommands.FeaturesOption();
        var command = new Command("generate", "Generate C# bindings for a WIT world.") { path, world, mode, output, @namespace, errors, features };
        command.SetAction(result => GenerateCommand.Execute(
            result.GetValue(path)!, result.GetValue(world), result.GetValue(mode)!, result.GetValue(output)!,
            result.GetValue(@namespace), result.GetValue(errors), result.GetValue(features), stdout, stderr));
        return command;
    }
}
