using System;
using System.IO;
using WitBindgen.Runtime.Wasi.Filesystem;

namespace WitBindgen.Runtime.Wasi;

/// <summary>The preview1 <c>errno</c> values the host returns (their numbers in <c>wasi_snapshot_preview1</c>).</summary>
internal enum P1Errno : ushort
{
    Success = 0, TooBig = 1, Acces = 2, Again = 6, Already = 7, Badf = 8, Busy = 10, Exist = 20, Fault = 21, Ilseq = 25,
    Inval = 28, Io = 29, IsDir = 31, Loop = 32, Mfile = 33, NameTooLong = 37, NoEnt = 44, NoSpc = 51, NoSys = 52,
    NotDir = 54, NotEmpty = 55, NotSock = 57, NotSup = 58, Overflow = 61, Perm = 63, Rofs = 69, Spipe = 70, Xdev = 75,
    NotCapable = 76,
}

/// <summary>A preview1 call failing with an errno (caught by the call wrapper and returned to the guest).</summary>
internal sealed class P1Exception : Exception
{
    public P1Exception(P1Errno errno) : base("errno " + errno) => Errno = errno;
    public P1Errno Errno { get; }
}

/// <summary>Maps the WASI 0.2 filesystem error-codes (and .NET I/O failures) to preview1 errnos, as wasmtime's p1-over-p2.</summary>
internal static class P1Errors
{
    public static P1Errno From(FsError code) => code switch
    {
        FsError.Access => P1Errno.Acces,
        FsError.Already => P1Errno.Already,
        FsError.BadDescriptor => P1Errno.Badf,
        FsError.Busy => P1Errno.Busy,
        FsError.Exist => P1Errno.Exist,
        FsError.Invalid => P1Errno.Inval,
        FsError.IsDirectory => P1Errno.IsDir,
        FsError.Loop => P1Errno.Loop,
        FsError.NameTooLong => P1Errno.NameTooLong,
        FsError.NoEntry => P1Errno.NoEnt,
        FsError.InsufficientSpace => P1Errno.NoSpc,
        FsError.NotDirectory => P1Errno.NotDir,
        FsError.NotEmpty => P1Errno.NotEmpty,
        FsError.Unsupported => P1Errno.NotSup,
        FsError.NotPermitted => P1Errno.Perm,
        FsError.ReadOnly => P1Errno.Rofs,
        FsError.InvalidSeek => P1Errno.Spipe,
        FsError.CrossDevice => P1Errno.Xdev,
        _ => P1Errno.Io,
    };

    public static P1Errno From(Exception e) => e switch
    {
        P1Exception p => p.Errno,
        FsException or IOException or UnauthorizedAccessException => From(Sandbox.Map(e).Code),
        _ => P1Errno.Io,
    };
}
