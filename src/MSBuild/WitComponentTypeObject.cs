using System;
using System.IO;
using Microsoft.Build.Framework;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.MSBuild;

/// <summary>
/// Writes the component-type object of a <c>&lt;Wit&gt;</c> item for projects whose build links wasm itself
/// (NativeAOT-LLVM, clang): a relocatable wasm object (a <c>linking</c> section, version 2) carrying the world in a
/// <c>component-type:WORLD</c> custom section, as wit-bindgen's <c>WORLD_component_type.o</c>. wasm-ld keeps the
/// custom section in the linked module, so <c>component new</c> finds the world without a separate embed step.
/// </summary>
public sealed class WitComponentTypeObject : Microsoft.Build.Utilities.Task
{
    /// <summary>A .wit file or a WIT package directory.</summary>
    [Required] public string Wit { get; set; } = "";

    /// <summary>The <c>@unstable</c> features to enable, as a <c>&lt;Wit&gt;</c> item's <c>Features</c> metadata (<c>a;b</c>; <c>*</c>: all).</summary>
    public string? Features { get; set; }

    /// <summary>Enable every <c>@unstable</c> feature (a <c>&lt;Wit&gt;</c> item's <c>AllFeatures</c> metadata).</summary>
    public bool AllFeatures { get; set; }

    /// <summary>The world (empty: the package's only world).</summary>
    public string? World { get; set; }

    /// <summary>The object file to write.</summary>
    [Required] public string OutputFile { get; set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        try
        {
            var world = WitInputs.LoadWorld(this, Wit, World, AllFeatures ? "*" : Features);
            if (world is null) return false;
            var bytes = ComponentTypeSection.Embed(ObjectHeader(), world.Value.Resolve, world.Value.World);
            var directory = Path.GetDirectoryName(Path.GetFullPath(OutputFile));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            File.WriteAllBytes(OutputFile, bytes);
            return true;
        }
        catch (Exception e) when (e is WitEncodingException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "WITB012", null, Wit, 0, 0, 0, 0, e.Message);
            return false;
        }
    }

    // \0asm, version 1, then custom section "linking" holding the linking metadata version (2) and no subsections.
    internal static byte[] ObjectHeader() => new byte[]
    {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x09, 0x07, (byte)'l', (byte)'i', (byte)'n', (byte)'k', (byte)'i', (byte)'n', (byte)'g', 0x02,
    };
}
