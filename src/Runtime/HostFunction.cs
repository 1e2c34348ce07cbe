using System;

namespace WitBindgen.Runtime;

/// <summary>
/// A host function callable from wasm: reads <paramref name="args"/>, writes every result. <paramref name="caller"/>
/// gives the store, its data and the calling instance's exports (its memory, its allocator...) for the duration
/// of the call. Throw a <see cref="Trap"/> to trap the calling wasm code with that trap; any other exception
/// traps it with <see cref="TrapCode.HostError"/>, the exception kept as <see cref="Exception.InnerException"/>.
/// </summary>
public delegate void HostFunction(Caller caller, ReadOnlySpan<WasmValue> args, Span<WasmValue> results);

/// <summary>
/// A host function over flat slots (i32 and f32 as their 32 bits zero-extended, i64 and f64 as their 64 bits), called
/// from wasm without <see cref="WasmValue"/> arrays: returns the bits of its one result (0 when it has none). Used by the
/// component runtime for lowered imports. A class rather than a delegate: the object that holds a lowered import's
/// state is the callback itself (no closure and delegate per lowered function of every instance).
/// </summary>
internal abstract class FlatHostFunction
{
    /// <summary>Called with the flat arguments; returns the result's bits.</summary>
    public abstract ulong Call(ReadOnlySpan<ulong> args);
}
