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
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        var ty = new HostInstance(linker, "wasi:http/types", context);
        foreach (var r in new[] { "fields", "incoming-request", "outgoing-request", "request-options", "response-outparam", "incoming-response",
                     "incoming-body", "future-trailers", "outgoing-response", "outgoing-body", "future-incoming-response" })
            ty.Resource(r);

        static ComponentValue HeaderResult(HeaderError? e) => e is { } err ? ComponentValue.Err(ComponentValue.Variant((int)err)) : ComponentValue.Ok();

        ty.Fn("http-error-code", static (c, a) => c.Table.Get<IoError>(a[0].HandleValue).HttpCode is { } code ? ComponentValue.Some(code) : ComponentValue.None);

        // fields
        ty.Fn("[constructor]fields", static (c, _) => Push(c, new Fields()));
        ty.Fn("[static]fields.from-list", static (c, a) =>
        {
            var entries = new List<KeyValuePair<string, byte[]>>();
            foreach (var e in a[0].Items) entries.Add(new(e.Items[0].AsString(), Bytes(e.Items[1])));
            var err = Fields.FromList(entries, out var fields);
            return err is { } x ? ComponentValue.Err(ComponentValue.Variant((int)x)) : ComponentValue.Ok(Push(c, fields));
        });
        ty.Fn("[method]fields.get", static (c, a) =>
        {
            var values = F(c, a[0]).Get(a[1].AsString());
            var items = new ComponentValue[values.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ByteList(values[i]);
            return ComponentValue.List(items);
        });
        ty.Fn("[method]fields.has", static (c, a) => ComponentValue.Bool(F(c, a[0]).Has(a[1].AsString())));
        ty.Fn("[method]fields.set", static (c, a) =>
        {
            var values = new List<byte[]>();
            foreach (var v in a[2].Items) values.Add(Bytes(v));
            return HeaderResult(F(c, a[0]).Set(a[1].AsString(), values));
        });
        ty.Fn("[method]fields.delete", static (c, a) => HeaderResult(F(c, a[0]).Delete(a[1].AsString())));
        ty.Fn("[method]fields.append", static (c, a) => HeaderResult(F(c, a[0]).Append(a[1].AsString(), Bytes(a[2]))));
        ty.Fn("[method]fields.entries", static (c, a) =>
        {
            var entries = F(c, a[0]).Entries;
            var items = new ComponentValue[entries.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Tuple(ComponentValue.String(entries[i].Key), ByteList(entries[i].Value));
            return ComponentValue.List(items);
        });
        ty.Fn("[method]fields.clone", static (c, a) => Push(c, F(c, a[0]).Clone()));

        // incoming-request
        ty.Fn("[method]incoming-request.method", static (c, a) => HttpValues.Method(InReq(c, a[0]).Method));
        ty.Fn("[method]incoming-request.path-with-query", static (c, a) => HttpValues.OptionalString(InReq(c, a[0]).PathWithQuery));
        ty.Fn("[method]incoming-request.scheme", static (c, a) => InReq(c, a[0]).Scheme is { } s ? ComponentValue.Some(HttpValues.Scheme(s)) : ComponentValue.None);
        ty.Fn("[method]incoming-request.authority", static (c, a) => HttpValues.OptionalString(InReq(c, a[0]).Authority));
        ty.Fn("[method]incoming-request.headers", static (c, a) => Push(c, InReq(c, a[0]).Headers.ImmutableView()));
        ty.Fn("[method]incoming-request.consume", static (c, a) =>
        {
            var req = InReq(c, a[0]);
            if (req.Body is not { } body) return ComponentValue.Err();
            req.Body = null;
            return ComponentValue.Ok(Push(c, body));
        });

        // outgoing-request
        ty.Fn("[constructor]outgoing-request", static (c, a) => Push(c, new OutgoingRequest(Take<Fields>(c, a[0]).ImmutableView())));
        ty.Fn("[method]outgoing-request.body", static (c, a) =>
        {
            var req = OutReq(c, a[0]);
            if (req.Body is not null) return ComponentValue.Err();
            req.Body = new OutgoingBody();
            return ComponentValue.Ok(Push(c, req.Body));
        });
        ty.Fn("[method]outgoing-request.method", static (c, a) => HttpValues.Method(OutReq(c, a[0]).Method));
        ty.Fn("[method]outgoing-request.set-method", static (c, a) =>
        {
            var name = HttpValues.MethodName(a[1]);
            if (!HttpValues.ValidMethod(name)) return ComponentValue.Err();
            OutReq(c, a[0]).Method = name;
            return ComponentValue.Ok();
        });
        ty.Fn("[method]outgoing-request.path-with-query", static (c, a) => HttpValues.OptionalString(OutReq(c, a[0]).PathWithQuery));
        ty.Fn("[method]outgoing-request.set-path-with-query", static (c, a) =>
        {
            var p = HttpValues.OptionString(a[1]);
            if (p is not null && (p.Length == 0 || p.IndexOfAny(new[] { ' ', '\r', '\n', '\0', '#' }) >= 0)) return ComponentValue.Err();
            OutReq(c, a[0]).PathWithQuery = p;
            return ComponentValue.Ok();
        });
        ty.Fn("[method]outgoing-request.scheme", static (c, a) => OutReq(c, a[0]).Scheme is { } s ? ComponentValue.Some(HttpValues.Scheme(s)) : ComponentValue.None);
        ty.Fn("[method]outgoing-request.set-scheme", static (c, a) =>
        {
            string? s = a[1].CaseIndex == 1 ? HttpValues.SchemeName(a[1].Payload!.Value) : null;
            if (s is not null && (s.Length == 0 || !char.IsAsciiLetter(s[0]) || s.IndexOfAny(new[] { ':', '/', ' ' }) >= 0)) return ComponentValue.Err();
            OutReq(c, a[0]).Scheme = s;
            return ComponentValue.Ok();
        });
        ty.Fn("[method]outgoing-request.authority", static (c, a) => HttpValues.OptionalString(OutReq(c, a[0]).Authority));
        ty.Fn("[method]outgoing-request.set-authority", static (c, a) =>
        {
            var s = HttpValues.OptionString(a[1]);
            if (s is not null && (s.IndexOfAny(new[] { '/', '?', '#', '@', ' ', '\r', '\n' }) >= 0 || Uri.CheckHostName(HostPart(s)) == UriHostNameType.Unknown && s.Length > 0))
                return ComponentValue.Err();
            OutReq(c, a[0]).Authority = s;
            return ComponentValue.Ok();
        });
        ty.Fn("[method]outgoing-request.headers", static (c, a) => Push(c, OutReq(c, a[0]).Headers.ImmutableView()));

        // request-options
        static ComponentValue Dur(ulong? ns) => ns is { } v ? ComponentValue.Some(ComponentValue.U64(v)) : ComponentValue.None;
        static ulong? OptDur(ComponentValue v) => v.CaseIndex == 1 ? v.Payload!.Value.AsUInt64() : null;
        ty.Fn("[constructor]request-options", static (c, _) => Push(c, new RequestOptions()));
        ty.Fn("[method]request-options.connect-timeout", static (c, a) => Dur(Opt(c, a[0]).ConnectTimeout));
        ty.Fn("[method]request-options.set-connect-timeout", static (c, a) => { Opt(c, a[0]).ConnectTimeout = OptDur(a[1]); return ComponentValue.Ok(); });
        ty.Fn("[method]request-options.first-byte-timeout", static (c, a) => Dur(Opt(c, a[0]).FirstByteTimeout));
        ty.Fn("[method]request-options.set-first-byte-timeout", static (c, a) => { Opt(c, a[0]).FirstByteTimeout = OptDur(a[1]); return ComponentValue.Ok(); });
        ty.Fn("[method]request-options.between-bytes-timeout", static (c, a) => Dur(Opt(c, a[0]).BetweenBytesTimeout));
        ty.Fn("[method]request-options.set-between-bytes-timeout", static (c, a) => { Opt(c, a[0]).BetweenBytesTimeout = OptDur(a[1]); return ComponentValue.Ok(); });

        // response-outparam
        ty.Fn0("[static]response-outparam.set", static (c, a) =>
        {
            var param = Take<ResponseOutparam>(c, a[0]);
            if (a[1].CaseIndex == 0) param.Set(Take<OutgoingResponse>(c, a[1].Payload!.Value), null);
            else param.Set(null, a[1].Payload);
            param.Dispose();
        });

        // incoming-response
        ty.Fn("[method]incoming-response.status", static (c, a) => ComponentValue.U16(InResp(c, a[0]).Status));
        ty.Fn("[method]incoming-response.headers", static (c, a) => Push(c, InResp(c, a[0]).Headers.ImmutableView()));
        ty.Fn("[method]incoming-response.consume", static (c, a) =>
        {
            var resp = InResp(c, a[0]);
            if (resp.Body is not { } body) return ComponentValue.Err();
            resp.Body = null;
            return ComponentValue.Ok(Push(c, body));
        });

        // incoming-body, future-trailers
        ty.Fn("[method]incoming-body.stream", static (c, a) => c.Table.Get<IncomingBody>(a[0].HandleValue).TakeStream(c.Cancellation) is { } s ? ComponentValue.Ok(Push(c, s)) : ComponentValue.Err());
        ty.Fn("[static]incoming-body.finish", static (c, a) => Push(c, Take<IncomingBody>(c, a[0]).Finish()));
        ty.Fn("[method]future-trailers.subscribe", static (c, a) => { c.Table.Get<FutureTrailers>(a[0].HandleValue); return Push(c, new ReadyPollable(c.Cancellation)); });
        ty.Fn("[method]future-trailers.get", static (c, a) =>
        {
            var f = c.Table.Get<FutureTrailers>(a[0].HandleValue);
            if (f.Taken) return ComponentValue.Some(ComponentValue.Err());
            f.Taken = true;
            var trailers = f.Trailers is { } tr ? ComponentValue.Some(Push(c, tr)) : ComponentValue.None;
            return ComponentValue.Some(ComponentValue.Ok(ComponentValue.Ok(trailers)));
        });

        // outgoing-response, outgoing-body
        ty.Fn("[constructor]outgoing-response", static (c, a) => Push(c, new OutgoingResponse(Take<Fields>(c, a[0]).ImmutableView())));
        ty.Fn("[method]outgoing-response.status-code", static (c, a) => ComponentValue.U16(OutResp(c, a[0]).Status));
        ty.Fn("[method]outgoing-response.set-status-code", static (c, a) =>
        {
            var code = (ushort)a[1].AsUInt64();
            if (code is < 100 or > 999) return ComponentValue.Err();
            OutResp(c, a[0]).Status = code;
            return ComponentValue.Ok();
        });
        ty.Fn("[method]outgoing-response.headers", static (c, a) => Push(c, OutResp(c, a[0]).Headers.ImmutableView()));
        ty.Fn("[method]outgoing-response.body", static (c, a) =>
        {
            var resp = OutResp(c, a[0]);
            if (resp.BodyTaken) return ComponentValue.Err();
            resp.BodyTaken = true;
            return ComponentValue.Ok(Push(c, resp.Body));
        });
        ty.Fn("[method]outgoing-body.write", static (c, a) => c.Table.Get<OutgoingBody>(a[0].HandleValue).TakeStream(c.Cancellation) is { } s ? ComponentValue.Ok(Push(c, s)) : ComponentValue.Err());
        ty.Fn("[static]outgoing-body.finish", static (c, a) =>
        {
            var body = Take<OutgoingBody>(c, a[0]);
            Fields? trailers = a[1].CaseIndex == 1 ? Take<Fields>(c, a[1].Payload!.Value) : null;
            body.Finish(trailers);
            return ComponentValue.Ok();
        });

        // future-incoming-response
        ty.Fn("[method]future-incoming-response.subscribe", static (c, a) => Push(c, new TaskPollable(Fut(c, a[0]).Task, c.Cancellation)));
        ty.Fn("[method]future-incoming-response.get", static (c, a) =>
        {
            var f = Fut(c, a[0]);
            if (!f.Task.IsCompleted) return ComponentValue.None;
            if (f.Taken) return ComponentValue.Some(ComponentValue.Err());
            f.Taken = true;
            var (response, error) = f.Task.Result;
            var inner = response is not null ? ComponentValue.Ok(Push(c, response)) : ComponentValue.Err(error ?? ErrorCodes.Internal(null));
            return ComponentValue.Some(ComponentValue.Ok(inner));
        });

        var outgoing = new HostInstance(linker, "wasi:http/outgoing-handler", context);
        outgoing.Fn("handle", static (c, a) =>
        {
            var request = Take<OutgoingRequest>(c, a[0]);
            RequestOptions? options = a[1].CaseIndex == 1 ? Take<RequestOptions>(c, a[1].Payload!.Value) : null;
            var future = OutgoingSender.Send(request, options, c.HttpPolicy, out var error);
            return future is not null ? ComponentValue.Ok(Push(c, future)) : ComponentValue.Err(error!.Value);
        });
    }

    private static Fields F(WasiContext c, ComponentValue v) => c.Table.Get<Fields>(v.HandleValue);

    private static IncomingRequest InReq(WasiContext c, ComponentValue v) => c.Table.Get<IncomingRequest>(v.HandleValue);

    private static OutgoingRequest OutReq(WasiContext c, ComponentValue v) => c.Table.Get<OutgoingRequest>(v.HandleValue);

    private static RequestOptions Opt(WasiContext c, ComponentValue v) => c.Table.Get<RequestOptions>(v.HandleValue);

    private static IncomingResponse InResp(WasiContext c, ComponentValue v) => c.Table.Get<IncomingResponse>(v.HandleValue);

    private static OutgoingResponse OutResp(WasiContext c, ComponentValue v) => c.Table.Get<OutgoingResponse>(v.HandleValue);

    private static FutureIncomingResponse Fut(WasiContext c, ComponentValue v) => c.Table.Get<FutureIncomingResponse>(v.HandleValue);

    private static T Take<T>(WasiContext c, ComponentValue v) where T : class
    {
        // Ownership moves to the host: the object leaves the table undisposed.
        return c.Table.Remove<T>(v.HandleValue);
    }

    private static ComponentValue Push(WasiContext c, object o) => ComponentValue.Own(c.Table.Push(o));

    private static string HostPart(string authority)
    {
        if (authority.StartsWith('[')) { int end = authority.IndexOf(']'); return end > 0 ? authority.Substring(0, end + 1) : authority; }
        int colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority.Substring(0, colon) : authority;
    }
}
