using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types;

namespace WitBindgen.Runtime.Wasi.Filesystem;

/// <summary>A filesystem failure carried to the guest as an error-code.</summary>
internal sealed class FsException : Exception
{
    public FsException(ErrorCode code, string message) : base(message) => Code = code;
    public ErrorCode Code { get; }
}

/// <summary>Resolves guest paths inside a directory descriptor, denying every way out.</summary>
internal static class Sandbox
{
    private const int MaxSymlinks = 40;

    /// <summary>
    /// The host path of <paramref name="path"/> relative to <paramref name="dir"/>: absolute paths, <c>..</c>
    /// above the directory and symlinks whose targets are absolute or lead above it (also through chains) throw
    /// not-permitted; symlinks are followed at every component but the last unless <paramref name="followLast"/>.
    /// </summary>
    public static string Resolve(Descriptor dir, string path, bool followLast)
    {
        if (!dir.IsDirectory) throw new FsException(ErrorCode.NotDirectory, "not a directory");
        if (path.Length == 0) throw new FsException(ErrorCode.NoEntry, "empty path");
        if (path.IndexOf('\0') >= 0) throw new FsException(ErrorCode.Invalid, "path holds a NUL");
        if (path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path))
            throw new FsException(ErrorCode.NotPermitted, $"absolute path `{path}` is outside the sandbox");
        var done = new List<string>();
        var pending = new Stack<string>();
        PushComponents(pending, path);
        int links = 0;
        bool trailingSlash = path.EndsWith('/');
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c == "." || c.Length == 0) continue;
            if (c == "..")
            {
                if (done.Count == 0) throw new FsException(ErrorCode.NotPermitted, $"path `{path}` leads outside the sandbox");
                done.RemoveAt(done.Count - 1);
                continue;
            }
            done.Add(c);
            bool last = pending.Count == 0;
            if (last && !followLast && !trailingSlash) break;
            var host = Combine(dir.HostPath, done);
            FileSystemInfo info = new FileInfo(host);
            if (!info.Exists && Directory.Exists(host)) info = new DirectoryInfo(host);
            if (info.LinkTarget is not { } target) continue;
            if (++links > MaxSymlinks) throw new FsException(ErrorCode.Loop, "too many levels of symbolic links");
            if (target.StartsWith('/') || Path.IsPathRooted(target))
                throw new FsException(ErrorCode.NotPermitted, $"symbolic link `{string.Join('/', done)}` leads outside the sandbox (absolute target)");
            done.RemoveAt(done.Count - 1);
            PushComponents(pending, target);
        }
        return Combine(dir.HostPath, done);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    private static string Combine(string root, List<string> parts) => parts.Count == 0 ? root : Path.Combine(root, string.Join(Path.DirectorySeparatorChar, parts));

    /// <summary>The descriptor type of a host path (not following a final symlink).</summary>
    public static int TypeOf(FileSystemInfo info)
    {
        if (info.LinkTarget is not null) return 5;
        if ((info.Attributes & FileAttributes.Directory) != 0) return 3;
        return 6;
    }

    /// <summary>The file system info of <paramref name="host"/>, or no-entry.</summary>
    public static FileSystemInfo Info(string host, bool follow)
    {
        FileSystemInfo info = Directory.Exists(host) && !IsLink(host) ? new DirectoryInfo(host) : new FileInfo(host);
        if (!info.Exists && info is FileInfo && !IsLink(host)) throw new FsException(ErrorCode.NoEntry, "no such file or directory");
        if (follow && info.LinkTarget is not null)
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true);
            if (final is null || !final.Exists) throw new FsException(ErrorCode.NoEntry, "dangling symbolic link");
            return final;
        }
        return info;
    }

    public static bool IsLink(string host) => new FileInfo(host).LinkTarget is not null;

    /// <summary>Maps a .NET I/O failure to an error-code.</summary>
    public static FsException Map(Exception e)
    {
        if (e is FsException fs) return fs;
        var code = e switch
        {
            FileNotFoundException or DirectoryNotFoundException => ErrorCode.NoEntry,
            UnauthorizedAccessException => ErrorCode.Access,
            PathTooLongException => ErrorCode.NameTooLong,
            IOException io => (io.HResult & 0xFFFF) switch
            {
                17 => ErrorCode.Exist,
                39 => ErrorCode.NotEmpty,
                20 => ErrorCode.NotDirectory,
                21 => ErrorCode.IsDirectory,
                2 => ErrorCode.NoEntry,
                13 => ErrorCode.Access,
                9 => ErrorCode.BadDescriptor,
                1 => ErrorCode.NotPermitted,
                18 => ErrorCode.CrossDevice,
                28 => ErrorCode.InsufficientSpace,
                40 => ErrorCode.Loop,
                _ => ErrorCode.Io,
            },
            _ => ErrorCode.Io,
        };
        return new FsException(code, e.Message);
    }
}
