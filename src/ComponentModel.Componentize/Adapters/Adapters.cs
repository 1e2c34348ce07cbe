using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// The project's own <c>wasi_snapshot_preview1</c> adapters, which implement the preview1 functions a core module
/// imports (as wasi-libc's programs do) with WASI 0.2.3 imports. They are written in WebAssembly text
/// (<c>Adapters/*.wat</c>, with their world in <c>Adapters/preview1.wit</c>), assembled with the project's own CLI by
/// <c>scripts/build-adapters.sh</c> and embedded in this assembly as binaries, so using one costs no assembling;
/// nothing is downloaded. Pass one to <see cref="Componentizer.Create"/> under <see cref="ModuleName"/>.
/// </summary>
public static class Adapters
{
    /// <summary>The core import module name the adapters implement.</summary>
    public const string ModuleName = "wasi_snapshot_preview1";

    private static readonly Lazy<byte[]> CommandModule = new(() => Resource("command"));
    private static readonly Lazy<byte[]> ReactorModule = new(() => Resource("reactor"));

    /// <summary>
    /// The command adapter (a fresh copy): exports <c>wasi:cli/run@0.2.3#run</c>, which calls the main module's
    /// <c>_start</c>.
    /// </summary>
    public static byte[] Command => (byte[])CommandModule.Value.Clone();

    /// <summary>The reactor adapter (a fresh copy): the preview1 functions only, for modules without <c>_start</c>.</summary>
    public static byte[] Reactor => (byte[])ReactorModule.Value.Clone();

    /// <summary>
    /// The adapter a core module needs: null when it imports nothing from <see cref="ModuleName"/>, else the command
    /// adapter when it exports <c>_start</c> and the reactor adapter otherwise.
    /// </summary>
    /// <param name="coreModule">The main core module (with or without its component-type sections).</param>
    /// <exception cref="ComponentFormatException">The module is malformed.</exception>
    public static byte[]? For(byte[] coreModule)
    {
        ComponentTypeSection.Extract(coreModule, out var stripped);
        var module = CoreModule.Read(stripped);
        if (!module.Imports.Any(i => i.Module == ModuleName)) return null;
        return module.Export("_start") is { Kind: CoreExternKind.Func } ? Command : Reactor;
    }

    // The committed binary of one adapter (scripts/build-adapters.sh; AdapterBinaryTests keeps it equal to the text).
    private static byte[] Resource(string kind)
    {
        using var stream = typeof(Adapters).Assembly.GetManifestResourceStream($"WitBindgen.Adapters.{ModuleName}.{kind}.wasm")
            ?? throw new InvalidOperationException($"the {kind} adapter is not embedded");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
