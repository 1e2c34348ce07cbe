using System;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>A <c>wasi:http/types.incoming-request</c>: what a client sent to the guest's incoming handler.</summary>
internal sealed class IncomingRequest
{
    public IncomingRequest(string method, string? scheme, string? authority, string? pathWithQuery, Fields headers, IncomingBody body)
    {
        Method = method;
        Scheme = scheme;
        Authority = authority;
        PathWithQuery = pathWithQuery;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }
    public string? Scheme { get; }
    public string? Authority { get; }
    public string? PathWithQuery { get; }
    public Fields Headers { get; }
    /// <summary>The body, until <c>consume</c> took it.</summary>
    public IncomingBody? Body { get; set; }
}

/// <summary>A <c>wasi:http/types.outgoing-request</c> the guest builds for <c>outgoing-handler.handle</c>.</summary>
internal sealed class OutgoingRequest
{
    public OutgoingRequest(Fields headers) => Headers = headers;
    public Fields Headers { get; }
    public string Method { get; set; } = "GET";
    public string? PathWithQuery { get; set; }
    public string? Scheme { get; set; }
    public string? Authority { get; set; }
    /// <summary>The body once <c>body</c> was called (a request without one is sent without content).</summary>
    public OutgoingBody? Body { get; set; }
}

/// <summary>A <c>wasi:http/types.request-options</c>: timeouts in nanoseconds (null: the host's default).</summary>
internal sealed class RequestOptions
{
    public ulong? ConnectTimeout { get; set; }
    public ulong? FirstByteTimeout { get; set; }
    public ulong? BetweenBytesTimeout { get; set; }

    public static TimeSpan? Span(ulong? ns) => ns is { } v ? TimeSpan.FromTicks((long)Math.Min(v / 100, (ulong)TimeSpan.MaxValue.Ticks / 2)) : null;
}

/// <summary>A <c>wasi:http/types.incoming-response</c>: the answer to an outgoing request.</summary>
internal sealed class IncomingResponse
{
    public IncomingResponse(ushort status, Fields headers, IncomingBody body) { Status = status; Headers = headers; Body = body; }
    public ushort Status { get; }
    public Fields Headers { get; }
    public IncomingBody? Body { get; set; }
}

/// <summary>A <c>wasi:http/types.outgoing-response</c> the guest builds to answer an incoming request.</summary>
internal sealed class OutgoingResponse
{
    public OutgoingResponse(Fields headers) => Headers = headers;
    public Fields Headers { get; }
    public ushort Status { get; set; } = 200;
    /// <summary>The body, made up front so the host can stream it whenever the guest writes (even after <c>set</c>).</summary>
    public OutgoingBody Body { get; } = new();
    /// <summary>Whether the guest took the body with <c>body</c>.</summary>
    public bool BodyTaken { get; set; }
}

/// <summary>
/// A <c>wasi:http/types.response-outparam</c>: the guest's incoming handler sets it once, with a response or an
/// error code; the host awaits <see cref="Task"/>.
/// </summary>
internal sealed class ResponseOutparam : IDisposable
{
    private readonly TaskCompletionSource<(OutgoingResponse? Response, ComponentValue? Error)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(OutgoingResponse? Response, ComponentValue? Error)> Task => _result.Task;

    public void Set(OutgoingResponse? response, ComponentValue? error) => _result.TrySetResult((response, error));

    /// <summary>Dropped without <c>set</c>: the host answers with an internal error.</summary>
    public void Dispose() => _result.TrySetResult((null, ErrorCodes.Internal("the guest dropped response-outparam without setting it")));
}

/// <summary>A <c>wasi:http/types.future-incoming-response</c>: the pending answer of <c>outgoing-handler.handle</c>.</summary>
internal sealed class FutureIncomingResponse : IDisposable
{
    private readonly CancellationTokenSource _cancel;

    public FutureIncomingResponse(Task<(IncomingResponse? Response, ComponentValue? Error)> task, CancellationTokenSource cancel)
    {
        Task = task;
        _cancel = cancel;
    }

    public Task<(IncomingResponse? Response, ComponentValue? Error)> Task { get; }
    public bool Taken { get; set; }

    /// <summary>Dropping the future abandons the request.</summary>
    public void Dispose()
    {
        if (!Task.IsCompleted) _cancel.Cancel();
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
