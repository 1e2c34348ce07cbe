using System;
using System.IO;
using System.Linq;

namespace WitBindgen.Tests.Wasmtime;

/// <summary>
/// Runs a WASI command component on Wasmtime.Dotnet (<c>AddWasiPreview2</c>), the reference the differential tests
/// compare our runtime with. Linked into the test projects that reference the Wasmtime package.
/// </summary>
internal static class WasmtimeWasi
{
    internal sealed record Result(string Stdout, string Stderr, int Exit);

    /// <summary>Runs <c>wasi:cli/run</c>; the exit status is 0 for ok, 1 for err, or the status given to exit.</summary>
    internal static Result RunCommand(byte[] component, string[] args, (string, string)[] env, (string Host, string Guest, bool Mutable)[] dirs, byte[]? stdin = null)
    {
        var dir = Directory.CreateTempSubdirectory("wasi-diff-");
        try
        {
            string outPath = Path.Combine(dir.FullName, "out"), errPath = Path.Combine(dir.FullName, "err");
            using var engine = new global::Wasmtime.Engine();
            using var loaded = global::Wasmtime.Components.Component.FromBytes(engine, component);
            using var linker = new global::Wasmtime.Components.ComponentLinker(engine);
            linker.AddWasiPreview2();
            using var store = new global::Wasmtime.Store(engine);
            var config = new global::Wasmtime.WasiConfiguration().WithArgs(args).WithEnvironmentVariables(env).WithStandardOutput(outPath).WithStandardError(errPath);
            foreach (var d in dirs) config = config.WithPreopenedDirectory(d.Host, d.Guest, d.Mutable);
            if (stdin is not null)
            {
                var inPath = Path.Combine(dir.FullName, "in");
                File.WriteAllBytes(inPath, stdin);
                config = config.WithStandardInput(inPath);
            }
            store.SetWasiConfiguration(config);
            int exit;
            try
            {
                var instance = linker.Instantiate(store, loaded);
                var runName = WitBindgen.Runtime.Components.Component.FromBytes(new WitBindgen.Runtime.Engine(), component).Exports
                    .Select(e => e.Name).First(n => n.StartsWith("wasi:cli/run@", StringComparison.Ordinal));
                var run = instance.GetFunction(runName, "run")!;
                var result = run.Call();
                exit = result is { } r && r.IsOk ? 0 : 1;
            }
            catch (global::Wasmtime.WasmtimeException e) when (e.ExitCode is { } code) { exit = code; }
            return new Result(File.ReadAllText(outPath), File.ReadAllText(errPath), exit);
        }
        finally { dir.Delete(true); }
    }
}
