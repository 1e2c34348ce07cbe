using System;

namespace WitBindgen.Runtime;

/// <summary>
/// A host function callable from wasm: reads <paramref name="args"/>, writes every result. <paramref name="caller"/>
/// gives the store, its data and the calling instance's exports (its memory, its allocator...) for the duration
/// of the call. Throw a <see cref="Trap"/> to trap the calling wasm code with that trap; any other exception
/// traps it with <see cref="TrapCode.HostError"/>, the exception kept as <see cref="Exception.InnerException"/>.
/// </summary>
public delegate void HostFunction(Caller caller, ReadOnlySpan<WasmValue> args, Span<WasmValue> results);
