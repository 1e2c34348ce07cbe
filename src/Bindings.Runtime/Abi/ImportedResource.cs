using System;

namespace WitBindgen.Bindings.Abi;

/// <summary>
/// Base of the generated class of every imported WIT resource: holds the handle and whether it is
/// owned (<c>own&lt;R&gt;</c>) or lent (<c>borrow&lt;R&gt;</c>), and drops it exactly once.
/// </summary>
/// <remarks>
/// The generated class lives in the user's assembly, so the members it needs are <c>protected</c>: a
/// protected member can only be reached through an instance of the deriving class, and the generated
/// classes are sealed, so user code can read, move or attach no handle but its own. The generated class
/// re-exposes <see cref="CurrentHandle"/> and <see cref="MoveHandle"/> as <c>internal</c> members
/// for the rest of the generated glue.
/// </remarks>
public abstract class ImportedResource : IDisposable, IBorrowedHandle
{
    private int _handle;
    private readonly bool _owned;

    /// <summary>Wraps <paramref name="handle"/> (0 for a constructor that attaches it later).</summary>
    protected ImportedResource(int handle, bool owned)
    {
        _handle = handle;
        _owned = owned;
    }

    /// <summary>The handle in the component's handle table; throws once disposed or moved.</summary>
    protected int CurrentHandle => _handle != 0 ? _handle : throw new ObjectDisposedException(GetType().Name);

    /// <summary>Moves ownership of the handle out (passing an <c>own</c> handle to the other side).</summary>
    protected int MoveHandle()
    {
        int h = CurrentHandle;
        _handle = 0;
        return h;
    }

    /// <summary>Stores the handle a WIT <c>[constructor]</c> returned; only once, on an empty object.</summary>
    protected void AttachHandle(int handle)
    {
        if (_handle != 0) throw new InvalidOperationException("The resource already holds a handle.");
        _handle = handle;
    }

    /// <summary>Calls <c>[resource-drop]</c> for <paramref name="handle"/>.</summary>
    protected abstract void ResourceDrop(int handle);

    /// <summary>Drops the handle (owned handles only; borrowed ones are released by the caller).</summary>
    public void Dispose()
    {
        int h = _handle;
        _handle = 0;
        if (h != 0 && _owned) ResourceDrop(h);
    }

    /// <summary>Gives a borrowed handle back when the export that received it returns.</summary>
    void IBorrowedHandle.ReleaseBorrow()
    {
        int h = _handle;
        _handle = 0;
        if (h != 0 && !_owned) ResourceDrop(h);
    }
}
