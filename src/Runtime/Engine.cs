using System;

namespace WitBindgen.Runtime;

/// <summary>Shared compilation and execution settings. Create one per process (or per configuration).</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineOptions? options = null) => Options = options ?? new EngineOptions();

    /// <summary>The options.</summary>
    public EngineOptions Options { get; }
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
}
