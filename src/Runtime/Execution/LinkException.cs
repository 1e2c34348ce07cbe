using System;
using WitBindgen.CoreWasm;

namespace WitBindgen.Runtime;

/// <summary>Instantiation failed because an import is missing or has an incompatible type.
/// Messages start with the spec wording: "unknown import" or "incompatible import type".</summary>
public sealed class LinkException : WasmException
{
    /// <summary>Creates a link error.</summary>
    public LinkException(string message) : base(message)
    {
    }
}
