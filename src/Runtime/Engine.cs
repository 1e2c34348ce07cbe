using System;

namespace WitBindgen.Runtime;

/// <summary>Shared compilation and execution settings. Create one per process (or per configuration).</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineOptions? options = null)
    {
        Options = options ?? new EngineOptions();
        if (Options.MemoryPoolSize > 0) Memories = new Execution.MemoryPool(Options.MemoryPoolSize);
    }

    /// <summary>The options.</summary>
    public EngineOptions Options { get; }

    /// <summary>Modules compiled by this engine, by content hash (<see cref="Module.FromBytes"/> reuses them).</summary>
    internal Compilation.ModuleCache Modules { get; } = new();

    /// <summary>Freed linear memories kept for reuse (<see cref="EngineOptions.MemoryPoolSize"/>), or null.</summary>
    internal Execution.MemoryPool? Memories { get; }
}

/// <summary>Engine settings.</summary>
public sealed class EngineOptions
{
    /// <summary>The maximum wasm call depth before trapping with "call stack exhausted" (the native stack is
    /// checked as well, so this is an upper bound).</summary>
    public int MaxCallDepth { get; init; } = 50_000;

    /// <summary>Whether compiled code meters fuel (see <see cref="Store.Fuel"/>): a counter decrement at every loop
    /// header and call. Off by default: loops then only poll an interrupt flag (deadlines, <see cref="Store.Interrupt"/>).</summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>
    /// Whether <see cref="Module.FromBytes"/> also has RyuJIT produce the fully optimized machine code of every function,
    /// in parallel on the thread pool, before it returns (as Wasmtime compiles up front). Off by default: each function
    /// then first runs a body compiled without optimization on its first call, on the calling thread, and switches to
    /// its fully optimized body once it is hot (after 32 calls or about 2,000 loop iterations; a long loop switches
    /// mid-call), so a module starts sooner.
    /// </summary>
    public bool EagerCompilation { get; init; }

    /// <summary>
    /// Whether the code of modules is tiered as ordinary .NET code: quickly compiled first, hot functions recompiled
    /// fully optimized in the background (loops switch over mid-run). Makes the first call of every function much
    /// cheaper; the price is that compiled modules are never unloaded (their code lives in a non-collectible
    /// assembly until the process ends) and code called only a few times runs unoptimized. Off by default: the engine
    /// tiers the code itself (see <see cref="EagerCompilation"/>), and a module's code is collected with it.
    /// </summary>
    public bool TieredCompilation { get; init; }

    /// <summary>
    /// How many linear memories of disposed stores the engine keeps for the next memories it makes (Linux; default 32; 0:
    /// none, each is unmapped when its store is disposed). Mapping a fresh address range and unmapping it costs more than
    /// the rest of instantiating a small component, so hosts that make and dispose a store per unit of work gain most
    /// (<c>wit-bindgen serve</c> keeps one per concurrent request). A kept memory is reset first (every byte reads as zero
    /// again; the first 64 KiB are zeroed in place and stay resident, the rest is decommitted), belongs to one memory at
    /// a time, and handles to the disposed store's memory read as empty. Only <see cref="Store.Dispose"/> returns
    /// memories; those of stores left to the GC are unmapped by finalizers.
    /// </summary>
    public int MemoryPoolSize { get; init; } = 32;
}
