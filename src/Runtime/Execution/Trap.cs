using System;
using WitBindgen.CoreWasm;
using System.Collections.Generic;

namespace WitBindgen.Runtime;

/// <summary>A WebAssembly trap: execution stopped with a <see cref="TrapCode"/>.</summary>
public sealed class Trap : WasmException
{
    private IReadOnlyList<string> _backtrace = Array.Empty<string>();

    /// <summary>Creates a trap with the spec message of <paramref name="code"/>.</summary>
    public Trap(TrapCode code) : base(code.Message()) => Code = code;

    /// <summary>Creates a trap with a custom message (host errors).</summary>
    public Trap(TrapCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>The trap reason.</summary>
    public TrapCode Code { get; }

    /// <summary>The wasm functions on the stack when the trap happened, innermost first
    /// (names from the name section, else <c>func[index]</c>). Inlined frames may be missing.</summary>
    public IReadOnlyList<string> WasmBacktrace => _backtrace;

    internal bool HasBacktrace { get; private set; }

    internal void SetBacktrace(IReadOnlyList<string> frames)
    {
        _backtrace = frames;
        HasBacktrace = true;
    }
}
