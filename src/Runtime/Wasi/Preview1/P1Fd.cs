using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Runtime.Wasi.Filesystem;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.P1Memory;

namespace WitBindgen.Runtime.Wasi;

/// <summary>Preview1 fd_* functions over the descriptor table.</summary>
internal static class P1Fd
{
    public const long RightsAll = 0x1FFFFFFF;
    public const long RightFdRead = 1 << 1, RightFdWrite = 1 << 6, RightFdReaddir = 1 << 14, RightFdDatasync = 1,
        RightFdAllocate = 1 << 8, RightFdFilestatSetSize = 1 << 22, RightPollFdReadwrite = 1 << 27;
    public const long ReadRights = RightFdRead | RightFdReaddir;
    public const long WriteRights = RightFdWrite | RightFdDatasync | RightFdAllocate | RightFdFilestatSetSize;
    public const int FdflagAppend = 1, FdflagNonblock = 4;

    public static void Define(P1Definer d, WasiContext ctx, P1FdTable fds)
    {
        d.Define("fd_prestat_get", "ii", (m, a) =>
        {
            if (fds.Get(a[0].I32) is not P1Dir { PreopenName: { } name }) throw new P1Exception(P1Errno.Badf);
            Aligned(a[1].I32, 4);
            Bytes(m, a[1].I32, 8).Clear();
            PutU32(m, a[1].I32 + 4, Encoding.UTF8.GetByteCount(name));
            return P1Errno.Success;
        });
        d.Define("fd_prestat_dir_name", "iii", (m, a) =>
        {
            if (fds.Get(a[0].I32) is not P1Dir { PreopenName: { } name }) throw new P1Exception(P1Errno.Badf);
            var bytes = Encoding.UTF8.GetBytes(name);
            if ((uint)a[2].I32 < (uint)bytes.Length) throw new P1Exception(P1Errno.NameTooLong);
            bytes.CopyTo(Bytes(m, a[1].I32, bytes.Length));
            return P1Errno.Success;
        });

        d.Define("fd_read", "iiii", (m, a) =>
        {
            var entry = fds.Get(a[0].I32);
            var iovs = Iovecs(m, a[1].I32, a[2].I32, checkBuffers: false);
            long n = entry switch
            {
                P1File f => ReadFile(m, f, iovs, null),
                P1Input input => ReadStream(m, input.Stream, iovs, ctx.Cancellation),
                _ => throw new P1Exception(P1Errno.Badf),
            };
            PutU32(m, a[3].I32, (int)n);
            return P1Errno.Success;
        });
        d.Define("fd_pread", "iiiIi", (m, a) =>
        {
            var f = fds.File(a[0].I32);
            if (a[3].I64 < 0) throw new P1Exception(P1Errno.Inval);
            PutU32(m, a[4].I32, (int)ReadFile(m, f, Iovecs(m, a[1].I32, a[2].I32, checkBuffers: false), a[3].I64));
            return P1Errno.Success;
        });
        d.Define("fd_write", "iiii", (m, a) =>
        {
            var entry = fds.Get(a[0].I32);
            var iovs = Iovecs(m, a[1].I32, a[2].I32, checkBuffers: true);
            long n = entry switch
            {
                P1File f => WriteFile(m, f, iovs, null),
                P1Output o => WriteStream(m, o.Stream, iovs),
                _ => throw new P1Exception(P1Errno.Badf),
            };
            PutU32(m, a[3].I32, (int)n);
            return P1Errno.Success;
        });
        d.Define("fd_pwrite", "iiiIi", (m, a) =>
        {
            var f = fds.File(a[0].I32);
            if (a[3].I64 < 0) throw new P1Exception(P1Errno.Inval);
            PutU32(m, a[4].I32, (int)WriteFile(m, f, Iovecs(m, a[1].I32, a[2].I32, checkBuffers: true), a[3].I64));
            return P1Errno.Success;
        });
        d.Define("fd_seek", "iIii", (m, a) =>
        {
            if (a[2].I32 is < 0 or > 2) throw InvalidEnum("whence", a[2].I32);
            var f = fds.File(a[0].I32);
            long offset = a[1].I64;
            long target = a[2].I32 switch
            {
                0 => offset,
                1 => f.Position + offset,
                _ => RandomAccess.GetLength(f.Descriptor.File!.SafeFileHandle) + offset,
            };
            if (target < 0) throw new P1Exception(P1Errno.Inval);
            PutU64(m, a[3].I32, target);
            f.Position = target;
            return P1Errno.Success;
        });
        d.Define("fd_tell", "ii", (m, a) => { PutU64(m, a[1].I32, fds.File(a[0].I32).Position); return P1Errno.Success; });
        d.Define("fd_close", "i", (m, a) => { fds.Close(a[0].I32); return P1Errno.Success; });
        d.Define("fd_renumber", "ii", (m, a) => { fds.Renumber(a[0].I32, a[1].I32); return P1Errno.Success; });

        d.Define("fd_fdstat_get", "ii", (m, a) =>
        {
            var entry = fds.Get(a[0].I32);
            var (flags, rightsBase, inheriting) = entry switch
            {
                P1File f => ((f.Append ? FdflagAppend : 0),
                    RightsAll & ~(f.Descriptor.CanRead ? 0 : ReadRights) & ~(f.Descriptor.CanWrite ? 0 : WriteRights), 0L),
                P1Dir => (0, RightsAll, RightsAll),
                P1Input => (0, RightFdRead | RightPollFdReadwrite, 0L),
                _ => (0, RightFdWrite | RightPollFdReadwrite, 0L),
            };
            Aligned(a[1].I32, 8);
            var span = Bytes(m, a[1].I32, 24);
            span.Clear();
            span[0] = entry.FileType;
            m.Write((uint)a[1].I32 + 2, (ushort)flags);
            PutU64(m, a[1].I32 + 8, rightsBase);
            PutU64(m, a[1].I32 + 16, inheriting);
            return P1Errno.Success;
        });
        d.Define("fd_fdstat_set_flags", "ii", (m, a) =>
        {
            // Only files' append flag can change (badf for other descriptors, inval for other flags), as in wasmtime.
            if (fds.Get(a[0].I32) is not P1File f) throw new P1Exception(P1Errno.Badf);
            int flags = a[1].I32;
            if ((flags & ~FdflagAppend) != 0) throw new P1Exception(P1Errno.Inval);
            f.Append = (flags & FdflagAppend) != 0;
            return P1Errno.Success;
        });
        d.Define("fd_fdstat_set_rights", "iII", (m, a) => { fds.Get(a[0].I32); return P1Errno.NotSup; });
        d.Define("fd_filestat_get", "ii", (m, a) =>
        {
            var entry = fds.Get(a[0].I32);
            FileSystemInfo? info = entry switch
            {
                P1File f => new FileInfo(f.Descriptor.HostPath),
                P1Dir dir => new DirectoryInfo(dir.Descriptor.HostPath),
                _ => null,
            };
            if (info is null)
            {
                Aligned(a[1].I32, 8);
                var span = Bytes(m, a[1].I32, 64);
                span.Clear();
                span[16] = entry.FileType;
            }
            else WriteFilestat(m, a[1].I32, info);
            return P1Errno.Success;
        });
        d.Define("fd_filestat_set_size", "iI", (m, a) =>
        {
            if (fds.Get(a[0].I32) is not P1File f) throw new P1Exception(P1Errno.Badf);
            if (a[1].I64 < 0) throw new P1Exception(P1Errno.Inval);
            FilesystemHost.WritableFile(f.Descriptor).SetLength(a[1].I64);
            return P1Errno.Success;
        });
        d.Define("fd_filestat_set_times", "iIIi", (m, a) =>
        {
            var desc = fds.Get(a[0].I32) switch
            {
                P1File f => f.Descriptor,
                P1Dir dir => dir.Descriptor,
                _ => throw new P1Exception(P1Errno.Badf),
            };
            if (desc.ReadOnly) throw FilesystemHost.ReadOnlyDenied();
            SetTimes(ctx, desc.HostPath, a[1].I64, a[2].I64, a[3].I32);
            return P1Errno.Success;
        });
        d.Define("fd_sync", "i", (m, a) => Sync(fds, a[0].I32));
        d.Define("fd_datasync", "i", (m, a) => Sync(fds, a[0].I32));
        d.Define("fd_advise", "iIIi", (m, a) =>
        {
            if (a[3].I32 is < 0 or > 5) throw InvalidEnum("advice", a[3].I32);
            fds.File(a[0].I32);
            if (a[1].I64 < 0 || a[2].I64 < 0) throw new P1Exception(P1Errno.Inval);
            return P1Errno.Success;
        });
        // WASI 0.2 has no allocate: wasmtime's p1-over-p2 answers notsup too.
        d.Define("fd_allocate", "iII", (m, a) => { fds.File(a[0].I32); return P1Errno.NotSup; });
        d.Define("fd_readdir", "iiiIi", (m, a) =>
        {
            var dir = fds.Dir(a[0].I32);
            int buf = a[1].I32, len = a[2].I32;
            if (len < 0) throw new P1Exception(P1Errno.Inval);
            ulong cookie = (ulong)a[3].I64;
            var output = Bytes(m, buf, len);
            int used = 0;
            var entries = Entries(dir);
            for (ulong i = cookie; i < (ulong)entries.Count && used < len; i++)
            {
                var (name, type, ino) = entries[(int)i];
                var nameBytes = Encoding.UTF8.GetBytes(name);
                var record = new byte[24 + nameBytes.Length];
                BitConverter.TryWriteBytes(record.AsSpan(0), i + 1);
                BitConverter.TryWriteBytes(record.AsSpan(8), ino);
                BitConverter.TryWriteBytes(record.AsSpan(16), nameBytes.Length);
                record[20] = type;
                nameBytes.CopyTo(record, 24);
                int n = Math.Min(record.Length, len - used);
                record.AsSpan(0, n).CopyTo(output.Slice(used));
                used += n;
            }
            PutU32(m, a[4].I32, used);
            return P1Errno.Success;
        });
    }

    private static P1Errno Sync(P1FdTable fds, int fd)
    {
        switch (fds.Get(fd))
        {
            case P1File f: f.Descriptor.File!.Flush(true); return P1Errno.Success;
            case P1Dir: return P1Errno.Success;
            default: return P1Errno.Inval;
        }
    }

    /// <summary>"." and "..", then the directory's entries sorted by name: (name, filetype, inode).</summary>
    private static List<(string Name, byte Type, ulong Ino)> Entries(Descriptor dir)
    {
        var list = new List<(string, byte, ulong)>
        {
            (".", 3, Inode(dir.HostPath)),
            ("..", 3, Inode(Path.GetDirectoryName(dir.HostPath.TrimEnd(Path.DirectorySeparatorChar)) ?? dir.HostPath)),
        };
        foreach (var info in new DirectoryInfo(dir.HostPath).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
            list.Add((info.Name, FileType(Sandbox.TypeOf(info)), Inode(info.FullName)));
        return list;
    }

    /// <summary>The preview1 filetype of a WASI 0.2 descriptor-type.</summary>
    public static byte FileType(int descriptorType) => descriptorType switch { 3 => 3, 5 => 7, 6 => 4, 2 => 2, 1 => 1, _ => 0 };

    /// <summary>A stable non-zero number standing for the object a host path names (the host gives no inode numbers).</summary>
    public static ulong Inode(string host)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(FilesystemHost.Identity(host)));
        return BitConverter.ToUInt64(bytes, 0) | 1;
    }

    private static ulong Nanos(DateTime utc)
    {
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        return ticks < 0 ? 0 : (ulong)ticks * 100;
    }

    /// <summary>Writes a 64-byte <c>filestat</c> of <paramref name="info"/>.</summary>
    public static void WriteFilestat(Memory m, int ptr, FileSystemInfo info)
    {
        Aligned(ptr, 8);
        var span = Bytes(m, ptr, 64);
        int type = Sandbox.TypeOf(info);
        ulong size = info is FileInfo f && type == 6 ? (ulong)f.Length : type == 5 ? (ulong)(info.LinkTarget?.Length ?? 0) : 4096;
        span.Clear();
        BitConverter.TryWriteBytes(span.Slice(8), Inode(info.FullName));
        span[16] = FileType(type);
        BitConverter.TryWriteBytes(span.Slice(24), 1UL);
        BitConverter.TryWriteBytes(span.Slice(32), size);
        BitConverter.TryWriteBytes(span.Slice(40), Nanos(info.LastAccessTimeUtc));
        BitConverter.TryWriteBytes(span.Slice(48), Nanos(info.LastWriteTimeUtc));
        BitConverter.TryWriteBytes(span.Slice(56), Nanos(info.LastWriteTimeUtc));
    }

    /// <summary>Sets access/modification times per <c>fstflags</c> (atim 1, atim_now 2, mtim 4, mtim_now 8).</summary>
    public static void SetTimes(WasiContext ctx, string host, long atim, long mtim, int fst)
    {
        if ((fst & 3) == 3 || (fst & 12) == 12 || (fst & ~15) != 0) throw new P1Exception(P1Errno.Inval);
        DateTime At(long ns) => DateTime.UnixEpoch.AddTicks((long)((ulong)ns / 100));
        DateTime Now()
        {
            var (s, ns) = ctx.WallClock.Now();
            return DateTime.UnixEpoch.AddTicks((long)s * TimeSpan.TicksPerSecond + ns / 100);
        }
        if ((fst & 1) != 0) File.SetLastAccessTimeUtc(host, At(atim));
        if ((fst & 2) != 0) File.SetLastAccessTimeUtc(host, Now());
        if ((fst & 4) != 0) File.SetLastWriteTimeUtc(host, At(mtim));
        if ((fst & 8) != 0) File.SetLastWriteTimeUtc(host, Now());
    }

    private static long ReadFile(Memory m, P1File f, List<(int Ptr, int Len)> iovs, long? at)
    {
        var file = FilesystemHost.ReadableFile(f.Descriptor);
        long pos = at ?? f.Position, total = 0;
        foreach (var iov in iovs)
        {
            if (iov.Len == 0) continue;
            var buffer = new byte[Math.Min((uint)iov.Len, 1u << 20)];
            int n = RandomAccess.Read(file.SafeFileHandle, buffer, pos);
            if (n > 0) buffer.AsSpan(0, n).CopyTo(Bytes(m, iov.Ptr, n));
            pos += n;
            total += n;
            if (n < iov.Len) break;
        }
        if (at is null) f.Position = pos;
        return total;
    }

    private static long WriteFile(Memory m, P1File f, List<(int Ptr, int Len)> iovs, long? at)
    {
        var file = FilesystemHost.WritableFile(f.Descriptor);
        long pos = at ?? (f.Append ? RandomAccess.GetLength(file.SafeFileHandle) : f.Position), total = 0;
        foreach (var iov in iovs)
        {
            RandomAccess.Write(file.SafeFileHandle, Span(m, iov), pos);
            pos += iov.Len;
            total += iov.Len;
        }
        if (at is null) f.Position = pos;
        return total;
    }

    /// <summary>A blocking read: waits until the stream has data or ended, then fills the first non-empty buffer.</summary>
    private static long ReadStream(Memory m, WasiInputStream stream, List<(int Ptr, int Len)> iovs, System.Threading.CancellationToken cancel)
    {
        foreach (var iov in iovs)
        {
            if (iov.Len == 0) continue;
            while (true)
            {
                stream.WaitReady(cancel);
                var status = stream.Read(iov.Len, out var data, out _);
                if (status == StreamStatus.Failed) throw new P1Exception(P1Errno.Io);
                if (status == StreamStatus.Closed) return 0;
                if (data.Length == 0) continue;
                data.CopyTo(Bytes(m, iov.Ptr, data.Length));
                return data.Length;
            }
        }
        return 0;
    }

    private static long WriteStream(Memory m, WasiOutputStream stream, List<(int Ptr, int Len)> iovs)
    {
        long total = 0;
        foreach (var iov in iovs)
        {
            var span = Span(m, iov);
            for (int at = 0; at < span.Length; at += WasiOutputStream.WriteBudget)
            {
                if (stream.Write(span.Slice(at, Math.Min(WasiOutputStream.WriteBudget, span.Length - at)), out _) != StreamStatus.Ok)
                    throw new P1Exception(P1Errno.Io);
            }
            total += span.Length;
        }
        return total;
    }
}
