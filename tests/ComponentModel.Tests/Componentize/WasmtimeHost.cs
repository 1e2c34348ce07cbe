using System;
using System.IO;
using System.Linq;
using Wasmtime;
using Wasmtime.Components;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>Runs components on Wasmtime (the independent implementation) with WASI preview 2.</summary>
internal static class WasmtimeHost
{
    public static Engine NewEngine() => new(new Config().WithComponentModel(true));

    /// <summary>Runs a WASI command (<c>wasi:cli/run@0.2.x#run</c>); returns its stdout, stderr and result.</summary>
    public static (string Stdout, string Stderr, bool Ok) RunCommand(Engine engine, byte[] bytes, string runInterface, params (string Name, string Value)[] env)
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-run-" + Path.GetRandomFileName());
        System.IO.Directory.CreateDirectory(dir);
        var stdout = Path.Combine(dir, "stdout");
        var stderr = Path.Combine(dir, "stderr");
        try
        {
            bool ok;
            using (var component = Component.FromBytes(engine, bytes))
            using (var linker = new ComponentLinker(engine))
            using (var store = new Store(engine))
            {
                linker.AddWasiPreview2();
                var config = new WasiConfiguration().WithStandardOutput(stdout).WithStandardError(stderr).WithArg("program");
                foreach (var (name, value) in env) config = config.WithEnvironmentVariable(name, value);
                store.SetWasiConfiguration(config);
                var instance = linker.Instantiate(store, component);
                var run = instance.GetFunction(runInterface, "run") ?? throw new InvalidOperationException($"no {runInterface}#run export");
                var result = run.Call(Array.Empty<ComponentValue>());
                ok = result is null || result.IsOk;
            }
            return (File.Exists(stdout) ? File.ReadAllText(stdout) : "", File.Exists(stderr) ? File.ReadAllText(stderr) : "", ok);
        }
        finally
        {
            try { System.IO.Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>The first line of an exception's message and the next few, for assertion messages.</summary>
    public static string Describe(Exception e) =>
        string.Join(" | ", e.Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(6));
}
