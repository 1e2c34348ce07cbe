namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// Preview1 sock_*: the preview1 host opens no sockets (preview1 cannot create them and no listener is preopened),
/// so every descriptor is either closed (badf) or not a socket (notsock), as wasmtime answers for such descriptors.
/// </summary>
internal static class P1Sockets
{
    public static void Define(P1Definer d, P1FdTable fds)
    {
        P1Errno NotSocket(int fd)
        {
            fds.Get(fd);
            return P1Errno.NotSock;
        }
        d.Define("sock_accept", "iii", (m, a) => NotSocket(a[0].I32));
        d.Define("sock_recv", "iiiiii", (m, a) => NotSocket(a[0].I32));
        d.Define("sock_send", "iiiii", (m, a) => NotSocket(a[0].I32));
        d.Define("sock_shutdown", "ii", (m, a) => NotSocket(a[0].I32));
    }
}
