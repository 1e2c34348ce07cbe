using System;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// The project's own <c>wasi_snapshot_preview1</c> adapters, which implement the preview1 functions a core module
/// imports (as wasi-libc's programs do) with WASI 0.2.3 imports. They are written in WebAssembly text
/// (<c>Adapters/*.wat</c>, with their world in <c>Adapters/preview1.wit</c>), embedded in this assembly and
/// assembled with the project's own assembler on first use; nothing is downloaded. Pass one to
/// <see cref="Componentizer.Create"/> under <see cref="ModuleName"/>.
/// </summary>
public static class Adapters
{
    /// <summary>The core import module name the adapters implement.</summary>
    public const string ModuleName = "wasi_snapshot_preview1";

    private static readonly string[] CommonParts = { "state", "cli", "fd", "path", "unsupported" };
    private static readonly Lazy<WitLoadResult> World = new(() => WitLoader.LoadText("preview1.wit", Resource("preview1.wit")));
    private static readonly Lazy<byte[]> CommandModule = new(() => Build(command: true));
    private static readonly Lazy<byte[]> ReactorModule = new(() => Build(command: false));

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

    // The adapter's WebAssembly text as assembled: the pieces joined into one module (imports before definitions).
    internal static string Text(bool command)
    {
        var text = new StringBuilder("(module $wasi_snapshot_preview1\n");
        text.Append(Resource("imports.wat"));
        if (command) text.Append(Resource("command.wat"));
        foreach (var part in CommonParts) text.Append(Resource(part + ".wat"));
        return text.Append(")\n").ToString();
    }

    private static byte[] Build(bool command)
    {
        var core = WatAssembler.Assemble(Text(command), command ? "wasi_snapshot_preview1.command.wat" : "wasi_snapshot_preview1.reactor.wat");
        var load = World.Value;
        if (!load.Success)
            throw new InvalidOperationException("the adapters' WIT does not resolve: " + string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        int world = load.Resolve!.SelectWorld(load.RootPackage, command ? "command" : "reactor", out var problem);
        if (world < 0) throw new InvalidOperationException("the adapters' WIT has no world: " + problem?.Message);
        return ComponentTypeSection.Embed(core, load.Resolve, world, StringEncoding.Utf8);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(Adapters).Assembly.GetManifestResourceStream("WitBindgen.Adapters." + name)
            ?? throw new InvalidOperationException($"adapter source {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
