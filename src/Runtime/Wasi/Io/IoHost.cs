using System;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Error;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary><c>wasi:io</c>: error, poll and streams.</summary>
public static class IoHost
{
    /// <summary>Defines <c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c> over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines <c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c>, each over the context
    /// <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings. The resources are the host's classes deriving from the generated ones
        // (IoError, Pollable, WasiInputStream, WasiOutputStream); poll is the caller's context (WasiContext.Io.cs).
        var host = PerStore(context);
        ErrorImports.AddToLinker(linker, host);
        PollImports.AddToLinker(linker, host);
        StreamsImports.AddToLinker(linker, host);
    }
}
