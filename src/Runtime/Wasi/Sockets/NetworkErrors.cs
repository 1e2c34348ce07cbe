using System;
using System.Net.Sockets;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>The cases of <c>wasi:sockets/network.error-code</c>, in WIT order.</summary>
internal enum NetworkErrorCode
{
    Unknown, AccessDenied, NotSupported, InvalidArgument, OutOfMemory, Timeout, ConcurrencyConflict, NotInProgress,
    WouldBlock, InvalidState, NewSocketLimit, AddressNotBindable, AddressInUse, RemoteUnreachable, ConnectionRefused,
    ConnectionReset, ConnectionAborted, DatagramTooLarge, NameUnresolvable, TemporaryResolverFailure, PermanentResolverFailure,
}

/// <summary>A socket operation failed with an <c>error-code</c> (returned to the guest as <c>err</c>, never a trap).</summary>
internal sealed class NetworkException : Exception
{
    public NetworkException(NetworkErrorCode code, string? message = null) : base(message ?? code.ToString()) => Code = code;
    public NetworkErrorCode Code { get; }

    /// <summary>The error-code of a .NET socket failure.</summary>
    public static NetworkErrorCode Map(SocketError e) => e switch
    {
        SocketError.AccessDenied => NetworkErrorCode.AccessDenied,
        SocketError.AddressAlreadyInUse => NetworkErrorCode.AddressInUse,
        SocketError.AddressNotAvailable => NetworkErrorCode.AddressNotBindable,
        SocketError.ConnectionRefused => NetworkErrorCode.ConnectionRefused,
        SocketError.ConnectionReset => NetworkErrorCode.ConnectionReset,
        SocketError.ConnectionAborted or SocketError.OperationAborted or SocketError.Shutdown => NetworkErrorCode.ConnectionAborted,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => NetworkErrorCode.RemoteUnreachable,
        SocketError.TimedOut => NetworkErrorCode.Timeout,
        SocketError.WouldBlock or SocketError.IOPending or SocketError.InProgress or SocketError.AlreadyInProgress => NetworkErrorCode.WouldBlock,
        SocketError.InvalidArgument or SocketError.Fault or SocketError.DestinationAddressRequired => NetworkErrorCode.InvalidArgument,
        SocketError.MessageSize => NetworkErrorCode.DatagramTooLarge,
        SocketError.NoBufferSpaceAvailable => NetworkErrorCode.OutOfMemory,
        SocketError.TooManyOpenSockets => NetworkErrorCode.NewSocketLimit,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported or SocketError.ProtocolNotSupported
            or SocketError.OperationNotSupported or SocketError.SocketNotSupported => NetworkErrorCode.NotSupported,
        SocketError.IsConnected or SocketError.NotConnected => NetworkErrorCode.InvalidState,
        SocketError.HostNotFound or SocketError.NoData => NetworkErrorCode.NameUnresolvable,
        SocketError.TryAgain => NetworkErrorCode.TemporaryResolverFailure,
        SocketError.NoRecovery => NetworkErrorCode.PermanentResolverFailure,
        _ => NetworkErrorCode.Unknown,
    };

    /// <summary>The error-code of any exception a socket operation threw.</summary>
    public static NetworkErrorCode Map(Exception e) => e switch
    {
        NetworkException n => n.Code,
        SocketException s => Map(s.SocketErrorCode),
        AggregateException { InnerException: { } inner } => Map(inner),
        ObjectDisposedException => NetworkErrorCode.InvalidState,
        OperationCanceledException => NetworkErrorCode.ConnectionAborted,
        _ => NetworkErrorCode.Unknown,
    };

    public static NetworkException InvalidState(string message) => new(NetworkErrorCode.InvalidState, message);
    public static NetworkException InvalidArgument(string message) => new(NetworkErrorCode.InvalidArgument, message);
    public static NetworkException NotInProgress() => new(NetworkErrorCode.NotInProgress, "the operation is not in progress");
    public static NetworkException WouldBlock() => new(NetworkErrorCode.WouldBlock, "the operation would block");
}
