using System;
using System.Linq;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// WASI preview1 (<c>wasi_snapshot_preview1</c>) for core modules on the engine, over the same
/// <see cref="WasiContext"/> as the WASI 0.2 host (as wasmtime's p1-over-p2): args, environment, stdio,
/// preopened directories in the same sandbox, clocks and random. Guest pointers are bounds-checked: a bad one traps
/// the guest (as in wasmtime), never the host.
/// </summary>
public static class Preview1
{
    /// <summary>The import module name, <c>wasi_snapshot_preview1</c>.</summary>
    public const string ModuleName = "wasi_snapshot_preview1";

    /// <summary>Defines every <c>wasi_snapshot_preview1</c> function in <paramref name="linker"/>, over <paramref name="ctx"/>
    /// (one context per instance: the descriptor table it starts is that instance's).</summary>
    public static void AddToLinker(Linker linker, WasiContext ctx)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(ctx);
        var fds = new P1FdTable(ctx);
        var d = new P1Definer(linker);
        P1Environment.Define(d, ctx);
        P1Fd.Define(d, ctx, fds);
        P1Path.Define(d, ctx, fds);
        P1Poll.Define(d, ctx, fds);
        P1Sockets.Define(d, fds);
    }

    /// <summary>Whether <paramref name="module"/> imports anything from <c>wasi_snapshot_preview1</c>.</summary>
    public static bool Imports(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Imports.Any(i => i.Module == ModuleName);
    }

    /// <summary>
    /// Instantiates <paramref name="module"/> and calls its <c>_start</c>. Returns the exit status: 0 when
    /// <c>_start</c> returns, else the status given to <c>proc_exit</c>. Other traps propagate as
    /// <see cref="Trap"/>; stdio is flushed in every case.
    /// </summary>
    /// <exception cref="InvalidOperationException">The module exports no <c>_start</c> function.</exception>
    public static int RunCommand(Store store, Linker linker, Module module, WasiContext ctx)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            if (module.Exports.FirstOrDefault(e => e.Name == "_start") is not { Kind: ExternKind.Function })
                throw new InvalidOperationException("the module does not export a `_start` function");
            try
            {
                var instance = linker.Instantiate(store, module);
                instance.GetFunction("_start")!.Invoke();
                return 0;
            }
            catch (Trap) when (ctx.ExitCode is { } code)
            {
                return code;
            }
        }
        finally
        {
            ctx.FlushStdio();
        }
    }
}

/// <summary>A preview1 function body: the caller's memory and the arguments; returns the errno.</summary>
internal delegate P1Errno P1Body(Memory memory, ReadOnlySpan<WasmValue> args);

/// <summary>Defines preview1 functions: signature letters (<c>i</c> i32, <c>I</c> i64), the errno result and the error mapping.</summary>
internal sealed class P1Definer
{
    private readonly Linker _linker;
    public P1Definer(Linker linker) => _linker = linker;

    private static ValueKind[] Kinds(string sig) => sig.Select(c => c == 'I' ? ValueKind.I64 : ValueKind.I32).ToArray();

    /// <summary>A function returning an errno. Failures become errnos; traps (bad pointers, invalid enum values) propagate.</summary>
    public void Define(string name, string sig, P1Body body)
    {
        _linker.DefineFunction(Preview1.ModuleName, name, new FuncType(Kinds(sig), new[] { ValueKind.I32 }), (caller, args, results) =>
        {
            var memory = caller.GetMemory("memory") ?? throw new WasiTrapException("the module exports no memory named `memory`");
            Io.Poll.t_callingStore = caller.Store;
            results[0] = WasmValue.FromI32((int)Run(body, memory, args));
        });
    }

    /// <summary>A function without results (<c>proc_exit</c>).</summary>
    public void DefineVoid(string name, string sig, Action<ReadOnlySpan<WasmValue>> body) =>
        _linker.DefineFunction(Preview1.ModuleName, name, new FuncType(Kinds(sig), Array.Empty<ValueKind>()), (caller, args, results) => body(args));

    private static P1Errno Run(P1Body body, Memory memory, ReadOnlySpan<WasmValue> args)
    {
        try
        {
            return body(memory, args);
        }
        catch (Exception e) when (e is P1Exception or Filesystem.FsException or System.IO.IOException or UnauthorizedAccessException)
        {
            return P1Errors.From(e);
        }
    }
}
