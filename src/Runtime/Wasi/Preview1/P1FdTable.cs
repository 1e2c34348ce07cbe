using System.Collections.Generic;
using WitBindgen.Runtime.Wasi.Filesystem;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi;

/// <summary>What a preview1 file descriptor refers to.</summary>
internal abstract class P1Entry
{
    /// <summary>The preview1 filetype (0 unknown, 3 directory, 4 regular file).</summary>
    public abstract byte FileType { get; }
    public virtual void Close() { }
}

/// <summary>stdin: the context's input stream.</summary>
internal sealed class P1Input : P1Entry
{
    public P1Input(WasiInputStream stream) => Stream = stream;
    public WasiInputStream Stream { get; }
    // No terminals: stdio is of unknown type (wasmtime reports a character device only for a tty).
    public override byte FileType => 0;
}

/// <summary>stdout or stderr: the context's output stream.</summary>
internal sealed class P1Output : P1Entry
{
    public P1Output(WasiOutputStream stream) => Stream = stream;
    public WasiOutputStream Stream { get; }
    public override byte FileType => 0;
}

/// <summary>An open regular file, with the descriptor's own position and append flag.</summary>
internal sealed class P1File : P1Entry
{
    public P1File(Descriptor descriptor, bool append) { Descriptor = descriptor; Append = append; }
    public Descriptor Descriptor { get; }
    public long Position { get; set; }
    public bool Append { get; set; }
    public override byte FileType => 4;
    public override void Close() => Descriptor.Dispose();
}

/// <summary>An open directory (a preopen has its guest name).</summary>
internal sealed class P1Dir : P1Entry
{
    public P1Dir(Descriptor descriptor, string? preopenName) { Descriptor = descriptor; PreopenName = preopenName; }
    public Descriptor Descriptor { get; }
    public string? PreopenName { get; }
    public override byte FileType => 3;
}

/// <summary>
/// The preview1 descriptor table of one instance: 0-2 are stdio, the preopens follow from 3, new descriptors take
/// the lowest free number. Holds at most the context's handle limit.
/// </summary>
internal sealed class P1FdTable
{
    private readonly Dictionary<int, P1Entry> _entries = new();
    private readonly int _capacity;

    public P1FdTable(WasiContext ctx)
    {
        _capacity = ctx.Table.Capacity;
        _entries[0] = new P1Input(ctx.Stdin);
        _entries[1] = new P1Output(ctx.Stdout);
        _entries[2] = new P1Output(ctx.Stderr);
        int fd = 3;
        foreach (var p in ctx.Preopens) _entries[fd++] = new P1Dir(new Descriptor(ctx, p.HostPath, p.ReadOnly), p.GuestPath);
    }

    /// <summary>The entry of <paramref name="fd"/>, or badf.</summary>
    public P1Entry Get(int fd) => _entries.TryGetValue(fd, out var e) ? e : throw new P1Exception(P1Errno.Badf);

    public bool Contains(int fd) => _entries.ContainsKey(fd);

    /// <summary>The file of <paramref name="fd"/>: badf when closed or a directory, spipe for stdio (as wasmtime).</summary>
    public P1File File(int fd) => Get(fd) switch
    {
        P1File f => f,
        P1Dir => throw new P1Exception(P1Errno.Badf),
        _ => throw new P1Exception(P1Errno.Spipe),
    };

    /// <summary>The directory of <paramref name="fd"/>: notdir for a file, badf when closed or stdio (as wasmtime).</summary>
    public Descriptor Dir(int fd) => Get(fd) switch
    {
        P1Dir d => d.Descriptor,
        P1File => throw new P1Exception(P1Errno.NotDir),
        _ => throw new P1Exception(P1Errno.Badf),
    };

    /// <summary>Adds an entry at the lowest free number (mfile when the table is full).</summary>
    public int Add(P1Entry entry)
    {
        if (_entries.Count >= _capacity) throw new P1Exception(P1Errno.Mfile);
        int fd = 0;
        while (_entries.ContainsKey(fd)) fd++;
        _entries[fd] = entry;
        return fd;
    }

    public void Close(int fd)
    {
        var e = Get(fd);
        _entries.Remove(fd);
        e.Close();
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, closing what <paramref name="to"/> held (both must be open).</summary>
    public void Renumber(int from, int to)
    {
        var e = Get(from);
        var old = Get(to);
        if (from == to) return;
        _entries.Remove(from);
        _entries[to] = e;
        old.Close();
    }
}
