using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Filesystem;

/// <summary><c>wasi:filesystem</c>: types and preopens, sandboxed to the context's preopened directories.</summary>
public static class FilesystemHost
{
    private const uint FlagRead = 1, FlagWrite = 2, FlagMutate = 32;
    private const uint OpenCreate = 1, OpenDirectory = 2, OpenExclusive = 4, OpenTruncate = 8;

    private sealed class EntryStream
    {
        public readonly Queue<(int Type, string Name)> Entries = new();
    }

    /// <summary>Defines <c>wasi:filesystem/types</c> and <c>wasi:filesystem/preopens</c> over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines <c>wasi:filesystem/types</c> and <c>wasi:filesystem/preopens</c>, each over the context
    /// <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        var pre = new HostInstance(linker, "wasi:filesystem/preopens", context);
        pre.Fn("get-directories", static (c, _) => ComponentValue.List(c.Preopens
            .Select(p => ComponentValue.Tuple(ComponentValue.Own(c.Table.Push(new Descriptor(p.HostPath, p.ReadOnly))), ComponentValue.String(p.GuestPath))).ToArray()));

        var ty = new HostInstance(linker, "wasi:filesystem/types", context);
        ty.Resource("descriptor");
        ty.Resource("directory-entry-stream");
        void M(string name, Func<WasiContext, ComponentValue[], ComponentValue?> f) => ty.Fn("[method]descriptor." + name, (c, a) => Try(f, c, a));

        ty.Fn("filesystem-error-code", static (c, a) => c.Table.Get<IoError>(a[0].HandleValue).FilesystemCode is { } code ? ComponentValue.Some(ComponentValue.Enum(code)) : ComponentValue.None);

        M("read-via-stream", static (c, a) => ComponentValue.Own(c.Table.Push(new FileInputStream(ReadableFile(D(c, a[0])), (long)a[1].AsUInt64(), c.Cancellation))));
        M("write-via-stream", static (c, a) => ComponentValue.Own(c.Table.Push(new FileOutputStream(WritableFile(D(c, a[0])), (long)a[1].AsUInt64(), false, c.Cancellation))));
        M("append-via-stream", static (c, a) => ComponentValue.Own(c.Table.Push(new FileOutputStream(WritableFile(D(c, a[0])), 0, true, c.Cancellation))));
        M("advise", static (c, a) => { D(c, a[0]); return null; });
        M("sync-data", static (c, a) => { var d = D(c, a[0]); d.File?.Flush(true); return null; });
        M("sync", static (c, a) => { var d = D(c, a[0]); d.File?.Flush(true); return null; });
        M("get-flags", static (c, a) =>
        {
            var d = D(c, a[0]);
            uint f = d.IsDirectory ? FlagRead | (d.ReadOnly ? 0 : FlagMutate) : (d.CanRead ? FlagRead : 0) | (d.CanWrite ? FlagWrite : 0);
            return ComponentValue.Flags(f);
        });
        M("get-type", static (c, a) => ComponentValue.Enum(D(c, a[0]).IsDirectory ? 3 : 6));
        M("set-size", static (c, a) => { WritableFile(D(c, a[0])).SetLength((long)a[1].AsUInt64()); return null; });
        M("set-times", static (c, a) =>
        {
            var d = D(c, a[0]);
            if (d.ReadOnly) throw ReadOnlyDenied();
            SetTimes(d.HostPath, a[1], a[2], c);
            return null;
        });
        M("read", static (c, a) =>
        {
            var file = ReadableFile(D(c, a[0]));
            var buffer = new byte[(int)Math.Min(a[1].AsUInt64(), 1 << 20)];
            int n = RandomAccess.Read(file.SafeFileHandle, buffer, (long)a[2].AsUInt64());
            return ComponentValue.Tuple(ByteList(buffer.AsSpan(0, n)), ComponentValue.Bool(n == 0 && buffer.Length > 0 || (long)a[2].AsUInt64() + n >= file.Length));
        });
        M("write", static (c, a) =>
        {
            var file = WritableFile(D(c, a[0]));
            var bytes = Bytes(a[1]);
            RandomAccess.Write(file.SafeFileHandle, bytes, (long)a[2].AsUInt64());
            return ComponentValue.U64((ulong)bytes.Length);
        });
        M("read-directory", static (c, a) =>
        {
            var d = D(c, a[0]);
            if (!d.IsDirectory) throw new FsException(FsError.NotDirectory, "not a directory");
            var stream = new EntryStream();
            foreach (var info in new DirectoryInfo(d.HostPath).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
                stream.Entries.Enqueue((Sandbox.TypeOf(info), info.Name));
            return ComponentValue.Own(c.Table.Push(stream));
        });
        ty.Fn("[method]directory-entry-stream.read-directory-entry", static (c, a) =>
        {
            var s = c.Table.Get<EntryStream>(a[0].HandleValue);
            return ComponentValue.Ok(s.Entries.TryDequeue(out var e)
                ? ComponentValue.Some(ComponentValue.Record(ComponentValue.Enum(e.Type), ComponentValue.String(e.Name)))
                : ComponentValue.None);
        });
        M("create-directory-at", static (c, a) => { CreateDirectoryAt(D(c, a[0]), a[1].AsString()); return null; });
        M("stat", static (c, a) =>
        {
            var d = D(c, a[0]);
            return Stat(d.IsDirectory ? new DirectoryInfo(d.HostPath) : new FileInfo(d.HostPath));
        });
        M("stat-at", static (c, a) =>
        {
            bool follow = (a[1].FlagBits & 1) != 0;
            var host = Sandbox.Resolve(D(c, a[0]), a[2].AsString(), follow);
            return Stat(Sandbox.Info(host, follow));
        });
        M("set-times-at", static (c, a) =>
        {
            var d = Mutable(D(c, a[0]));
            var host = Sandbox.Resolve(d, a[2].AsString(), (a[1].FlagBits & 1) != 0);
            Sandbox.Info(host, false);
            SetTimes(host, a[3], a[4], c);
            return null;
        });
        M("link-at", static (c, a) => { LinkAt(D(c, a[0]), (a[1].FlagBits & 1) != 0, a[2].AsString(), D(c, a[3]), a[4].AsString()); return null; });
        M("open-at", static (c, a) => ComponentValue.Own(c.Table.Push(OpenAt(D(c, a[0]), a[1].FlagBits, a[2].AsString(), a[3].FlagBits, a[4].FlagBits))));
        M("readlink-at", static (c, a) => ComponentValue.String(ReadlinkAt(D(c, a[0]), a[1].AsString())));
        M("remove-directory-at", static (c, a) => { RemoveDirectoryAt(D(c, a[0]), a[1].AsString()); return null; });
        M("rename-at", static (c, a) => { RenameAt(D(c, a[0]), a[1].AsString(), D(c, a[2]), a[3].AsString()); return null; });
        M("symlink-at", static (c, a) => { SymlinkAt(D(c, a[0]), a[1].AsString(), a[2].AsString()); return null; });
        M("unlink-file-at", static (c, a) => { UnlinkFileAt(D(c, a[0]), a[1].AsString()); return null; });
        ty.Fn("[method]descriptor.is-same-object", static (c, a) => ComponentValue.Bool(Identity(D(c, a[0]).HostPath) == Identity(D(c, a[1]).HostPath)));
        M("metadata-hash", static (c, a) => Hash(D(c, a[0]).HostPath));
        M("metadata-hash-at", static (c, a) =>
        {
            bool follow = (a[1].FlagBits & 1) != 0;
            var host = Sandbox.Resolve(D(c, a[0]), a[2].AsString(), follow);
            Sandbox.Info(host, follow);
            return Hash(host);
        });
    }

    // The path operations below are shared by the WASI 0.2 host and the preview1 host (Preview1/); each throws
    // FsException (or an I/O exception that Sandbox.Map turns into an error-code).

    internal static void CreateDirectoryAt(Descriptor dir, string path)
    {
        var d = Mutable(dir);
        var host = Sandbox.Resolve(d, path, followLast: false);
        if (Exists(host)) throw new FsException(FsError.Exist, "file exists");
        if (!Directory.Exists(Path.GetDirectoryName(host))) throw new FsException(FsError.NoEntry, "no such directory");
        Directory.CreateDirectory(host);
    }

    internal static void LinkAt(Descriptor fromDir, bool follow, string fromPath, Descriptor toDir, string toPath)
    {
        var from = Sandbox.Resolve(Mutable(fromDir), fromPath, follow);
        var to = Sandbox.Resolve(Mutable(toDir), toPath, followLast: false);
        if (!Exists(from)) throw new FsException(FsError.NoEntry, "no such file or directory");
        if (Exists(to)) throw new FsException(FsError.Exist, "file exists");
        if (Directory.Exists(from) && !Sandbox.IsLink(from)) throw new FsException(FsError.NotPermitted, "cannot hard-link a directory");
        HardLink(from, to);
    }

    internal static string ReadlinkAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(dir, path, followLast: false);
        var info = new FileInfo(host);
        if (info.LinkTarget is not { } target)
            throw Exists(host) ? new FsException(FsError.Invalid, "not a symbolic link") : new FsException(FsError.NoEntry, "no such file or directory");
        return target;
    }

    internal static void RemoveDirectoryAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(Mutable(dir), path, followLast: false);
        if (!Exists(host)) throw new FsException(FsError.NoEntry, "no such file or directory");
        if (Sandbox.IsLink(host) || !Directory.Exists(host)) throw new FsException(FsError.NotDirectory, "not a directory");
        if (Directory.EnumerateFileSystemEntries(host).Any()) throw new FsException(FsError.NotEmpty, "directory not empty");
        Directory.Delete(host);
    }

    internal static void RenameAt(Descriptor fromDir, string fromPath, Descriptor toDir, string toPath)
    {
        var from = Sandbox.Resolve(Mutable(fromDir), fromPath, followLast: false);
        var to = Sandbox.Resolve(Mutable(toDir), toPath, followLast: false);
        if (!Exists(from)) throw new FsException(FsError.NoEntry, "no such file or directory");
        bool dir = Directory.Exists(from) && !Sandbox.IsLink(from);
        if (dir)
        {
            if (File.Exists(to)) throw new FsException(FsError.NotDirectory, "not a directory");
            if (Directory.Exists(to))
            {
                if (Directory.EnumerateFileSystemEntries(to).Any()) throw new FsException(FsError.NotEmpty, "directory not empty");
                Directory.Delete(to);
            }
            Directory.Move(from, to);
        }
        else
        {
            if (Directory.Exists(to) && !Sandbox.IsLink(to)) throw new FsException(FsError.IsDirectory, "is a directory");
            File.Move(from, to, overwrite: true);
        }
    }

    internal static void SymlinkAt(Descriptor dir, string target, string path)
    {
        var d = Mutable(dir);
        if (target.StartsWith('/') || Path.IsPathRooted(target)) throw new FsException(FsError.NotPermitted, "absolute symbolic link targets are outside the sandbox");
        var host = Sandbox.Resolve(d, path, followLast: false);
        if (Exists(host)) throw new FsException(FsError.Exist, "file exists");
        File.CreateSymbolicLink(host, target);
    }

    internal static void UnlinkFileAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(Mutable(dir), path, followLast: false);
        if (!Exists(host)) throw new FsException(FsError.NoEntry, "no such file or directory");
        if (Directory.Exists(host) && !Sandbox.IsLink(host)) throw new FsException(FsError.IsDirectory, "is a directory");
        File.Delete(host);
    }

    private static Descriptor D(WasiContext c, ComponentValue v) => c.Table.Get<Descriptor>(v.HandleValue);

    private static ComponentValue Try(Func<WasiContext, ComponentValue[], ComponentValue?> f, WasiContext c, ComponentValue[] a)
    {
        try
        {
            var v = f(c, a);
            return ComponentValue.Ok(v);
        }
        catch (Exception e) when (e is FsException or IOException or UnauthorizedAccessException)
        {
            return ComponentValue.Err(ComponentValue.Enum((int)Sandbox.Map(e).Code));
        }
    }

    internal static FsException ReadOnlyDenied() => new(FsError.NotPermitted, "the directory is preopened read-only");

    internal static Descriptor Mutable(Descriptor d)
    {
        if (!d.IsDirectory) throw new FsException(FsError.NotDirectory, "not a directory");
        if (d.ReadOnly) throw ReadOnlyDenied();
        return d;
    }

    internal static FileStream ReadableFile(Descriptor d)
    {
        if (d.IsDirectory) throw new FsException(FsError.IsDirectory, "is a directory");
        if (!d.CanRead) throw new FsException(FsError.BadDescriptor, "not open for reading");
        return d.File!;
    }

    internal static FileStream WritableFile(Descriptor d)
    {
        if (d.IsDirectory) throw new FsException(FsError.IsDirectory, "is a directory");
        if (!d.CanWrite) throw new FsException(FsError.BadDescriptor, "not open for writing");
        return d.File!;
    }

    internal static bool Exists(string host) => File.Exists(host) || Directory.Exists(host) || Sandbox.IsLink(host);

    internal static Descriptor OpenAt(Descriptor dir, uint pathFlags, string path, uint open, uint flags)
    {
        bool follow = (pathFlags & 1) != 0;
        bool write = (flags & FlagWrite) != 0;
        bool read = (flags & FlagRead) != 0 || !write;
        bool create = (open & OpenCreate) != 0, exclusive = (open & OpenExclusive) != 0, truncate = (open & OpenTruncate) != 0;
        if (dir.ReadOnly && (write || create || truncate)) throw ReadOnlyDenied();
        // Without symlink-follow (O_NOFOLLOW) a final symlink is not followed and cannot be opened (loop, as ELOOP).
        var host = Sandbox.Resolve(dir, path, follow && !(create && exclusive));
        bool exists = Exists(host);
        if (exists && create && exclusive) throw new FsException(FsError.Exist, "file exists");
        if (exists && Sandbox.IsLink(host)) throw new FsException(FsError.Loop, "the path names a symbolic link (symlink-follow not set)");
        if (Directory.Exists(host))
        {
            if (write || truncate) throw new FsException(FsError.IsDirectory, "is a directory");
            return new Descriptor(host, dir.ReadOnly);
        }
        if ((open & OpenDirectory) != 0) throw new FsException(exists ? FsError.NotDirectory : FsError.NoEntry, exists ? "not a directory" : "no such directory");
        if (!exists && !create) throw new FsException(FsError.NoEntry, "no such file or directory");
        if (!exists && !Directory.Exists(Path.GetDirectoryName(host))) throw new FsException(FsError.NoEntry, "no such directory");
        var mode = create ? (exclusive ? FileMode.CreateNew : truncate ? FileMode.Create : FileMode.OpenOrCreate) : truncate ? FileMode.Truncate : FileMode.Open;
        var access = write || create || truncate ? FileAccess.ReadWrite : FileAccess.Read;
        var file = new FileStream(host, mode, access, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        return new Descriptor(host, file, read, write, dir.ReadOnly);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkUnix([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);

    private static void HardLink(string from, string to)
    {
        if (OperatingSystem.IsWindows()) throw new FsException(FsError.Unsupported, "hard links are not supported by this host on Windows");
        if (LinkUnix(from, to) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw Sandbox.Map(new IOException("link failed", errno));
        }
    }

    private static ComponentValue Time(DateTime utc)
    {
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks < 0) return ComponentValue.None;
        return ComponentValue.Some(ComponentValue.Record(ComponentValue.U64((ulong)(ticks / TimeSpan.TicksPerSecond)), ComponentValue.U32((uint)(ticks % TimeSpan.TicksPerSecond * 100))));
    }

    private static ComponentValue Stat(FileSystemInfo info)
    {
        int type = Sandbox.TypeOf(info);
        ulong size = info is FileInfo f && type == 6 ? (ulong)f.Length : type == 5 ? (ulong)(info.LinkTarget?.Length ?? 0) : 4096;
        return ComponentValue.Record(ComponentValue.Enum(type), ComponentValue.U64(1), ComponentValue.U64(size),
            Time(info.LastAccessTimeUtc), Time(info.LastWriteTimeUtc), Time(info.LastWriteTimeUtc));
    }

    private static void SetTimes(string host, ComponentValue atime, ComponentValue mtime, WasiContext ctx)
    {
        DateTime? Value(ComponentValue v)
        {
            if (v.CaseIndex == 0) return null;
            if (v.CaseIndex == 1)
            {
                var (s, ns) = ctx.WallClock.Now();
                return DateTime.UnixEpoch.AddTicks((long)s * TimeSpan.TicksPerSecond + ns / 100);
            }
            var rec = v.Payload!.Value.Items;
            return DateTime.UnixEpoch.AddTicks((long)rec[0].AsUInt64() * TimeSpan.TicksPerSecond + (long)rec[1].AsUInt64() / 100);
        }
        if (Value(atime) is { } at) File.SetLastAccessTimeUtc(host, at);
        if (Value(mtime) is { } mt) File.SetLastWriteTimeUtc(host, mt);
    }

    internal static string Identity(string host)
    {
        var info = new FileInfo(host);
        var final = info.LinkTarget is not null ? info.ResolveLinkTarget(true)?.FullName ?? host : host;
        return Path.GetFullPath(final).TrimEnd(Path.DirectorySeparatorChar);
    }

    private static ComponentValue Hash(string host)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Identity(host)));
        return ComponentValue.Record(ComponentValue.U64(BitConverter.ToUInt64(bytes, 0)), ComponentValue.U64(BitConverter.ToUInt64(bytes, 8)));
    }
}
