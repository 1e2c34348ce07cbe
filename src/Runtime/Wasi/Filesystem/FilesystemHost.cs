using System;
using System.IO;
using System.Linq;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Preopens;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Filesystem;

/// <summary><c>wasi:filesystem</c>: types and preopens, sandboxed to the context's preopened directories.</summary>
public static class FilesystemHost
{
    private const uint FlagRead = 1, FlagWrite = 2;
    private const uint OpenCreate = 1, OpenDirectory = 2, OpenExclusive = 4, OpenTruncate = 8;

    /// <summary>Defines <c>wasi:filesystem/types</c> and <c>wasi:filesystem/preopens</c> over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines <c>wasi:filesystem/types</c> and <c>wasi:filesystem/preopens</c>, each over the context
    /// <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings. The resources are Descriptor and EntryStream (Descriptor.cs); get-directories
        // and filesystem-error-code are the caller's context (WasiContext.Filesystem.cs).
        var host = PerStore(context);
        TypesImports.AddToLinker(linker, host);
        PreopensImports.AddToLinker(linker, host);
    }

    // The path operations below are shared by the WASI 0.2 host and the preview1 host (Preview1/); each throws
    // FsException (or an I/O exception that Sandbox.Map turns into an error-code).

    internal static void CreateDirectoryAt(Descriptor dir, string path)
    {
        var d = Mutable(dir);
        var host = Sandbox.Resolve(d, path, followLast: false);
        if (Exists(host)) throw new FsException(ErrorCode.Exist, "file exists");
        if (!Directory.Exists(Path.GetDirectoryName(host))) throw new FsException(ErrorCode.NoEntry, "no such directory");
        Directory.CreateDirectory(host);
    }

    internal static void LinkAt(Descriptor fromDir, bool follow, string fromPath, Descriptor toDir, string toPath)
    {
        var from = Sandbox.Resolve(Mutable(fromDir), fromPath, follow);
        var to = Sandbox.Resolve(Mutable(toDir), toPath, followLast: false);
        if (!Exists(from)) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        if (Exists(to)) throw new FsException(ErrorCode.Exist, "file exists");
        if (Directory.Exists(from) && !Sandbox.IsLink(from)) throw new FsException(ErrorCode.NotPermitted, "cannot hard-link a directory");
        HardLink(from, to);
    }

    internal static string ReadlinkAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(dir, path, followLast: false);
        var info = new FileInfo(host);
        if (info.LinkTarget is not { } target)
            throw Exists(host) ? new FsException(ErrorCode.Invalid, "not a symbolic link") : new FsException(ErrorCode.NoEntry, "no such file or directory");
        return target;
    }

    internal static void RemoveDirectoryAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(Mutable(dir), path, followLast: false);
        if (!Exists(host)) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        if (Sandbox.IsLink(host) || !Directory.Exists(host)) throw new FsException(ErrorCode.NotDirectory, "not a directory");
        if (Directory.EnumerateFileSystemEntries(host).Any()) throw new FsException(ErrorCode.NotEmpty, "directory not empty");
        Directory.Delete(host);
    }

    internal static void RenameAt(Descriptor fromDir, string fromPath, Descriptor toDir, string toPath)
    {
        var from = Sandbox.Resolve(Mutable(fromDir), fromPath, followLast: false);
        var to = Sandbox.Resolve(Mutable(toDir), toPath, followLast: false);
        if (!Exists(from)) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        bool dir = Directory.Exists(from) && !Sandbox.IsLink(from);
        if (dir)
        {
            if (File.Exists(to)) throw new FsException(ErrorCode.NotDirectory, "not a directory");
            if (Directory.Exists(to))
            {
                if (Directory.EnumerateFileSystemEntries(to).Any()) throw new FsException(ErrorCode.NotEmpty, "directory not empty");
                Directory.Delete(to);
            }
            Directory.Move(from, to);
        }
        else
        {
            if (Directory.Exists(to) && !Sandbox.IsLink(to)) throw new FsException(ErrorCode.IsDirectory, "is a directory");
            File.Move(from, to, overwrite: true);
        }
    }

    internal static void SymlinkAt(Descriptor dir, string target, string path)
    {
        var d = Mutable(dir);
        if (target.StartsWith('/') || Path.IsPathRooted(target)) throw new FsException(ErrorCode.NotPermitted, "absolute symbolic link targets are outside the sandbox");
        var host = Sandbox.Resolve(d, path, followLast: false);
        if (Exists(host)) throw new FsException(ErrorCode.Exist, "file exists");
        File.CreateSymbolicLink(host, target);
    }

    internal static void UnlinkFileAt(Descriptor dir, string path)
    {
        var host = Sandbox.Resolve(Mutable(dir), path, followLast: false);
        if (!Exists(host)) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        if (Directory.Exists(host) && !Sandbox.IsLink(host)) throw new FsException(ErrorCode.IsDirectory, "is a directory");
        File.Delete(host);
    }

    internal static FsException ReadOnlyDenied() => new(ErrorCode.NotPermitted, "the directory is preopened read-only");

    internal static Descriptor Mutable(Descriptor d)
    {
        if (!d.IsDirectory) throw new FsException(ErrorCode.NotDirectory, "not a directory");
        if (d.ReadOnly) throw ReadOnlyDenied();
        return d;
    }

    internal static FileStream ReadableFile(Descriptor d)
    {
        if (d.IsDirectory) throw new FsException(ErrorCode.IsDirectory, "is a directory");
        if (!d.CanRead) throw new FsException(ErrorCode.BadDescriptor, "not open for reading");
        return d.File!;
    }

    internal static FileStream WritableFile(Descriptor d)
    {
        if (d.IsDirectory) throw new FsException(ErrorCode.IsDirectory, "is a directory");
        if (!d.CanWrite) throw new FsException(ErrorCode.BadDescriptor, "not open for writing");
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
        if (exists && create && exclusive) throw new FsException(ErrorCode.Exist, "file exists");
        if (exists && Sandbox.IsLink(host)) throw new FsException(ErrorCode.Loop, "the path names a symbolic link (symlink-follow not set)");
        if (Directory.Exists(host))
        {
            if (write || truncate) throw new FsException(ErrorCode.IsDirectory, "is a directory");
            return new Descriptor(dir.Context, host, dir.ReadOnly);
        }
        if ((open & OpenDirectory) != 0) throw new FsException(exists ? ErrorCode.NotDirectory : ErrorCode.NoEntry, exists ? "not a directory" : "no such directory");
        if (!exists && !create) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        if (!exists && !Directory.Exists(Path.GetDirectoryName(host))) throw new FsException(ErrorCode.NoEntry, "no such directory");
        var mode = create ? (exclusive ? FileMode.CreateNew : truncate ? FileMode.Create : FileMode.OpenOrCreate) : truncate ? FileMode.Truncate : FileMode.Open;
        var access = write || create || truncate ? FileAccess.ReadWrite : FileAccess.Read;
        var file = new FileStream(host, mode, access, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        return new Descriptor(dir.Context, host, file, read, write, dir.ReadOnly);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkUnix([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);

    private static void HardLink(string from, string to)
    {
        if (OperatingSystem.IsWindows()) throw new FsException(ErrorCode.Unsupported, "hard links are not supported by this host on Windows");
        if (LinkUnix(from, to) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw Sandbox.Map(new IOException("link failed", errno));
        }
    }

    internal static string Identity(string host)
    {
        var info = new FileInfo(host);
        var final = info.LinkTarget is not null ? info.ResolveLinkTarget(true)?.FullName ?? host : host;
        return Path.GetFullPath(final).TrimEnd(Path.DirectorySeparatorChar);
    }
}
