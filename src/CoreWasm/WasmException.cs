using System;

namespace WitBindgen.CoreWasm;

/// <summary>
/// The base of every error the WebAssembly stages report: a malformed binary (decode), an invalid module
/// (validation), a failed link and a trap all derive from it, so a caller that only needs to know that
/// "the wasm did not work" catches this one type.
/// </summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    protected WasmException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    protected WasmException(string message, Exception? inner) : base(message, inner)
    {
    }
}
