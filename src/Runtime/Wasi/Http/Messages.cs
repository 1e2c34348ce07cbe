using System;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Io;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;
using Status = WitBindgen.Bindings.Result<WitBindgen.Bindings.Unit, WitBindgen.Bindings.Unit>;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>A <c>wasi:http/types.incoming-request</c>: what a client sent to the guest's incoming handler.</summary>
internal sealed class IncomingRequest : HttpTypes.IncomingRequest
{
    private readonly string _method;
    private readonly string? _scheme;
    private readonly string? _authority;
    private readonly string? _pathWithQuery;
    private readonly Fields _headers;
    private IncomingBody? _body;

    public IncomingRequest(string method, string? scheme, string? authority, string? pathWithQuery, Fields headers, IncomingBody body)
    {
        _method = method;
        _scheme = scheme;
        _authority = authority;
        _pathWithQuery = pathWithQuery;
        _headers = headers;
        _body = body;
    }

    public override HttpTypes.Method Method() => HttpValues.Method(_method);
    public override HttpTypes.Scheme? Scheme() => _scheme is { } s ? HttpValues.Scheme(s) : null;
    public override string? Authority() => _authority;
    public override string? PathWithQuery() => _pathWithQuery;
    public override HttpTypes.Fields Headers() => _headers.ImmutableView();

    /// <summary>The body, once.</summary>
    public override Result<HttpTypes.IncomingBody, Unit> Consume() => Take(ref _body);

    /// <summary>Moves a body out of its message: the first call gets it, later ones fail.</summary>
    internal static Result<HttpTypes.IncomingBody, Unit> Take(ref IncomingBody? body)
    {
        if (body is not { } b) return Result<HttpTypes.IncomingBody, Unit>.Err(Unit.Value);
        body = null;
        return Result<HttpTypes.IncomingBody, Unit>.Ok(b);
    }
}

/// <summary>A <c>wasi:http/types.outgoing-request</c> the guest builds for <c>outgoing-handler.handle</c>.</summary>
internal sealed class OutgoingRequest : HttpTypes.OutgoingRequest
{
    private static readonly char[] s_badInPath = { ' ', '\r', '\n', '\0', '#' };
    private static readonly char[] s_badInScheme = { ':', '/', ' ' };
    private static readonly char[] s_badInAuthority = { '/', '?', '#', '@', ' ', '\r', '\n' };

    private readonly CancellationToken _cancel;
    private string? _pathWithQuery;
    private string? _authority;

    /// <param name="headers">The request's headers (immutable).</param>
    /// <param name="cancel">The cancellation of the context that made the request, for its body's stream.</param>
    public OutgoingRequest(Fields headers, CancellationToken cancel)
    {
        HeaderFields = headers;
        _cancel = cancel;
    }

    public Fields HeaderFields { get; }
    public string MethodName { get; private set; } = "GET";
    public string? SchemeName { get; private set; }

    /// <summary>The body once <c>body</c> was called (a request without one is sent without content).</summary>
    public OutgoingBody? RequestBody { get; private set; }

    public override Result<HttpTypes.OutgoingBody, Unit> Body()
    {
        if (RequestBody is not null) return Result<HttpTypes.OutgoingBody, Unit>.Err(Unit.Value);
        return RequestBody = new OutgoingBody(_cancel);
    }

    public override HttpTypes.Method Method() => HttpValues.Method(MethodName);

    public override Status SetMethod(HttpTypes.Method method)
    {
        var name = HttpValues.MethodName(method);
        if (!HttpValues.ValidMethod(name)) return Status.Err(Unit.Value);
        MethodName = name;
        return Unit.Value;
    }

    public override string? PathWithQuery() => _pathWithQuery;

    public override Status SetPathWithQuery(string? pathWithQuery)
    {
        if (pathWithQuery is not null && (pathWithQuery.Length == 0 || pathWithQuery.IndexOfAny(s_badInPath) >= 0)) return Status.Err(Unit.Value);
        _pathWithQuery = pathWithQuery;
        return Unit.Value;
    }

    public override HttpTypes.Scheme? Scheme() => SchemeName is { } s ? HttpValues.Scheme(s) : null;

    public override Status SetScheme(HttpTypes.Scheme? scheme)
    {
        string? s = scheme is null ? null : HttpValues.SchemeName(scheme);
        if (s is not null && (s.Length == 0 || !char.IsAsciiLetter(s[0]) || s.IndexOfAny(s_badInScheme) >= 0)) return Status.Err(Unit.Value);
        SchemeName = s;
        return Unit.Value;
    }

    public override string? Authority() => _authority;

    public override Status SetAuthority(string? authority)
    {
        if (authority is not null && (authority.IndexOfAny(s_badInAuthority) >= 0 || Uri.CheckHostName(HostPart(authority)) == UriHostNameType.Unknown && authority.Length > 0))
            return Status.Err(Unit.Value);
        _authority = authority;
        return Unit.Value;
    }

    public override HttpTypes.Fields Headers() => HeaderFields.ImmutableView();

    private static string HostPart(string authority)
    {
        if (authority.StartsWith('[')) { int end = authority.IndexOf(']'); return end > 0 ? authority.Substring(0, end + 1) : authority; }
        int colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority.Substring(0, colon) : authority;
    }
}

/// <summary>A <c>wasi:http/types.request-options</c>: timeouts in nanoseconds (null: the host's default).</summary>
internal sealed class RequestOptions : HttpTypes.RequestOptions
{
    private ulong? _connect, _firstByte, _betweenBytes;

    public override ulong? ConnectTimeout() => _connect;
    public override Status SetConnectTimeout(ulong? duration) { _connect = duration; return Unit.Value; }
    public override ulong? FirstByteTimeout() => _firstByte;
    public override Status SetFirstByteTimeout(ulong? duration) { _firstByte = duration; return Unit.Value; }
    public override ulong? BetweenBytesTimeout() => _betweenBytes;
    public override Status SetBetweenBytesTimeout(ulong? duration) { _betweenBytes = duration; return Unit.Value; }

    public static TimeSpan? Span(ulong? ns) => ns is { } v ? TimeSpan.FromTicks((long)Math.Min(v / 100, (ulong)TimeSpan.MaxValue.Ticks / 2)) : null;
}

/// <summary>A <c>wasi:http/types.incoming-response</c>: the answer to an outgoing request.</summary>
internal sealed class IncomingResponse : HttpTypes.IncomingResponse
{
    private readonly ushort _status;
    private readonly Fields _headers;
    private IncomingBody? _body;

    public IncomingResponse(ushort status, Fields headers, IncomingBody body) { _status = status; _headers = headers; _body = body; }

    public override ushort Status() => _status;
    public override HttpTypes.Fields Headers() => _headers.ImmutableView();
    public override Result<HttpTypes.IncomingBody, Unit> Consume() => IncomingRequest.Take(ref _body);
}

/// <summary>A <c>wasi:http/types.outgoing-response</c> the guest builds to answer an incoming request.</summary>
internal sealed class OutgoingResponse : HttpTypes.OutgoingResponse
{
    private ushort _status = 200;
    private bool _bodyTaken;

    /// <param name="headers">The response's headers (immutable).</param>
    /// <param name="cancel">The cancellation of the context that made the response, for its body's stream.</param>
    public OutgoingResponse(Fields headers, CancellationToken cancel)
    {
        HeaderFields = headers;
        ResponseBody = new OutgoingBody(cancel);
    }

    public Fields HeaderFields { get; }

    /// <summary>The body, made up front so the host can stream it whenever the guest writes (even after <c>set</c>).</summary>
    public OutgoingBody ResponseBody { get; }

    /// <summary>Whether the guest took the body with <c>body</c>.</summary>
    public bool BodyTaken => _bodyTaken;

    public override ushort StatusCode() => _status;

    public override Status SetStatusCode(ushort statusCode)
    {
        if (statusCode is < 100 or > 999) return Status.Err(Unit.Value);
        _status = statusCode;
        return Unit.Value;
    }

    public override HttpTypes.Fields Headers() => HeaderFields.ImmutableView();

    public override Result<HttpTypes.OutgoingBody, Unit> Body()
    {
        if (_bodyTaken) return Result<HttpTypes.OutgoingBody, Unit>.Err(Unit.Value);
        _bodyTaken = true;
        return ResponseBody;
    }
}

/// <summary>
/// A <c>wasi:http/types.response-outparam</c>: the guest's incoming handler sets it once, with a response or an
/// error code; the host awaits <see cref="Task"/>.
/// </summary>
internal sealed class ResponseOutparam : HttpTypes.ResponseOutparam
{
    private readonly TaskCompletionSource<(OutgoingResponse? Response, HttpTypes.ErrorCode? Error)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(OutgoingResponse? Response, HttpTypes.ErrorCode? Error)> Task => _result.Task;

    public void Set(OutgoingResponse? response, HttpTypes.ErrorCode? error) => _result.TrySetResult((response, error));

    /// <summary>Dropped without <c>set</c>: the host answers with an internal error.</summary>
    public override void Dispose() => _result.TrySetResult((null, ErrorCodes.Internal("the guest dropped response-outparam without setting it")));
}

/// <summary>A <c>wasi:http/types.future-incoming-response</c>: the pending answer of <c>outgoing-handler.handle</c>.</summary>
internal sealed class FutureIncomingResponse : HttpTypes.FutureIncomingResponse
{
    private readonly CancellationTokenSource _abandon;
    private readonly CancellationToken _cancel;
    private bool _taken;

    /// <param name="task">The exchange: the response, or the error code it failed with.</param>
    /// <param name="abandon">Cancels the exchange when the future is dropped first.</param>
    /// <param name="cancel">The cancellation of the context that sent the request, for the pollables.</param>
    public FutureIncomingResponse(Task<(IncomingResponse? Response, HttpTypes.ErrorCode? Error)> task, CancellationTokenSource abandon, CancellationToken cancel)
    {
        Task = task;
        _abandon = abandon;
        _cancel = cancel;
    }

    public Task<(IncomingResponse? Response, HttpTypes.ErrorCode? Error)> Task { get; }

    public override PollableResource Subscribe() => new TaskPollable(Task, _cancel);

    /// <summary>Nothing until the exchange ended; then its outcome, once (later calls get the inner error).</summary>
    public override Result<Result<HttpTypes.IncomingResponse, HttpTypes.ErrorCode>, Unit>? Get()
    {
        if (!Task.IsCompleted) return null;
        if (_taken) return Result<Result<HttpTypes.IncomingResponse, HttpTypes.ErrorCode>, Unit>.Err(Unit.Value);
        _taken = true;
        var (response, error) = Task.Result;
        return Result<Result<HttpTypes.IncomingResponse, HttpTypes.ErrorCode>, Unit>.Ok(response is not null
            ? Result<HttpTypes.IncomingResponse, HttpTypes.ErrorCode>.Ok(response)
            : Result<HttpTypes.IncomingResponse, HttpTypes.ErrorCode>.Err(error ?? ErrorCodes.Internal(null)));
    }

    /// <summary>Dropping the future abandons the request.</summary>
    public override void Dispose()
    {
        if (!Task.IsCompleted) _abandon.Cancel();
    }
}

/// <summary>Ready when a task has completed (future-incoming-response.subscribe).</summary>
internal sealed class TaskPollable : Pollable
{
    private readonly Task _task;
    public TaskPollable(Task task, CancellationToken cancel) : base(cancel) => _task = task;
    public override bool Ready() => _task.IsCompleted;
    public override WaitHandle? Handle => ((IAsyncResult)_task).AsyncWaitHandle;
}
