using System;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// Adds the WASI 0.2 host to a <see cref="ComponentLinker"/>. Interfaces are defined at version 0.2.3; the linker's
/// semver rule links imports of any 0.2.x to them.
/// </summary>
public static class Wasi
{
    /// <summary>The version the interfaces are defined at.</summary>
    public const string Version = "0.2.3";

    /// <summary>Adds io, cli, clocks, random, filesystem and sockets, all over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>
    /// Adds io, cli, clocks, random, filesystem and sockets to a linker shared by many stores: each host function works
    /// over the context <paramref name="context"/> returns for the store of the instance calling it (e.g.
    /// <c>s =&gt; ((Store&lt;WasiContext&gt;)s).Data</c>; it runs on every call, so keep it cheap). The functions are
    /// defined once, as functions of the caller's context and the arguments, so the linker and a
    /// <see cref="ComponentInstancePre"/> made from it can be built once and used by every request, and neither
    /// instantiation nor a first call binds anything per store.
    /// </summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        Io.IoHost.AddToLinker(linker, context);
        Cli.CliHost.AddToLinker(linker, context);
        Clocks.ClocksHost.AddToLinker(linker, context);
        Random.RandomHost.AddToLinker(linker, context);
        Filesystem.FilesystemHost.AddToLinker(linker, context);
        Sockets.SocketsHost.AddToLinker(linker, context);
    }

    /// <summary>
    /// Instantiates <paramref name="component"/> with WASI over <paramref name="ctx"/> and runs its
    /// <c>wasi:cli/run@0.2.x#run</c> export. Returns the exit status: 0 for <c>ok</c>, 1 for <c>err</c>, or the
    /// status given to <c>wasi:cli/exit</c>. Traps propagate as <see cref="Trap"/>; stdio is flushed in every case.
    /// </summary>
    public static int RunCommand(Store store, ComponentLinker linker, Component component, WasiContext ctx)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            var instance = linker.Instantiate(store, component);
            ComponentFunction? run = null;
            foreach (var name in instance.ExportNames)
                if (name.StartsWith("wasi:cli/run@0.2.", StringComparison.Ordinal) && instance.GetFunction(name, "run") is { } f) run = f;
            if (run is null) throw new InvalidOperationException("the component does not export wasi:cli/run@0.2.x#run");
            try
            {
                var result = run.Call();
                return result is { } r && r.CaseIndex == 0 ? 0 : 1;
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

    /// <summary>The context function of the overloads that take one context: that context for every store.</summary>
    internal static Func<Store, WasiContext> Fixed(WasiContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return _ => ctx;
    }

    /// <summary>
    /// The implementation the generated typed bindings call for a store: the caller's context, whose explicit
    /// implementations of the generated interfaces are the host (WasiContext.*.cs in each package's folder).
    /// </summary>
    internal static Func<Store, WasiContext> PerStore(Func<Store, WasiContext> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return store => ContextOf(context, store);
    }

    /// <summary>The context of the instance calling a host function, found through its store (which the call's waits
    /// also wait on: <see cref="Io.Poll.t_callingStore"/>).</summary>
    internal static WasiContext ContextOf(Func<Store, WasiContext> context, Store store)
    {
        Io.Poll.t_callingStore = store;
        return context(store) ?? throw new InvalidOperationException("the store has no context for this linker's host functions");
    }
}
