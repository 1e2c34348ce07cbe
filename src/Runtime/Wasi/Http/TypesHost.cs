using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>Defines <c>wasi:http/types</c> and <c>wasi:http/outgoing-handler</c> over a context's resource table.</summary>
internal static class TypesHost
{
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        var t = ctx.Table;
        var ty = linker.Instance(Name("wasi:http/types"));
        foreach (var r in new[] { "fields", "incoming-request", "outgoing-request", "request-options", "response-outparam", "incoming-response",
                     "incoming-body", "future-trailers", "outgoing-response", "outgoing-body", "future-incoming-response" })
            Resource(ty, r, ctx);

        T Take<T>(ComponentValue v) where T : class
        {
            var item = t.Get<T>(v.HandleValue);
            if (item is IDisposable) t.Remove(v.HandleValue); else t.Delete(v.HandleValue);
            return item;
        }
        ComponentValue Push(object o) => ComponentValue.Own(t.Push(o));
        ComponentValue HeaderResult(HeaderError? e) => e is { } err ? ComponentValue.Err(ComponentValue.Variant((int)err)) : ComponentValue.Ok();

        Fn(ty, "http-error-code", a => t.Get<IoError>(a[0].HandleValue).HttpCode is { } code ? ComponentValue.Some(code) : ComponentValue.None);

        // fields
        Fields F(ComponentValue v) => t.Get<Fields>(v.HandleValue);
        Fn(ty, "[constructor]fields", _ => Push(new Fields()));
        Fn(ty, "[static]fields.from-list", a =>
        {
            var entries = new List<KeyValuePair<string, byte[]>>();
            foreach (var e in a[0].Items) entries.Add(new(e.Items[0].AsString(), Bytes(e.Items[1])));
            var err = Fields.FromList(entries, out var fields);
            return err is { } x ? ComponentValue.Err(ComponentValue.Variant((int)x)) : ComponentValue.Ok(Push(fields));
        });
        Fn(ty, "[method]fields.get", a =>
        {
            var values = F(a[0]).Get(a[1].AsString());
            var items = new ComponentValue[values.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ByteList(values[i]);
            return ComponentValue.List(items);
        });
        Fn(ty, "[method]fields.has", a => ComponentValue.Bool(F(a[0]).Has(a[1].AsString())));
        Fn(ty, "[method]fields.set", a =>
        {
            var values = new List<byte[]>();
            foreach (var v in a[2].Items) values.Add(Bytes(v));
            return HeaderResult(F(a[0]).Set(a[1].AsString(), values));
        });
        Fn(ty, "[method]fields.delete", a => HeaderResult(F(a[0]).Delete(a[1].AsString())));
        Fn(ty, "[method]fields.append", a => HeaderResult(F(a[0]).Append(a[1].AsString(), Bytes(a[2]))));
        Fn(ty, "[method]fields.entries", a =>
        {
            var entries = F(a[0]).Entries;
            var items = new ComponentValue[entries.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Tuple(ComponentValue.StringUtf8(entries[i].Key), ByteList(entries[i].Value));
            return ComponentValue.List(items);
        });
        Fn(ty, "[method]fields.clone", a => Push(F(a[0]).Clone()));

        // incoming-request
        IncomingRequest InReq(ComponentValue v) => t.Get<IncomingRequest>(v.HandleValue);
        Fn(ty, "[method]incoming-request.method", a => HttpValues.Method(InReq(a[0]).Method));
        Fn(ty, "[method]incoming-request.path-with-query", a => HttpValues.OptionalString(InReq(a[0]).PathWithQuery));
        Fn(ty, "[method]incoming-request.scheme", a => InReq(a[0]).Scheme is { } s ? ComponentValue.Some(HttpValues.Scheme(s)) : ComponentValue.None);
        Fn(ty, "[method]incoming-request.authority", a => HttpValues.OptionalString(InReq(a[0]).Authority));
        Fn(ty, "[method]incoming-request.headers", a => Push(InReq(a[0]).Headers.ImmutableView()));
        Fn(ty, "[method]incoming-request.consume", a =>
        {
            var req = InReq(a[0]);
            if (req.Body is not { } body) return ComponentValue.Err();
            req.Body = null;
            return ComponentValue.Ok(Push(body));
        });

        // outgoing-request
        OutgoingRequest OutReq(ComponentValue v) => t.Get<OutgoingRequest>(v.HandleValue);
        Fn(ty, "[constructor]outgoing-request", a => Push(new OutgoingRequest(Take<Fields>(a[0]).ImmutableView())));
        Fn(ty, "[method]outgoing-request.body", a =>
        {
            var req = OutReq(a[0]);
            if (req.Body is not null) return ComponentValue.Err();
            req.Body = new OutgoingBody();
            return ComponentValue.Ok(Push(req.Body));
        });
        Fn(ty, "[method]outgoing-request.method", a => HttpValues.Method(OutReq(a[0]).Method));
        Fn(ty, "[method]outgoing-request.set-method", a =>
        {
            var name = HttpValues.MethodName(a[1]);
            if (!HttpValues.ValidMethod(name)) return ComponentValue.Err();
            OutReq(a[0]).Method = name;
            return ComponentValue.Ok();
        });
        Fn(ty, "[method]outgoing-request.path-with-query", a => HttpValues.OptionalString(OutReq(a[0]).PathWithQuery));
        Fn(ty, "[method]outgoing-request.set-path-with-query", a =>
        {
            var p = HttpValues.OptionString(a[1]);
            if (p is not null && (p.Length == 0 || p.IndexOfAny(new[] { ' ', '\r', '\n', '\0', '#' }) >= 0)) return ComponentValue.Err();
            OutReq(a[0]).PathWithQuery = p;
            return ComponentValue.Ok();
        });
        Fn(ty, "[method]outgoing-request.scheme", a => OutReq(a[0]).Scheme is { } s ? ComponentValue.Some(HttpValues.Scheme(s)) : ComponentValue.None);
        Fn(ty, "[method]outgoing-request.set-scheme", a =>
        {
            string? s = a[1].CaseIndex == 1 ? HttpValues.SchemeName(a[1].Payload!.Value) : null;
            if (s is not null && (s.Length == 0 || !char.IsAsciiLetter(s[0]) || s.IndexOfAny(new[] { ':', '/', ' ' }) >= 0)) return ComponentValue.Err();
            OutReq(a[0]).Scheme = s;
            return ComponentValue.Ok();
        });
        Fn(ty, "[method]outgoing-request.authority", a => HttpValues.OptionalString(OutReq(a[0]).Authority));
        Fn(ty, "[method]outgoing-request.set-authority", a =>
        {
            var s = HttpValues.OptionString(a[1]);
            if (s is not null && (s.IndexOfAny(new[] { '/', '?', '#', '@', ' ', '\r', '\n' }) >= 0 || Uri.CheckHostName(HostPart(s)) == UriHostNameType.Unknown && s.Length > 0))
                return ComponentValue.Err();
            OutReq(a[0]).Authority = s;
            return ComponentValue.Ok();
        });
        Fn(ty, "[method]outgoing-request.headers", a => Push(OutReq(a[0]).Headers.ImmutableView()));

        // request-options
        RequestOptions Opt(ComponentValue v) => t.Get<RequestOptions>(v.HandleValue);
        ComponentValue Dur(ulong? ns) => ns is { } v ? ComponentValue.Some(ComponentValue.U64(v)) : ComponentValue.None;
        ulong? OptDur(ComponentValue v) => v.CaseIndex == 1 ? v.Payload!.Value.AsUInt64() : null;
        Fn(ty, "[constructor]request-options", _ => Push(new RequestOptions()));
        Fn(ty, "[method]request-options.connect-timeout", a => Dur(Opt(a[0]).ConnectTimeout));
        Fn(ty, "[method]request-options.set-connect-timeout", a => { Opt(a[0]).ConnectTimeout = OptDur(a[1]); return ComponentValue.Ok(); });
        Fn(ty, "[method]request-options.first-byte-timeout", a => Dur(Opt(a[0]).FirstByteTimeout));
        Fn(ty, "[method]request-options.set-first-byte-timeout", a => { Opt(a[0]).FirstByteTimeout = OptDur(a[1]); return ComponentValue.Ok(); });
        Fn(ty, "[method]request-options.between-bytes-timeout", a => Dur(Opt(a[0]).BetweenBytesTimeout));
        Fn(ty, "[method]request-options.set-between-bytes-timeout", a => { Opt(a[0]).BetweenBytesTimeout = OptDur(a[1]); return ComponentValue.Ok(); });

        // response-outparam
        Fn0(ty, "[static]response-outparam.set", a =>
        {
            var param = Take<ResponseOutparam>(a[0]);
            if (a[1].CaseIndex == 0) param.Set(Take<OutgoingResponse>(a[1].Payload!.Value), null);
            else param.Set(null, a[1].Payload);
            param.Dispose();
        });

        // incoming-response
        IncomingResponse InResp(ComponentValue v) => t.Get<IncomingResponse>(v.HandleValue);
        Fn(ty, "[method]incoming-response.status", a => ComponentValue.U16(InResp(a[0]).Status));
        Fn(ty, "[method]incoming-response.headers", a => Push(InResp(a[0]).Headers.ImmutableView()));
        Fn(ty, "[method]incoming-response.consume", a =>
        {
            var resp = InResp(a[0]);
            if (resp.Body is not { } body) return ComponentValue.Err();
            resp.Body = null;
            return ComponentValue.Ok(Push(body));
        });

        // incoming-body, future-trailers
        Fn(ty, "[method]incoming-body.stream", a => t.Get<IncomingBody>(a[0].HandleValue).TakeStream() is { } s ? ComponentValue.Ok(Push(s)) : ComponentValue.Err());
        Fn(ty, "[static]incoming-body.finish", a => Push(Take<IncomingBody>(a[0]).Finish()));
        Fn(ty, "[method]future-trailers.subscribe", a => { t.Get<FutureTrailers>(a[0].HandleValue); return Push(new ReadyPollable()); });
        Fn(ty, "[method]future-trailers.get", a =>
        {
            var f = t.Get<FutureTrailers>(a[0].HandleValue);
            if (f.Taken) return ComponentValue.Some(ComponentValue.Err());
            f.Taken = true;
            var trailers = f.Trailers is { } tr ? ComponentValue.Some(Push(tr)) : ComponentValue.None;
            return ComponentValue.Some(ComponentValue.Ok(ComponentValue.Ok(trailers)));
        });

        // outgoing-response, outgoing-body
        OutgoingResponse OutResp(ComponentValue v) => t.Get<OutgoingResponse>(v.HandleValue);
        Fn(ty, "[constructor]outgoing-response", a => Push(new OutgoingResponse(Take<Fields>(a[0]).ImmutableView())));
        Fn(ty, "[method]outgoing-response.status-code", a => ComponentValue.U16(OutResp(a[0]).Status));
        Fn(ty, "[method]outgoing-response.set-status-code", a =>
        {
            var code = (ushort)a[1].AsUInt64();
            if (code is < 100 or > 999) return ComponentValue.Err();
            OutResp(a[0]).Status = code;
            return ComponentValue.Ok();
        });
        Fn(ty, "[method]outgoing-response.headers", a => Push(OutResp(a[0]).Headers.ImmutableView()));
        Fn(ty, "[method]outgoing-response.body", a =>
        {
            var resp = OutResp(a[0]);
            if (resp.BodyTaken) return ComponentValue.Err();
            resp.BodyTaken = true;
            return ComponentValue.Ok(Push(resp.Body));
        });
        Fn(ty, "[method]outgoing-body.write", a => t.Get<OutgoingBody>(a[0].HandleValue).TakeStream() is { } s ? ComponentValue.Ok(Push(s)) : ComponentValue.Err());
        Fn(ty, "[static]outgoing-body.finish", a =>
        {
            var body = Take<OutgoingBody>(a[0]);
            Fields? trailers = a[1].CaseIndex == 1 ? Take<Fields>(a[1].Payload!.Value) : null;
            body.Finish(trailers);
            return ComponentValue.Ok();
        });

        // future-incoming-response
        FutureIncomingResponse Fut(ComponentValue v) => t.Get<FutureIncomingResponse>(v.HandleValue);
        Fn(ty, "[method]future-incoming-response.subscribe", a => Push(new TaskPollable(Fut(a[0]).Task)));
        Fn(ty, "[method]future-incoming-response.get", a =>
        {
            var f = Fut(a[0]);
            if (!f.Task.IsCompleted) return ComponentValue.None;
            if (f.Taken) return ComponentValue.Some(ComponentValue.Err());
            f.Taken = true;
            var (response, error) = f.Task.Result;
            var inner = response is not null ? ComponentValue.Ok(Push(response)) : ComponentValue.Err(error ?? ErrorCodes.Internal(null));
            return ComponentValue.Some(ComponentValue.Ok(inner));
        });

        var outgoing = linker.Instance(Name("wasi:http/outgoing-handler"));
        Fn(outgoing, "handle", a =>
        {
            var request = Take<OutgoingRequest>(a[0]);
            RequestOptions? options = a[1].CaseIndex == 1 ? Take<RequestOptions>(a[1].Payload!.Value) : null;
            var future = OutgoingSender.Send(request, options, ctx.HttpPolicy, out var error);
            return future is not null ? ComponentValue.Ok(Push(future)) : ComponentValue.Err(error!.Value);
        });
    }

    private static string HostPart(string authority)
    {
        if (authority.StartsWith('[')) { int end = authority.IndexOf(']'); return end > 0 ? authority.Substring(0, end + 1) : authority; }
        int colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority.Substring(0, colon) : authority;
    }
}
