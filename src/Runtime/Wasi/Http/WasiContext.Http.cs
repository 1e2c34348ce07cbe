using System;
using System.Collections.Generic;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.OutgoingHandler;
using WitBindgen.Runtime.Wasi.Io;
using ErrorResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Error.Error;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;

namespace WitBindgen.Runtime.Wasi;

// wasi:http/types and wasi:http/outgoing-handler over the context, as the typed bindings registered by Http.WasiHttp
// call them: the constructors and static functions (the resources' methods are on the resource objects, Http/*.cs).
// What a resource makes for the guest later (body streams, pollables) takes the context's cancellation here.
public sealed partial class WasiContext : HttpTypes.ITypes, IOutgoingHandler
{
    HttpTypes.ErrorCode? HttpTypes.ITypes.HttpErrorCode(ErrorResource err) => ((IoError)err).HttpCode;

    HttpTypes.Fields HttpTypes.ITypes.CreateFields() => new Http.Fields();

    Result<HttpTypes.Fields, HttpTypes.HeaderError> HttpTypes.ITypes.FieldsFromList(IReadOnlyList<(string, ReadOnlyMemory<byte>)> entries) => Http.Fields.FromList(entries);

    HttpTypes.OutgoingRequest HttpTypes.ITypes.CreateOutgoingRequest(HttpTypes.Fields headers) => new Http.OutgoingRequest(((Http.Fields)headers).ImmutableView(), Cancellation);

    HttpTypes.RequestOptions HttpTypes.ITypes.CreateRequestOptions() => new Http.RequestOptions();

    void HttpTypes.ITypes.ResponseOutparamSet(HttpTypes.ResponseOutparam param, Result<HttpTypes.OutgoingResponse, HttpTypes.ErrorCode> response)
    {
        var outparam = (Http.ResponseOutparam)param;
        if (response.IsOk) outparam.Set((Http.OutgoingResponse)response.Value, null);
        else outparam.Set(null, response.Error);
        outparam.Dispose();
    }

    HttpTypes.FutureTrailers HttpTypes.ITypes.IncomingBodyFinish(HttpTypes.IncomingBody @this) => ((Http.IncomingBody)@this).Finish();

    HttpTypes.OutgoingResponse HttpTypes.ITypes.CreateOutgoingResponse(HttpTypes.Fields headers) => new Http.OutgoingResponse(((Http.Fields)headers).ImmutableView(), Cancellation);

    Result<Unit, HttpTypes.ErrorCode> HttpTypes.ITypes.OutgoingBodyFinish(HttpTypes.OutgoingBody @this, HttpTypes.Fields? trailers)
    {
        ((Http.OutgoingBody)@this).Finish((Http.Fields?)trailers);
        return Unit.Value;
    }

    Result<HttpTypes.FutureIncomingResponse, HttpTypes.ErrorCode> IOutgoingHandler.Handle(HttpTypes.OutgoingRequest request, HttpTypes.RequestOptions? options)
    {
        var future = Http.OutgoingSender.Send((Http.OutgoingRequest)request, (Http.RequestOptions?)options, HttpPolicy, Cancellation, out var error);
        return future is not null ? Result<HttpTypes.FutureIncomingResponse, HttpTypes.ErrorCode>.Ok(future)
            : Result<HttpTypes.FutureIncomingResponse, HttpTypes.ErrorCode>.Err(error!);
    }
}
