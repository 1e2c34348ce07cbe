using System;

namespace WitBindgen.Runtime.Wasi;

/// <summary>A WASI host failure that traps the guest (a limit or a bad argument; bad handles are <see cref="Components.ResourceTableException"/>).</summary>
public sealed class WasiTrapException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WasiTrapException(string message) : base(message) { }
}

/// <summary>Thrown by <c>wasi:cli/exit</c> to unwind the guest; the status is also in <see cref="WasiContext.ExitCode"/>.</summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WasiExitException(int code) : base($"guest exited with status {code}") => Code = code;

    /// <summary>The exit status.</summary>
    public int Code { get; }
}
