using System;

namespace WitBindgen.Bindings.Abi;

/// <summary>
/// Base of the generated class of every exported WIT resource. The user's class derives from the
/// generated class; <see cref="Dispose"/> runs when the last handle to the object is dropped.
/// </summary>
public abstract class ExportedResource : IDisposable
{
    // The canonical ABI "rep": this object's index in its ExportedResourceTable, 0 while it has no
    // handle. Internal to the support library, so user code can neither see nor corrupt it.
    internal int Rep;

    /// <summary>Called when the last handle to this resource is dropped.</summary>
    public virtual void Dispose() { }
}
