using System;

namespace WitBindgen.Runtime;

/// <summary>A host function callable from wasm: reads <paramref name="args"/>, writes every result.
/// Throw a <see cref="Trap"/> to trap the calling wasm code.</summary>
public delegate void HostFunction(ReadOnlySpan<WasmValue> args, Span<WasmValue> results);
