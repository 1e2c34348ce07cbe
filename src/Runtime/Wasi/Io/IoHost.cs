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

    /// <summary>Defines <c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        var t = ctx.Table;
        var error = linker.Instance(Name("wasi:io/error"));
        Resource(error, "error", ctx);
        Fn(error, "[method]error.to-debug-string", a => ComponentValue.StringUtf8(t.Get<IoError>(a[0].HandleValue).Message));

        var poll = linker.Instance(Name("wasi:io/poll"));
        Resource(poll, "pollable", ctx);
        Fn(poll, "[method]pollable.ready", a => ComponentValue.Bool(t.Get<Pollable>(a[0].HandleValue).Ready));
        Fn0(poll, "[method]pollable.block", a => t.Get<Pollable>(a[0].HandleValue).Block(ctx.Cancellation));
        Fn(poll, "poll", a =>
        {
            var list = new List<Pollable>();
            foreach (var p in a[0].Items) list.Add(t.Get<Pollable>(p.HandleValue));
            var ready = Poll.WaitAny(list, ctx.Cancellation);
            var result = new ComponentValue[ready.Count];
            for (int i = 0; i < result.Length; i++) result[i] = ComponentValue.U32(ready[i]);
            return ComponentValue.List(result);
        });

        var s = linker.Instance(Name("wasi:io/streams"));
        Resource(s, "input-stream", ctx);
        Resource(s, "output-stream", ctx);
        WasiInputStream In(ComponentValue v) => t.Get<WasiInputStream>(v.HandleValue);
        WasiOutputStream Out(ComponentValue v) => t.Get<WasiOutputStream>(v.HandleValue);

        ComponentValue Failed(string? message, int? code = null, ComponentValue? httpCode = null) =>
            ComponentValue.Err(ComponentValue.Variant(0, ComponentValue.Own(t.Push(new IoError(message ?? "stream failed", code, httpCode)))));
        ComponentValue Closed() => ComponentValue.Err(ComponentValue.Variant(1));
        ComponentValue ReadResult(WasiInputStream stream, StreamStatus st, byte[] data, string? err) => st switch
        {
            StreamStatus.Ok => ComponentValue.Ok(ByteList(data)),
            StreamStatus.Closed => Closed(),
            _ => Failed(err, stream.FilesystemErrorCode, stream.HttpErrorCode),
        };
        int Len(ComponentValue v) => (int)Math.Min(v.AsUInt64(), 64 * 1024);

        Fn(s, "[method]input-stream.read", a => { var stream = In(a[0]); var st = stream.Read(Len(a[1]), out var d, out var e); return ReadResult(stream, st, d, e); });
        Fn(s, "[method]input-stream.blocking-read", a =>
        {
            var stream = In(a[0]);
            if (a[1].AsUInt64() > 0) stream.WaitReady(ctx.Cancellation);
            var st = stream.Read(Len(a[1]), out var d, out var e);
            return ReadResult(stream, st, d, e);
        });
        ComponentValue Skip(WasiInputStream stream, ComponentValue len)
        {
            var st = stream.Read(Len(len), out var d, out var e);
            return st switch { StreamStatus.Ok => ComponentValue.Ok(ComponentValue.U64((ulong)d.Length)), StreamStatus.Closed => Closed(), _ => Failed(e, stream.FilesystemErrorCode, stream.HttpErrorCode) };
        }
        Fn(s, "[method]input-stream.skip", a => Skip(In(a[0]), a[1]));
        Fn(s, "[method]input-stream.blocking-skip", a => { var stream = In(a[0]); if (a[1].AsUInt64() > 0) stream.WaitReady(ctx.Cancellation); return Skip(stream, a[1]); });
        Fn(s, "[method]input-stream.subscribe", a => ComponentValue.Own(t.Push(new InputStreamPollable(In(a[0])))));

        ComponentValue Status(StreamStatus st, string? e, int? code = null) => st switch { StreamStatus.Ok => ComponentValue.Ok(), StreamStatus.Closed => Closed(), _ => Failed(e, code) };
        ComponentValue Write(WasiOutputStream stream, ReadOnlySpan<byte> bytes, bool flush, int limit)
        {
            if (flush) stream.WaitWritable(Math.Min(bytes.Length, limit), ctx.Cancellation);
            var st = stream.CheckWrite(out var permit, out var e);
            if (st != StreamStatus.Ok) return Status(st, e);
            if (bytes.Length > Math.Min(permit, limit))
                throw new WasiTrapException($"write of {bytes.Length} bytes exceeds the permitted {Math.Min(permit, limit)}");
            st = stream.Write(bytes, out e);
            if (st == StreamStatus.Ok && flush) st = stream.Flush(out e);
            return Status(st, e, stream.FilesystemErrorCode);
        }
        Fn(s, "[method]output-stream.check-write", a =>
        {
            var st = Out(a[0]).CheckWrite(out var permit, out var e);
            return st == StreamStatus.Ok ? ComponentValue.Ok(ComponentValue.U64((ulong)permit)) : Status(st, e);
        });
        Fn(s, "[method]output-stream.write", a => Write(Out(a[0]), Bytes(a[1]), false, int.MaxValue));
        Fn(s, "[method]output-stream.blocking-write-and-flush", a => Write(Out(a[0]), Bytes(a[1]), true, MaxBlockingWrite));
        Fn(s, "[method]output-stream.flush", a => { var st = Out(a[0]).StartFlush(out var e); return Status(st, e); });
        Fn(s, "[method]output-stream.blocking-flush", a => { var st = Out(a[0]).Flush(out var e); return Status(st, e); });
        Fn(s, "[method]output-stream.subscribe", a => ComponentValue.Own(t.Push(new OutputStreamPollable(Out(a[0])))));
        Fn(s, "[method]output-stream.write-zeroes", a => Write(Out(a[0]), new byte[checked((int)Math.Min(a[1].AsUInt64(), int.MaxValue))], false, int.MaxValue));
        Fn(s, "[method]output-stream.blocking-write-zeroes-and-flush", a => Write(Out(a[0]), new byte[checked((int)Math.Min(a[1].AsUInt64(), MaxBlockingWrite + 1))], true, MaxBlockingWrite));
        ComponentValue Splice(WasiOutputStream dst, WasiInputStream src, ComponentValue len, bool blocking)
        {
            if (blocking) dst.WaitWritable(1, ctx.Cancellation);
            var st = dst.CheckWrite(out var permit, out var e);
            if (st != StreamStatus.Ok) return Status(st, e);
            int n = (int)Math.Min(Math.Min((ulong)permit, len.AsUInt64()), 64 * 1024);
            if (blocking && n > 0) src.WaitReady(ctx.Cancellation);
            st = src.Read(n, out var data, out e);
            if (st != StreamStatus.Ok) return Status(st, e);
            st = dst.Write(data, out e);
            if (st == StreamStatus.Ok && blocking) st = dst.Flush(out e);
            return st == StreamStatus.Ok ? ComponentValue.Ok(ComponentValue.U64((ulong)data.Length)) : Status(st, e);
        }
        Fn(s, "[method]output-stream.splice", a => Splice(Out(a[0]), In(a[1]), a[2], false));
        Fn(s, "[method]output-stream.blocking-splice", a => Splice(Out(a[0]), In(a[1]), a[2], true));
    }
}
