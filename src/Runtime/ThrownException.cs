using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime;

/// <summary>
/// A WebAssembly exception (exception handling): a <see cref="Runtime.Tag"/> and its payload. Wasm code throws
/// it with <c>throw</c>; a call that lets it escape throws it to the host. A host function may throw one for
/// wasm to catch by tag. The same object is wasm's <c>exnref</c> to the exception. Traps are not exceptions:
/// wasm never catches a <see cref="Trap"/> or any other .NET exception.
/// </summary>
public sealed class ThrownException : WasmException
{
    /// <summary>Creates an exception of <paramref name="tag"/> carrying <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentException">The payload does not match the tag's type.</exception>
    public ThrownException(Tag tag, params WasmValue[] payload) : base("wasm exception thrown")
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(payload);
        var types = tag.CoreType.Params;
        if (payload.Length != types.Length) throw new ArgumentException($"the tag's payload has {types.Length} values, got {payload.Length}", nameof(payload));
        var values = new object?[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            if (!Global.Fits(payload[i], types[i]) && !(payload[i].Type == 0 && types[i].IsNullable()))
                throw new ArgumentException($"payload value {i} does not fit {types[i].Name()}", nameof(payload));
            values[i] = ExceptionHelpers.Box(payload[i], types[i]);
        }
        Tag = tag;
        Values = values;
    }

    internal ThrownException(Tag tag, object?[] values) : base("wasm exception thrown")
    {
        Tag = tag;
        Values = values;
    }

    /// <summary>The exception's tag.</summary>
    public Tag Tag { get; }

    /// <summary>The payload, typed by the tag's parameters.</summary>
    public IReadOnlyList<WasmValue> Payload
    {
        get
        {
            var types = Tag.CoreType.Params;
            var payload = new WasmValue[Values.Length];
            for (var i = 0; i < payload.Length; i++) payload[i] = ExceptionHelpers.Unbox(Values[i], types[i]);
            return payload;
        }
    }

    /// <summary>The payload as compiled code holds it: each value boxed (references as they are).</summary>
    internal object?[] Values { get; }
}
