using System;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>A core module (or adapter) cannot be turned into a component; the message says why.</summary>
public sealed class ComponentizeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComponentizeException(string message) : base(message) { }
}
