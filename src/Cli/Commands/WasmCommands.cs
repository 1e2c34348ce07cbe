using System;
using System.CommandLine;
using System.IO;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>wasm-tools' daily commands: <c>validate</c> and <c>parse</c>.</summary>
internal static class WasmCommands
{
    public static Command Validate(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "A core module or component (.wasm, or .wat text, which is assembled first)." };
        var command = new Command("validate", "Decode and validate a core module or a component; exit 1 with the located error when it is invalid.") { file };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path)) { stderr.WriteLine($"error: no such file: {path}"); return 1; }
            try
            {
                var bytes = WatAssembler.ToBinary(File.ReadAllBytes(path), path);
                var kind = Validate(bytes);
                stdout.WriteLine($"{path}: valid {kind}");
                return 0;
            }
            catch (WatException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (WasmException e)
            {
                stderr.WriteLine($"error: {path}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Validates <paramref name="bytes"/> as a component or a core module; returns which it is.</summary>
    /// <exception cref="WasmException">The binary is malformed or invalid (the message carries the byte offset).</exception>
    internal static string Validate(byte[] bytes)
    {
        if (ComponentReader.IsComponent(bytes))
        {
            ComponentReader.Read(bytes, validate: true);
            return "component";
        }
        // Anything else is read as a core module: a bad preamble is reported by the reader at offset 0.
        ModuleValidator.Validate(ModuleReader.Read(bytes));
        return "core module";
    }

    public static Command Parse(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "A core module or component in the WebAssembly text format (.wat)." };
        var output = new Option<string>("--output", "-o") { Description = "The binary to write.", Required = true };
        var command = new Command("parse", "Assemble WebAssembly text (core module or component) into its binary.") { file, output };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var target = result.GetValue(output)!;
            if (!File.Exists(path)) { stderr.WriteLine($"error: no such file: {path}"); return 1; }
            try
            {
                var bytes = WatAssembler.Assemble(File.ReadAllBytes(path), path);
                var directory = Path.GetDirectoryName(Path.GetFullPath(target));
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                File.WriteAllBytes(target, bytes);
                return 0;
            }
            catch (WatException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
