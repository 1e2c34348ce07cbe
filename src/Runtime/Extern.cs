namespace WitBindgen.Runtime;

/// <summary>Something an instance can import or export: a <see cref="Function"/>, <see cref="Memory"/>,
/// <see cref="Table"/> or <see cref="Global"/>.</summary>
public abstract class Extern
{
    private protected Extern()
    {
    }
}
