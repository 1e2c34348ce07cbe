using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types;
using WitBindgen.Runtime.Wasi.Io;
using Datetime = WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock.Datetime;
using DescriptorResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types.Descriptor;
using EntryStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types.DirectoryEntryStream;
using InputStream = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.InputStream;
using OutputStream = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.OutputStream;

namespace WitBindgen.Runtime.Wasi.Filesystem;

/// <summary>
/// An open directory or file: the <c>wasi:filesystem/types.descriptor</c> of the typed bindings, also behind preview1's
/// file descriptors. A directory descriptor is the root of its own sandbox: guest paths resolve only below it, and a
/// read-only one (from a read-only preopen) allows no change anywhere below it. Every method turns a filesystem
/// failure (<see cref="FsException"/> or a .NET I/O exception) into its <c>error-code</c>; other exceptions trap.
/// </summary>
internal sealed class Descriptor : DescriptorResource
{
    /// <summary>A directory.</summary>
    public Descriptor(WasiContext context, string hostPath, bool readOnly)
    {
        Context = context; HostPath = hostPath; ReadOnly = readOnly; IsDirectory = true;
    }

    /// <summary>A file, open for reading and/or writing, below a directory that is read-only or not.</summary>
    public Descriptor(WasiContext context, string hostPath, FileStream file, bool read, bool write, bool readOnlyTree)
    {
        Context = context; HostPath = hostPath; File = file; CanRead = read; CanWrite = write; ReadOnly = readOnlyTree;
    }

    /// <summary>The context the descriptor was opened in: its wall clock (set-times <c>now</c>) and cancellation
    /// (the file streams), which the generated methods are not given.</summary>
    public WasiContext Context { get; }
    public string HostPath { get; }
    public bool IsDirectory { get; }
    public bool ReadOnly { get; }
    public FileStream? File { get; }
    public bool CanRead { get; }
    public bool CanWrite { get; }

    public override void Dispose() => File?.Dispose();

    public override Result<InputStream, ErrorCode> ReadViaStream(ulong offset)
    {
        try { return new FileInputStream(FilesystemHost.ReadableFile(this), (long)offset, Context.Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Failed<InputStream>(e); }
    }

    public override Result<OutputStream, ErrorCode> WriteViaStream(ulong offset)
    {
        try { return new FileOutputStream(FilesystemHost.WritableFile(this), (long)offset, false, Context.Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Failed<OutputStream>(e); }
    }

    public override Result<OutputStream, ErrorCode> AppendViaStream()
    {
        try { return new FileOutputStream(FilesystemHost.WritableFile(this), 0, true, Context.Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Failed<OutputStream>(e); }
    }

    // Advice is only a hint: accepted and ignored.
    public override Result<Unit, ErrorCode> Advise(ulong offset, ulong length, Advice advice) => Unit.Value;

    public override Result<Unit, ErrorCode> SyncData() => Sync();

    public override Result<Unit, ErrorCode> Sync()
    {
        try { File?.Flush(true); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<DescriptorFlags, ErrorCode> GetFlags() => IsDirectory
        ? DescriptorFlags.Read | (ReadOnly ? 0 : DescriptorFlags.MutateDirectory)
        : (CanRead ? DescriptorFlags.Read : 0) | (CanWrite ? DescriptorFlags.Write : 0);

    public override Result<DescriptorType, ErrorCode> DescriptorGetType() => IsDirectory ? DescriptorType.Directory : DescriptorType.RegularFile;

    public override Result<Unit, ErrorCode> SetSize(ulong size)
    {
        try { FilesystemHost.WritableFile(this).SetLength((long)size); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> SetTimes(NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp)
    {
        try
        {
            if (ReadOnly) throw FilesystemHost.ReadOnlyDenied();
            SetTimes(HostPath, dataAccessTimestamp, dataModificationTimestamp);
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<(ReadOnlyMemory<byte>, bool), ErrorCode> Read(ulong length, ulong offset)
    {
        try
        {
            var file = FilesystemHost.ReadableFile(this);
            var buffer = new byte[(int)Math.Min(length, 1 << 20)];
            int n = RandomAccess.Read(file.SafeFileHandle, buffer, (long)offset);
            return (new ReadOnlyMemory<byte>(buffer, 0, n), n == 0 && buffer.Length > 0 || (long)offset + n >= file.Length);
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<(ReadOnlyMemory<byte>, bool)>(e); }
    }

    public override Result<ulong, ErrorCode> Write(ReadOnlyMemory<byte> buffer, ulong offset)
    {
        try
        {
            RandomAccess.Write(FilesystemHost.WritableFile(this).SafeFileHandle, buffer.Span, (long)offset);
            return (ulong)buffer.Length;
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<ulong>(e); }
    }

    public override Result<EntryStreamResource, ErrorCode> ReadDirectory()
    {
        try
        {
            if (!IsDirectory) throw new FsException(ErrorCode.NotDirectory, "not a directory");
            var stream = new EntryStream();
            foreach (var info in new DirectoryInfo(HostPath).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
                stream.Entries.Enqueue(new DirectoryEntry((DescriptorType)Sandbox.TypeOf(info), info.Name));
            return stream;
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<EntryStreamResource>(e); }
    }

    public override Result<Unit, ErrorCode> CreateDirectoryAt(string path)
    {
        try { FilesystemHost.CreateDirectoryAt(this, path); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<DescriptorStat, ErrorCode> Stat()
    {
        try { return StatOf(IsDirectory ? new DirectoryInfo(HostPath) : new FileInfo(HostPath)); }
        catch (Exception e) when (IsFailure(e)) { return Failed<DescriptorStat>(e); }
    }

    public override Result<DescriptorStat, ErrorCode> StatAt(PathFlags pathFlags, string path)
    {
        try
        {
            bool follow = (pathFlags & PathFlags.SymlinkFollow) != 0;
            return StatOf(Sandbox.Info(Sandbox.Resolve(this, path, follow), follow));
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<DescriptorStat>(e); }
    }

    public override Result<Unit, ErrorCode> SetTimesAt(PathFlags pathFlags, string path, NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp)
    {
        try
        {
            var host = Sandbox.Resolve(FilesystemHost.Mutable(this), path, (pathFlags & PathFlags.SymlinkFollow) != 0);
            Sandbox.Info(host, false);
            SetTimes(host, dataAccessTimestamp, dataModificationTimestamp);
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> LinkAt(PathFlags oldPathFlags, string oldPath, DescriptorResource newDescriptor, string newPath)
    {
        try { FilesystemHost.LinkAt(this, (oldPathFlags & PathFlags.SymlinkFollow) != 0, oldPath, Host(newDescriptor), newPath); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<DescriptorResource, ErrorCode> OpenAt(PathFlags pathFlags, string path, OpenFlags openFlags, DescriptorFlags flags)
    {
        try { return FilesystemHost.OpenAt(this, (uint)pathFlags, path, (uint)openFlags, (uint)flags); }
        catch (Exception e) when (IsFailure(e)) { return Failed<DescriptorResource>(e); }
    }

    public override Result<string, ErrorCode> ReadlinkAt(string path)
    {
        try { return FilesystemHost.ReadlinkAt(this, path); }
        catch (Exception e) when (IsFailure(e)) { return Failed<string>(e); }
    }

    public override Result<Unit, ErrorCode> RemoveDirectoryAt(string path)
    {
        try { FilesystemHost.RemoveDirectoryAt(this, path); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> RenameAt(string oldPath, DescriptorResource newDescriptor, string newPath)
    {
        try { FilesystemHost.RenameAt(this, oldPath, Host(newDescriptor), newPath); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> SymlinkAt(string oldPath, string newPath)
    {
        try { FilesystemHost.SymlinkAt(this, oldPath, newPath); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> UnlinkFileAt(string path)
    {
        try { FilesystemHost.UnlinkFileAt(this, path); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Failed<Unit>(e); }
    }

    public override bool IsSameObject(DescriptorResource other) => FilesystemHost.Identity(HostPath) == FilesystemHost.Identity(Host(other).HostPath);

    public override Result<MetadataHashValue, ErrorCode> MetadataHash()
    {
        try { return Hash(HostPath); }
        catch (Exception e) when (IsFailure(e)) { return Failed<MetadataHashValue>(e); }
    }

    public override Result<MetadataHashValue, ErrorCode> MetadataHashAt(PathFlags pathFlags, string path)
    {
        try
        {
            bool follow = (pathFlags & PathFlags.SymlinkFollow) != 0;
            var host = Sandbox.Resolve(this, path, follow);
            Sandbox.Info(host, follow);
            return Hash(host);
        }
        catch (Exception e) when (IsFailure(e)) { return Failed<MetadataHashValue>(e); }
    }

    /// <summary>The failures a method reports as an <c>error-code</c> (<see cref="Sandbox.Map"/>); anything else traps.</summary>
    private static bool IsFailure(Exception e) => e is FsException or IOException or UnauthorizedAccessException;

    private static Result<T, ErrorCode> Failed<T>(Exception e) => Result<T, ErrorCode>.Err(Sandbox.Map(e).Code);

    /// <summary>A descriptor argument: every descriptor in a table is one of these.</summary>
    private static Descriptor Host(DescriptorResource d) => d as Descriptor ?? throw new WasiTrapException("the descriptor is not a host descriptor");

    private static Datetime? Time(DateTime utc)
    {
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks < 0) return null;
        return new Datetime((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    private static DescriptorStat StatOf(FileSystemInfo info)
    {
        int type = Sandbox.TypeOf(info);
        ulong size = info is FileInfo f && type == 6 ? (ulong)f.Length : type == 5 ? (ulong)(info.LinkTarget?.Length ?? 0) : 4096;
        var modified = Time(info.LastWriteTimeUtc);
        return new DescriptorStat((DescriptorType)type, 1, size, Time(info.LastAccessTimeUtc), modified, modified);
    }

    private void SetTimes(string host, NewTimestamp atime, NewTimestamp mtime)
    {
        if (Value(atime) is { } at) System.IO.File.SetLastAccessTimeUtc(host, at);
        if (Value(mtime) is { } mt) System.IO.File.SetLastWriteTimeUtc(host, mt);

        DateTime? Value(NewTimestamp t) => t switch
        {
            NewTimestamp.Now => FromUnix(Context.WallClock.Now()),
            NewTimestamp.Timestamp { Value: var v } => FromUnix((v.Seconds, v.Nanoseconds)),
            _ => null,
        };
        static DateTime FromUnix((ulong Seconds, uint Nanoseconds) t) =>
            DateTime.UnixEpoch.AddTicks((long)t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    private static MetadataHashValue Hash(string host)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(FilesystemHost.Identity(host)));
        return new MetadataHashValue(BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));
    }
}

/// <summary>The <c>directory-entry-stream</c> of <c>read-directory</c>: the entries, listed when it was made.</summary>
internal sealed class EntryStream : EntryStreamResource
{
    public readonly Queue<DirectoryEntry> Entries = new();

    public override Result<DirectoryEntry?, ErrorCode> ReadDirectoryEntry() =>
        Result<DirectoryEntry?, ErrorCode>.Ok(Entries.TryDequeue(out var entry) ? entry : null);
}
