using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary><c>wasi:io</c>: error, poll and streams.</summary>
public static class IoHost
{
    private const int MaxBlockingWrite = 4096;

    /// <summary>Defines <c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c> over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines <c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c>, each over the context
    /// <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        var error = new HostInstance(linker, "wasi:io/error", context);
        error.Resource("error");
        error.Fn("[method]error.to-debug-string", static (c, a) => ComponentValue.String(c.Table.Get<IoError>(a[0].HandleValue).Message));

        var poll = new HostInstance(linker, "wasi:io/poll", context);
        poll.Resource("pollable");
        poll.Fn("[method]pollable.ready", static (c, a) => ComponentValue.Bool(c.Table.Get<Pollable>(a[0].HandleValue).Ready));
        poll.Fn0("[method]pollable.block", static (c, a) => c.Table.Get<Pollable>(a[0].HandleValue).Block(c.Cancellation));
        poll.Fn("poll", static (c, a) =>
        {
            var list = new List<Pollable>();
            foreach (var p in a[0].Items) list.Add(c.Table.Get<Pollable>(p.HandleValue));
            var ready = Poll.WaitAny(list, c.Cancellation);
            var result = new ComponentValue[ready.Count];
            for (int i = 0; i < result.Length; i++) result[i] = ComponentValue.U32(ready[i]);
            return ComponentValue.List(result);
        });

        var s = new HostInstance(linker, "wasi:io/streams", context);
        s.Resource("input-stream");
        s.Resource("output-stream");
        s.Fn("[method]input-stream.read", static (c, a) => { var stream = In(c, a[0]); var st = stream.Read(Len(a[1]), out var d, out var e); return ReadResult(c, stream, st, d, e); });
        s.Fn("[method]input-stream.blocking-read", static (c, a) =>
        {
            var stream = In(c, a[0]);
            if (a[1].AsUInt64() > 0) stream.WaitReady(c.Cancellation);
            var st = stream.Read(Len(a[1]), out var d, out var e);
            return ReadResult(c, stream, st, d, e);
        });
        s.Fn("[method]input-stream.skip", static (c, a) => Skip(c, In(c, a[0]), a[1]));
        s.Fn("[method]input-stream.blocking-skip", static (c, a) => { var stream = In(c, a[0]); if (a[1].AsUInt64() > 0) stream.WaitReady(c.Cancellation); return Skip(c, stream, a[1]); });
        s.Fn("[method]input-stream.subscribe", static (c, a) => ComponentValue.Own(c.Table.Push(new InputStreamPollable(In(c, a[0])))));

        s.Fn("[method]output-stream.check-write", static (c, a) =>
        {
            var st = Out(c, a[0]).CheckWrite(out var permit, out var e);
            return st == StreamStatus.Ok ? ComponentValue.Ok(ComponentValue.U64((ulong)permit)) : Status(c, st, e);
        });
        s.Fn("[method]output-stream.write", static (c, a) => Write(c, Out(c, a[0]), Bytes(a[1]), false, int.MaxValue));
        s.Fn("[method]output-stream.blocking-write-and-flush", static (c, a) => Write(c, Out(c, a[0]), Bytes(a[1]), true, MaxBlockingWrite));
        s.Fn("[method]output-stream.flush", static (c, a) => { var st = Out(c, a[0]).StartFlush(out var e); return Status(c, st, e); });
        s.Fn("[method]output-stream.blocking-flush", static (c, a) => { var st = Out(c, a[0]).Flush(out var e); return Status(c, st, e); });
        s.Fn("[method]output-stream.subscribe", static (c, a) => ComponentValue.Own(c.Table.Push(new OutputStreamPollable(Out(c, a[0])))));
        s.Fn("[method]output-stream.write-zeroes", static (c, a) => Write(c, Out(c, a[0]), new byte[checked((int)Math.Min(a[1].AsUInt64(), int.MaxValue))], false, int.MaxValue));
        s.Fn("[method]output-stream.blocking-write-zeroes-and-flush", static (c, a) => Write(c, Out(c, a[0]), new byte[checked((int)Math.Min(a[1].AsUInt64(), MaxBlockingWrite + 1))], true, MaxBlockingWrite));
        s.Fn("[method]output-stream.splice", static (c, a) => Splice(c, Out(c, a[0]), In(c, a[1]), a[2], false));
        s.Fn("[method]output-stream.blocking-splice", static (c, a) => Splice(c, Out(c, a[0]), In(c, a[1]), a[2], true));
    }

    private static WasiInputStream In(WasiContext c, ComponentValue v) => c.Table.Get<WasiInputStream>(v.HandleValue);
    private static WasiOutputStream Out(WasiContext c, ComponentValue v) => c.Table.Get<WasiOutputStream>(v.HandleValue);
    private static int Len(ComponentValue v) => (int)Math.Min(v.AsUInt64(), 64 * 1024);

    private static ComponentValue Failed(WasiContext c, string? message, int? code = null, ComponentValue? httpCode = null) =>
        ComponentValue.Err(ComponentValue.Variant(0, ComponentValue.Own(c.Table.Push(new IoError(message ?? "stream failed", code, httpCode)))));

    private static ComponentValue Closed() => ComponentValue.Err(ComponentValue.Variant(1));

    private static ComponentValue ReadResult(WasiContext c, WasiInputStream stream, StreamStatus st, byte[] data, string? err) => st switch
    {
        StreamStatus.Ok => ComponentValue.Ok(ByteList(data)),
        StreamStatus.Closed => Closed(),
        _ => Failed(c, err, stream.FilesystemErrorCode, stream.HttpErrorCode),
    };

    private static ComponentValue Skip(WasiContext c, WasiInputStream stream, ComponentValue len)
    {
        var st = stream.Read(Len(len), out var d, out var e);
        return st switch { StreamStatus.Ok => ComponentValue.Ok(ComponentValue.U64((ulong)d.Length)), StreamStatus.Closed => Closed(), _ => Failed(c, e, stream.FilesystemErrorCode, stream.HttpErrorCode) };
    }

    private static ComponentValue Status(WasiContext c, StreamStatus st, string? e, int? code = null) =>
        st switch { StreamStatus.Ok => ComponentValue.Ok(), StreamStatus.Closed => Closed(), _ => Failed(c, e, code) };

    private static ComponentValue Write(WasiContext c, WasiOutputStream stream, ReadOnlySpan<byte> bytes, bool flush, int limit)
    {
        if (flush) stream.WaitWritable(Math.Min(bytes.Length, limit), c.Cancellation);
        var st = stream.CheckWrite(out var permit, out var e);
        if (st != StreamStatus.Ok) return Status(c, st, e);
        if (bytes.Length > Math.Min(permit, limit))
            throw new WasiTrapException($"write of {bytes.Length} bytes exceeds the permitted {Math.Min(permit, limit)}");
        st = stream.Write(bytes, out e);
        if (st == StreamStatus.Ok && flush) st = stream.Flush(out e);
        return Status(c, st, e, stream.FilesystemErrorCode);
    }

    private static ComponentValue Splice(WasiContext c, WasiOutputStream dst, WasiInputStream src, ComponentValue len, bool blocking)
    {
        if (blocking) dst.WaitWritable(1, c.Cancellation);
        var st = dst.CheckWrite(out var permit, out var e);
        if (st != StreamStatus.Ok) return Status(c, st, e);
        int n = (int)Math.Min(Math.Min((ulong)permit, len.AsUInt64()), 64 * 1024);
        if (blocking && n > 0) src.WaitReady(c.Cancellation);
        st = src.Read(n, out var data, out e);
        if (st != StreamStatus.Ok) return Status(c, st, e);
        st = dst.Write(data, out e);
        if (st == StreamStatus.Ok && blocking) st = dst.Flush(out e);
        return st == StreamStatus.Ok ? ComponentValue.Ok(ComponentValue.U64((ulong)data.Length)) : Status(c, st, e);
    }
}
