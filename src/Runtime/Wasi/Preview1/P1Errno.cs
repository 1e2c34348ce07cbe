using System;
using System.IO;
using WitBindgen.Runtime.Wasi.Filesystem;
using ErrorCode = WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types.ErrorCode;

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
    public static P1Errno From(ErrorCode code) => code switch
    {
        ErrorCode.Access => P1Errno.Acces,
        ErrorCode.Already => P1Errno.Already,
        ErrorCode.BadDescriptor => P1Errno.Badf,
        ErrorCode.Busy => P1Errno.Busy,
        ErrorCode.Exist => P1Errno.Exist,
        ErrorCode.Invalid => P1Errno.Inval,
        ErrorCode.IsDirectory => P1Errno.IsDir,
        ErrorCode.Loop => P1Errno.Loop,
        ErrorCode.NameTooLong => P1Errno.NameTooLong,
        ErrorCode.NoEntry => P1Errno.NoEnt,
        ErrorCode.InsufficientSpace => P1Errno.NoSpc,
        ErrorCode.NotDirectory => P1Errno.NotDir,
        ErrorCode.NotEmpty => P1Errno.NotEmpty,
        ErrorCode.Unsupported => P1Errno.NotSup,
        ErrorCode.NotPermitted => P1Errno.Perm,
        ErrorCode.ReadOnly => P1Errno.Rofs,
        ErrorCode.InvalidSeek => P1Errno.Spipe,
        ErrorCode.CrossDevice => P1Errno.Xdev,
        _ => P1Errno.Io,
    };

    public static P1Errno From(Exception e) => e switch
    {
        P1Exception p => p.Errno,
        FsException or IOException or UnauthorizedAccessException => From(Sandbox.Map(e).Code),
        _ => P1Errno.Io,
    };
}
