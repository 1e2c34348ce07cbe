using System;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A resolved WIT graph cannot be encoded (for example a type used from an interface that is not imported).</summary>
public sealed class WitEncodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WitEncodingException(string message) : base(message) { }
}
