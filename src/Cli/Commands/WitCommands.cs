using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Output;

namespace WitBindgen.Cli.Commands;

/// <summary>The front-end commands: <c>check</c>, <c>json</c>, <c>print</c> (WIT, or a wasm binary as WebAssembly text).</summary>
internal static class WitCommands
{
    public static Command Check(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var features = FeaturesOption();
        var format = new Option<string>("--format") { Description = "Diagnostic format: human (default) or msbuild.", DefaultValueFactory = _ => "human" };
        format.AcceptOnlyFromAmong("human", "msbuild");
        var command = new Command("check", "Parse and resolve WIT; print one summary line per package, dependencies included.") { path, features, format };
        command.SetAction(result =>
        {
            var load = Load(result.GetValue(path)!, result.GetValue(features), result.GetValue(format)!, stderr);
            if (load is null) return 1;
            foreach (var line in PackageSummary.DescribeAll(load))
                stdout.WriteLine(line);
            return 0;
        });
        return command;
    }

    public static Command Json(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var features = FeaturesOption();
        var command = new Command("json", "Print the resolved package graph as JSON (wit-parser's format).") { path, features };
        command.SetAction(result =>
        {
            var load = Load(result.GetValue(path)!, result.GetValue(features), "human", stderr);
            if (load is null) return 1;
            stdout.WriteLine(WitJsonWriter.Write(load.Resolve!));
            return 0;
        });
        return command;
    }

    public static Command Print(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var features = FeaturesOption();
        var color = new Option<string>("--color") { Description = "Colour WebAssembly text: auto (on a terminal unless NO_COLOR is set), always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("print", "Print a core module or component binary as WebAssembly text, or WIT as canonical WIT.") { path, features, color };
        command.SetAction(result =>
        {
            var file = result.GetValue(path)!;
            if (WasmBinaryKind(file) is not null)
            {
                // A binary, core module or component, is printed as WebAssembly text (`component wit` prints a component's WIT).
                try
                {
                    var text = WatPrinter.Print(File.ReadAllBytes(file));
                    stdout.Write(WatColor.Enabled(result.GetValue(color)!, stdout) ? WatColor.Apply(text) : text);
                    return 0;
                }
                catch (Exception e) when (e is WasmException or NotSupportedException)
                {
                    stderr.WriteLine($"error: {file}: {e.Message}");
                    return 1;
                }
            }
            var load = Load(file, result.GetValue(features), "human", stderr);
            if (load is null) return 1;
            stdout.Write(WitPrinter.Print(load));
            return 0;
        });
        return command;
    }

    // "core module" or "component" for a wasm binary file, null otherwise.
    private static string? WasmBinaryKind(string path)
    {
        if (!File.Exists(path)) return null;
        var head = new byte[8];
        using (var stream = File.OpenRead(path))
        {
            int read = 0, n;
            while (read < head.Length && (n = stream.Read(head, read, head.Length - read)) > 0) read += n;
            if (read < head.Length) return null;
        }
        return ComponentReader.IsCoreModule(head) ? "core module" : ComponentReader.IsComponent(head) ? "component" : null;
    }

    private static Argument<string> PathArgument() =>
        new("path") { Description = "A .wit file, or a directory of .wit files with an optional deps/ folder." };

    /// <summary>The <c>--features</c> option of every command that loads WIT; read it with <see cref="WitOptions.WithFeatures"/>.</summary>
    internal static Option<string[]> FeaturesOption() =>
        new("--features") { Description = "Enable @unstable features (comma separated; `*` enables all).", AllowMultipleArgumentsPerToken = true };

    // Loads WIT and prints diagnostics to stderr; null when loading failed.
    private static WitLoadResult? Load(string path, string[]? features, string format, TextWriter stderr)
    {
        var options = WitPackageFiles.Enable().WithFeatures(features ?? Array.Empty<string>());
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"error: no such file or directory: {path}");
            return null;
        }
        var load = WitLoader.LoadPath(path, options);
        foreach (var diagnostic in load.Diagnostics)
        {
            stderr.WriteLine(format == "msbuild"
                ? DiagnosticRenderer.RenderMsBuild(diagnostic)
                : "error: " + DiagnosticRenderer.RenderHuman(diagnostic));
        }
        return load.Success ? load : null;
    }
}
