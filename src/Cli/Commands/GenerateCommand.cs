using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Generator;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Output;

namespace WitBindgen.Cli.Commands;

/// <summary><c>wit-bindgen generate PATH [--world W] --mode guest|host --out DIR [--namespace N] [--errors result|exceptions] [--features F,...]</c>.</summary>
internal static class GenerateCommand
{
    /// <summary>
    /// Loads the WIT at <paramref name="path"/>, generates bindings for <paramref name="world"/> and
    /// writes them to <paramref name="outDir"/> (plus <c>{world}_component_type.wit</c> for the linker in
    /// guest mode). <paramref name="errors"/> is the world's error style (<c>result</c>, the default, or
    /// <c>exceptions</c>), as the <c>Errors</c> metadata of a <c>&lt;Wit&gt;</c> item; <paramref name="features"/> enables
    /// <c>@unstable</c> features as its <c>Features</c> metadata (<c>*</c>: all). Returns 0 on success,
    /// 1 for WIT or generation errors, 2 for bad arguments.
    /// </summary>
    public static int Execute(string path, string? world, string mode, string outDir, string? @namespace, string? errors, string[]? features, TextWriter stdout, TextWriter stderr)
    {
        ErrorStyle errorStyle;
        if (string.IsNullOrEmpty(errors) || string.Equals(errors, "result", StringComparison.OrdinalIgnoreCase)) errorStyle = ErrorStyle.Result;
        else if (string.Equals(errors, "exceptions", StringComparison.OrdinalIgnoreCase)) errorStyle = ErrorStyle.Exceptions;
        else
        {
            stderr.WriteLine($"error: unknown error style '{errors}' (expected result or exceptions)");
            return 2;
        }
        GenerationMode generationMode;
        if (string.Equals(mode, "guest", StringComparison.OrdinalIgnoreCase)) generationMode = GenerationMode.Guest;
        else if (string.Equals(mode, "host", StringComparison.OrdinalIgnoreCase)) generationMode = GenerationMode.Host;
        else
        {
            stderr.WriteLine($"error: unknown mode '{mode}' (expected guest or host)");
            return 2;
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"error: '{path}' does not exist");
            return 2;
        }

        var load = WitLoader.LoadPath(path, WitPackageFiles.Enable().WithFeatures(features ?? Array.Empty<string>()));
        foreach (var d in load.Diagnostics) stderr.WriteLine(DiagnosticRenderer.RenderHuman(d));
        if (!load.Success || load.Resolve is null) return 1;

        if (load.Resolve.SelectWorld(load.RootPackage, string.IsNullOrEmpty(world) ? null : world, out var error) is not { } worldId)
        {
            stderr.WriteLine("error: " + error!.Message);
            return 1;
        }

        GenerationResult result;
        try
        {
            using var step = Progress.For(stderr).Start("generating bindings");
            result = WitBindingsGenerator.Generate(load.Resolve, worldId, new BindingOptions { RootNamespace = @namespace, Errors = errorStyle }, generationMode);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A generator bug must not look like a crash of the tool: report it like any other error.
            stderr.WriteLine($"error[WITGEN999]: internal generator error: {ex.Message}");
            return 1;
        }
        foreach (var d in result.Diagnostics) stderr.WriteLine($"{(d.IsError ? "error" : "warning")}[{d.Code}]: {d.Message}");
        if (!result.Success) return 1;

        try
        {
            Directory.CreateDirectory(outDir);
            foreach (var file in result.Files) File.WriteAllText(Path.Combine(outDir, file.HintName), file.Text);
            int count = result.Files.Count;
            if (generationMode == GenerationMode.Guest)
            {
                // The world for the component linker (wasm-component-ld --component-type).
                var packages = load.Resolve.Packages.Ids.ToList();
                var worldName = load.Resolve.Worlds[worldId].Name;
                File.WriteAllText(Path.Combine(outDir, worldName + "_component_type.wit"), WitPrinter.Print(load.Resolve, load.Resolve.Worlds[worldId].Package, packages));
                count++;
            }
            stdout.WriteLine($"generated {count} files in {outDir}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write to '{outDir}': {ex.Message}");
            return 1;
        }
    }
}
