using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.MSBuild;

/// <summary>
/// Turns a core module into a component: embeds a WIT world (a <c>component-type</c> custom section) and runs
/// <c>component new</c> with an optional <c>wasi_snapshot_preview1</c> adapter. Driven by the <c>&lt;WasmComponent&gt;</c>
/// item of WitBindgen.targets. Errors are MSBuild errors with WITB codes and the file (and line/column for WIT
/// and WAT) they are about.
/// </summary>
public sealed class WitComponentize : Microsoft.Build.Utilities.Task
{
    /// <summary>The core module (.wasm binary or .wat text).</summary>
    [Required] public string Module { get; set; } = "";

    /// <summary>A .wit file or a WIT package directory; empty when the module already carries its world.</summary>
    public string? Wit { get; set; }

    /// <summary>The <c>@unstable</c> features to enable, as a <c>&lt;Wit&gt;</c> item's <c>Features</c> metadata (<c>a;b</c>; <c>*</c>: all).</summary>
    public string? Features { get; set; }

    /// <summary>Enable every <c>@unstable</c> feature (a <c>&lt;Wit&gt;</c> item's <c>AllFeatures</c> metadata).</summary>
    public bool AllFeatures { get; set; }

    /// <summary>The world to embed: a name in the root package or <c>ns:pkg/world</c> (empty: the package's only world).</summary>
    public string? World { get; set; }

    /// <summary>
    /// <c>auto</c> (or empty: the built-in command adapter when the module exports <c>_start</c>, the reactor adapter
    /// when it only imports <c>wasi_snapshot_preview1</c>, none otherwise), <c>command</c>, <c>reactor</c>, <c>none</c>,
    /// or the path of an adapter module.
    /// </summary>
    public string? Adapter { get; set; }

    /// <summary>The directory relative adapter paths are relative to (the project's).</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>The import module the adapter implements (default <c>wasi_snapshot_preview1</c>).</summary>
    public string? AdapterName { get; set; }

    /// <summary>String encoding of the embedded world: utf8 (default), utf16 or compact-utf16.</summary>
    public string? StringEncoding { get; set; }

    /// <summary>The component to write.</summary>
    [Required] public string OutputFile { get; set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        try
        {
            if (!File.Exists(Module)) return Error("WITB001", Module, $"the core module {Module} does not exist");
            var core = WatAssembler.ToBinary(File.ReadAllBytes(Module), Module);
            if (!ComponentReader.IsCoreModule(core)) return Error("WITB002", Module, $"{Module} is not a core WebAssembly module");

            if (!string.IsNullOrEmpty(Wit))
            {
                var world = WitInputs.LoadWorld(this, Wit!, World, AllFeatures ? "*" : Features);
                if (world is null) return false;
                var encoding = (StringEncoding ?? "utf8").ToLowerInvariant() switch
                {
                    "utf8" or "" => ComponentModel.Binary.StringEncoding.Utf8,
                    "utf16" => ComponentModel.Binary.StringEncoding.Utf16,
                    "compact-utf16" or "latin1+utf16" => ComponentModel.Binary.StringEncoding.CompactUtf16,
                    var other => (ComponentModel.Binary.StringEncoding?)null,
                };
                if (encoding is null) return Error("WITB003", Module, $"unknown StringEncoding '{StringEncoding}' (utf8, utf16 or compact-utf16)");
                core = ComponentTypeSection.Embed(core, world.Value.Resolve, world.Value.World, encoding.Value);
            }

            var adapters = new List<KeyValuePair<string, byte[]>>();
            if (!ResolveAdapter(core, out var adapter)) return false;
            if (adapter is not null) adapters.Add(new(string.IsNullOrEmpty(AdapterName) ? Adapters.ModuleName : AdapterName!, adapter));

            var component = Componentizer.Create(core, adapters);
            var directory = Path.GetDirectoryName(Path.GetFullPath(OutputFile));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var temp = OutputFile + ".tmp";
            File.WriteAllBytes(temp, component);
            if (File.Exists(OutputFile)) File.Delete(OutputFile);
            File.Move(temp, OutputFile);
            Log.LogMessage(MessageImportance.High, "{0} -> {1}", Module, OutputFile);
            return true;
        }
        catch (WatException e)
        {
            Log.LogError(null, "WITB004", null, e.Path ?? Module, e.Line, e.Column, 0, 0, e.Problem);
            return false;
        }
        catch (Exception e) when (e is WasmException or ComponentizeException or WitEncodingException)
        {
            return Error("WITB005", Module, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error("WITB006", OutputFile, e.Message);
        }
    }

    // False when an error was logged; otherwise the adapter module to use, or null for none.
    private bool ResolveAdapter(byte[] core, out byte[]? module)
    {
        module = null;
        var adapter = (Adapter ?? "").Trim();
        switch (adapter.ToLowerInvariant())
        {
            case "" or "auto": module = Adapters.For(core); return true;
            case "none": return true;
            case "command": module = Adapters.Command; return true;
            case "reactor": module = Adapters.Reactor; return true;
        }
        if (!Path.IsPathRooted(adapter) && !string.IsNullOrEmpty(ProjectDirectory)) adapter = Path.Combine(ProjectDirectory, adapter);
        if (!File.Exists(adapter))
        {
            Error("WITB008", adapter, $"the adapter module {adapter} does not exist");
            return false;
        }
        module = WatAssembler.ToBinary(File.ReadAllBytes(adapter), adapter);
        return true;
    }

    internal bool Error(string code, string file, string message)
    {
        Log.LogError(null, code, null, file, 0, 0, 0, 0, message);
        return false;
    }
}
