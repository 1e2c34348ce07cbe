using System.Collections.Generic;

namespace WitBindgen.Bindings.Abi;

/// <summary>A borrowed handle that must be given back (<c>[resource-drop]</c>) before the export that received it returns.</summary>
public interface IBorrowedHandle
{
    /// <summary>Ends the borrow.</summary>
    void ReleaseBorrow();
}

/// <summary>
/// Borrowed handles of imported resources lifted for one export call. The canonical ABI traps when an
/// export returns while such borrows are still held, so the export glue releases them on the way out.
/// </summary>
public static class BorrowScope
{
    private static readonly List<IBorrowedHandle> Held = new();

    /// <summary>Records a lifted borrow; returns it.</summary>
    public static T Add<T>(T handle) where T : IBorrowedHandle
    {
        Held.Add(handle);
        return handle;
    }

    /// <summary>A mark for <see cref="ReleaseTo"/>.</summary>
    public static int Mark() => Held.Count;

    /// <summary>Releases the borrows recorded since <paramref name="mark"/>.</summary>
    public static void ReleaseTo(int mark)
    {
        for (int i = Held.Count - 1; i >= mark; i--) Held[i].ReleaseBorrow();
        Held.RemoveRange(mark, Held.Count - mark);
    }
}
