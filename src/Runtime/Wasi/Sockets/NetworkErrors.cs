using System;
using System.Net.Sockets;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>A socket operation failed with an <c>error-code</c> (returned to the guest as <c>err</c>, never a trap).</summary>
internal sealed class NetworkException : Exception
{
    public NetworkException(ErrorCode code, string? message = null) : base(message ?? code.ToString()) => Code = code;
    public ErrorCode Code { get; }

    /// <summary>The error-code of a .NET socket failure.</summary>
    public static ErrorCode Map(SocketError e) => e switch
    {
        SocketError.AccessDenied => ErrorCode.AccessDenied,
        SocketError.AddressAlreadyInUse => ErrorCode.AddressInUse,
        SocketError.AddressNotAvailable => ErrorCode.AddressNotBindable,
        SocketError.ConnectionRefused => ErrorCode.ConnectionRefused,
        SocketError.ConnectionReset => ErrorCode.ConnectionReset,
        SocketError.ConnectionAborted or SocketError.OperationAborted or SocketError.Shutdown => ErrorCode.ConnectionAborted,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => ErrorCode.RemoteUnreachable,
        SocketError.TimedOut => ErrorCode.Timeout,
        SocketError.WouldBlock or SocketError.IOPending or SocketError.InProgress or SocketError.AlreadyInProgress => ErrorCode.WouldBlock,
        SocketError.InvalidArgument or SocketError.Fault or SocketError.DestinationAddressRequired => ErrorCode.InvalidArgument,
        SocketError.MessageSize => ErrorCode.DatagramTooLarge,
        SocketError.NoBufferSpaceAvailable => ErrorCode.OutOfMemory,
        SocketError.TooManyOpenSockets => ErrorCode.NewSocketLimit,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported or SocketError.ProtocolNotSupported
            or SocketError.OperationNotSupported or SocketError.SocketNotSupported => ErrorCode.NotSupported,
        SocketError.IsConnected or SocketError.NotConnected => ErrorCode.InvalidState,
        SocketError.HostNotFound or SocketError.NoData => ErrorCode.NameUnresolvable,
        SocketError.TryAgain => ErrorCode.TemporaryResolverFailure,
        SocketError.NoRecovery => ErrorCode.PermanentResolverFailure,
        _ => ErrorCode.Unknown,
    };

    /// <summary>The error-code of any exception a socket operation threw.</summary>
    public static ErrorCode Map(Exception e) => e switch
    {
        NetworkException n => n.Code,
        SocketException s => Map(s.SocketErrorCode),
        AggregateException { InnerException: { } inner } => Map(inner),
        ObjectDisposedException => ErrorCode.InvalidState,
        OperationCanceledException => ErrorCode.ConnectionAborted,
        _ => ErrorCode.Unknown,
    };

    public static NetworkException InvalidState(string message) => new(ErrorCode.InvalidState, message);
    public static NetworkException InvalidArgument(string message) => new(ErrorCode.InvalidArgument, message);
    public static NetworkException NotInProgress() => new(ErrorCode.NotInProgress, "the operation is not in progress");
    public static NetworkException WouldBlock() => new(ErrorCode.WouldBlock, "the operation would block");
}

/// <summary>
/// The <c>result&lt;_, error-code&gt;</c> of socket operations: a <see cref="NetworkException"/> or a .NET socket
/// failure becomes <c>err(error-code)</c>; anything else (a trap) propagates.
/// </summary>
internal static class NetworkResult
{
    /// <summary>Whether <paramref name="e"/> is a failure the guest gets as an error code.</summary>
    public static bool IsFailure(Exception e) => e is NetworkException or SocketException or ObjectDisposedException;

    public static Result<T, ErrorCode> Err<T>(ErrorCode code) => Result<T, ErrorCode>.Err(code);

    public static Result<T, ErrorCode> Err<T>(Exception e) => Result<T, ErrorCode>.Err(NetworkException.Map(e));

    /// <summary>The value of <paramref name="operation"/> on <paramref name="state"/>, or its failure (a static lambda keeps the call allocation-free).</summary>
    public static Result<T, ErrorCode> Get<TState, T>(TState state, Func<TState, T> operation)
    {
        try { return operation(state); }
        catch (Exception e) when (IsFailure(e)) { return Err<T>(e); }
    }

    /// <summary>Runs <paramref name="operation"/> on <paramref name="state"/>: <c>ok</c>, or its failure.</summary>
    public static Result<Unit, ErrorCode> Do<TState>(TState state, Action<TState> operation)
    {
        try { operation(state); return Unit.Value; }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }
}
