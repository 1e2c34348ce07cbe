namespace WitBindgen.Bindings.Abi;

/// <summary>
/// The exported objects of one resource type by rep, and the bookkeeping the generated glue needs
/// around the <c>[resource-new]</c>, <c>[resource-rep]</c> and <c>[resource-drop]</c> intrinsics.
/// </summary>
public sealed class ExportedResourceTable<T> where T : ExportedResource
{
    private readonly RepTable<T> _reps = new();
    private int _keepAlive;

    /// <summary>The rep of <paramref name="value"/>, entering it into the table on its first export.</summary>
    public int RepOf(T value)
    {
        if (value.Rep == 0) value.Rep = _reps.Add(value);
        return value.Rep;
    }

    /// <summary>The object for a rep (a lent <c>borrow</c> of a local resource is its rep).</summary>
    public T Get(int rep) => _reps.Get(rep);

    /// <summary>
    /// Starts taking back the object behind an owned handle the caller passed in: the caller drops the
    /// handle next, and the destructor that drop runs keeps the object alive, so it is plain C# again
    /// and gets a new handle if it is ever returned. Call <see cref="EndTakeBack"/> after the drop.
    /// </summary>
    public T BeginTakeBack(int rep)
    {
        var value = _reps.Get(rep);
        _keepAlive = rep;
        return value;
    }

    /// <summary>Ends what <see cref="BeginTakeBack"/> started.</summary>
    public void EndTakeBack() => _keepAlive = 0;

    /// <summary>The resource's destructor: forgets the rep and disposes the object unless it is being taken back.</summary>
    public void Destroy(int rep)
    {
        var value = _reps.Remove(rep);
        value.Rep = 0;
        if (rep != _keepAlive) value.Dispose();
    }
}
