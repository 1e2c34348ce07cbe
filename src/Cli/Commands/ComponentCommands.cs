using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>The <c>component</c> command: <c>embed</c>, <c>new</c> and <c>wit</c>.</summary>
internal static class ComponentCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("component", "Turn core modules into components and inspect component binaries.");
        command.Subcommands.Add(Embed(stderr));
        command.Subcommands.Add(New(stderr));
        command.Subcommands.Add(Wit(stdout, stderr));
        return command;
    }

    private static Command Embed(TextWriter stderr)
    {
        var module = new Argument<string>("module") { Description = "The core module (.wasm)." };
        var wit = new Option<string>("--wit") { Description = "A .wit file or a directory of WIT.", Required = true };
        var world = new Option<string?>("--world") { Description = "The world: a name in the root package, or ns:pkg/world." };
        var encoding = new Option<string>("--encoding") { Description = "String encoding: utf8 (default), utf16 or compact-utf16.", DefaultValueFactory = _ => "utf8" };
        encoding.AcceptOnlyFromAmong("utf8", "utf16", "compact-utf16");
        var output = OutputOption();
        var command = new Command("embed", "Append a world as a component-type custom section to a core module.") { module, wit, world, encoding, output };
        command.SetAction(result => Guard(stderr, result.GetValue(module)!, () =>
        {
            var input = result.GetValue(module)!;
            var target = result.GetValue(output)!;
            var load = LoadWit(result.GetValue(wit)!, stderr);
            if (load is null) return 1;
            if (load.Resolve!.SelectWorld(load.RootPackage, result.GetValue(world), out var problem) is not { } id) { stderr.WriteLine($"error: {problem!.Message}"); return 1; }
            var enc = result.GetValue(encoding) switch { "utf16" => StringEncoding.Utf16, "compact-utf16" => StringEncoding.CompactUtf16, _ => StringEncoding.Utf8 };
            var bytes = ComponentTypeSection.Embed(ReadInput(input), load.Resolve!, id, enc);
            return WriteOutput(input, target, bytes, stderr);
        }));
        return command;
    }

    private static Command New(TextWriter stderr)
    {
        var module = new Argument<string>("module") { Description = "The core module (.wasm or .wat) carrying its world in component-type sections." };
        var adapt = new Option<string[]>("--adapt") { Description = "NAME=ADAPTER.wasm: implement import module NAME with an adapter module.", AllowMultipleArgumentsPerToken = false };
        var kind = new Option<string>("--adapter") { Description = "Our wasi_snapshot_preview1 adapter, used unless --adapt names one: auto (command when the module exports _start, else reactor), command, reactor or none.", DefaultValueFactory = _ => "auto" };
        kind.AcceptOnlyFromAmong("auto", "command", "reactor", "none");
        var output = OutputOption();
        var command = new Command("new", "Create a component from a core module.") { module, adapt, kind, output };
        command.SetAction(result => Guard(stderr, result.GetValue(module)!, () =>
        {
            var input = result.GetValue(module)!;
            var adapters = new List<KeyValuePair<string, byte[]>>();
            foreach (var spec in result.GetValue(adapt) ?? Array.Empty<string>())
            {
                int eq = spec.IndexOf('=');
                var name = eq > 0 ? spec.Substring(0, eq) : Path.GetFileNameWithoutExtension(spec).Split('.')[0];
                var path = eq > 0 ? spec.Substring(eq + 1) : spec;
                adapters.Add(new(name, ReadInput(path)));
            }
            var core = ReadInput(input);
            if (!adapters.Any(a => a.Key == Adapters.ModuleName))
            {
                var ours = result.GetValue(kind) switch { "command" => Adapters.Command, "reactor" => Adapters.Reactor, "none" => null, _ => Adapters.For(core) };
                if (ours is not null) adapters.Add(new(Adapters.ModuleName, ours));
            }
            byte[] bytes;
            using (Progress.For(stderr).Start($"componentizing {input}")) bytes = Componentizer.Create(core, adapters);
            return WriteOutput(input, result.GetValue(output)!, bytes, stderr);
        }));
        return command;
    }

    private static Command Wit(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path") { Description = "A component or encoded WIT package (.wasm or .wat), or with --wasm a .wit file or directory." };
        var wasm = new Option<bool>("--wasm") { Description = "Encode the WIT package at PATH as a binary instead of printing." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the binary (with --wasm)." };
        var command = new Command("wit", "Print the WIT of a component or encoded package, or encode a WIT package as a binary.") { path, wasm, output };
        command.SetAction(result => Guard(stderr, result.GetValue(path)!, () =>
        {
            var input = result.GetValue(path)!;
            if (!result.GetValue(wasm))
            {
                var bytes = ReadInput(input);
                if (ComponentReader.IsCoreModule(bytes) && ComponentTypeSection.Extract(bytes, out _).Count == 0)
                {
                    // A plain core module has no WIT: printing nothing would look like success.
                    stderr.WriteLine($"error: {input}: a core module without a world (no component-type custom section); embed one with `component embed`");
                    return 1;
                }
                stdout.Write(ComponentWit.Print(bytes));
                return 0;
            }
            var target = result.GetValue(output);
            if (target is null) { stderr.WriteLine("error: --wasm needs --output/-o"); return 1; }
            var load = LoadWit(input, stderr);
            if (load is null) return 1;
            return WriteOutput(input, target, WitBinaryEncoder.EncodePackage(load.Resolve!, load.RootPackage), stderr);
        }));
        return command;
    }

    private static Option<string> OutputOption() => new("--output", "-o") { Description = "The file to write.", Required = true };

    // WebAssembly text (.wat) is assembled; binary goes on to its reader as it is.
    private static byte[] ReadInput(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no such file: {path}");
        return WatAssembler.ToBinary(File.ReadAllBytes(path), path);
    }

    // Writes through a temporary file beside the target so a failure never leaves a half-written file, and never
    // overwrites the input.
    private static int WriteOutput(string input, string target, byte[] bytes, TextWriter stderr)
    {
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(target), StringComparison.Ordinal))
        {
            stderr.WriteLine($"error: refusing to overwrite the input file {input}");
            return 1;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(target) + "." + Path.GetRandomFileName() + ".tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (File.Exists(target)) File.Delete(target);
            File.Move(temp, target);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return 0;
    }

    private static WitLoadResult? LoadWit(string path, TextWriter stderr)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"error: no such file or directory: {path}");
            return null;
        }
        var load = WitLoader.LoadPath(path, WitPackageFiles.Enable());
        foreach (var d in load.Diagnostics) stderr.WriteLine("error: " + DiagnosticRenderer.RenderHuman(d));
        return load.Success ? load : null;
    }

    // Errors name the file they are about: binary-format and text errors of the input get its path in front
    // (unless the message already names it, as text errors and missing files do).
    private static int Guard(TextWriter stderr, string input, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ComponentFormatException or ComponentizeException or WitEncodingException or WatException or IOException or UnauthorizedAccessException)
        {
            var message = e.Message.IndexOf(input, StringComparison.Ordinal) >= 0 || e is IOException or UnauthorizedAccessException ? e.Message : $"{input}: {e.Message}";
            stderr.WriteLine($"error: {message}");
            return 1;
        }
    }
}
