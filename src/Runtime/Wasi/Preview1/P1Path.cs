using System;
using System.Text;
using WitBindgen.Runtime.Wasi.Filesystem;
using static WitBindgen.Runtime.Wasi.P1Memory;

namespace WitBindgen.Runtime.Wasi;

/// <summary>Preview1 path_* functions: each resolves its path inside a directory descriptor with the WASI 0.2 sandbox.</summary>
internal static class P1Path
{
    private const int LookupSymlinkFollow = 1;
    private const int OflagDirectory = 2;
    private const uint FlagRead = 1, FlagWrite = 2;

    public static void Define(P1Definer d, WasiContext ctx, P1FdTable fds)
    {
        d.Define("path_open", "iiiiiIIii", (m, a) =>
        {
            var dir = fds.Dir(a[0].I32);
            var path = String(m, a[2].I32, a[3].I32);
            int oflags = a[4].I32, fdflags = a[7].I32;
            long rights = a[5].I64;
            Bytes(m, a[8].I32, 4);
            if ((oflags & ~15) != 0) throw new P1Exception(P1Errno.Inval);
            bool write = (rights & P1Fd.WriteRights) != 0 || (fdflags & P1Fd.FdflagAppend) != 0;
            bool read = (rights & P1Fd.ReadRights) != 0;
            if ((oflags & OflagDirectory) != 0 && write) throw new P1Exception(P1Errno.IsDir);
            uint flags = (read ? FlagRead : 0) | (write ? FlagWrite : 0);
            var desc = FilesystemHost.OpenAt(dir, (uint)(a[1].I32 & LookupSymlinkFollow), path, (uint)oflags, flags);
            P1Entry entry = desc.IsDirectory ? new P1Dir(desc, null) : new P1File(desc, (fdflags & P1Fd.FdflagAppend) != 0);
            int fd;
            try { fd = fds.Add(entry); }
            catch { entry.Close(); throw; }
            PutU32(m, a[8].I32, fd);
            return P1Errno.Success;
        });
        d.Define("path_create_directory", "iii", (m, a) =>
        {
            FilesystemHost.CreateDirectoryAt(fds.Dir(a[0].I32), String(m, a[1].I32, a[2].I32));
            return P1Errno.Success;
        });
        d.Define("path_remove_directory", "iii", (m, a) =>
        {
            FilesystemHost.RemoveDirectoryAt(fds.Dir(a[0].I32), String(m, a[1].I32, a[2].I32));
            return P1Errno.Success;
        });
        d.Define("path_unlink_file", "iii", (m, a) =>
        {
            FilesystemHost.UnlinkFileAt(fds.Dir(a[0].I32), String(m, a[1].I32, a[2].I32));
            return P1Errno.Success;
        });
        d.Define("path_rename", "iiiiii", (m, a) =>
        {
            FilesystemHost.RenameAt(fds.Dir(a[0].I32), String(m, a[1].I32, a[2].I32), fds.Dir(a[3].I32), String(m, a[4].I32, a[5].I32));
            return P1Errno.Success;
        });
        d.Define("path_symlink", "iiiii", (m, a) =>
        {
            FilesystemHost.SymlinkAt(fds.Dir(a[2].I32), String(m, a[0].I32, a[1].I32), String(m, a[3].I32, a[4].I32));
            return P1Errno.Success;
        });
        d.Define("path_link", "iiiiiii", (m, a) =>
        {
            FilesystemHost.LinkAt(fds.Dir(a[0].I32), (a[1].I32 & LookupSymlinkFollow) != 0, String(m, a[2].I32, a[3].I32),
                fds.Dir(a[4].I32), String(m, a[5].I32, a[6].I32));
            return P1Errno.Success;
        });
        d.Define("path_readlink", "iiiiii", (m, a) =>
        {
            var target = Encoding.UTF8.GetBytes(FilesystemHost.ReadlinkAt(fds.Dir(a[0].I32), String(m, a[1].I32, a[2].I32)));
            var buf = Bytes(m, a[3].I32, a[4].I32);
            Bytes(m, a[5].I32, 4);
            int n = Math.Min(target.Length, buf.Length);
            target.AsSpan(0, n).CopyTo(buf);
            PutU32(m, a[5].I32, n);
            return P1Errno.Success;
        });
        d.Define("path_filestat_get", "iiiii", (m, a) =>
        {
            bool follow = (a[1].I32 & LookupSymlinkFollow) != 0;
            var host = Sandbox.Resolve(fds.Dir(a[0].I32), String(m, a[2].I32, a[3].I32), follow);
            P1Fd.WriteFilestat(m, a[4].I32, Sandbox.Info(host, follow));
            return P1Errno.Success;
        });
        d.Define("path_filestat_set_times", "iiiiIIi", (m, a) =>
        {
            var dir = FilesystemHost.Mutable(fds.Dir(a[0].I32));
            var host = Sandbox.Resolve(dir, String(m, a[2].I32, a[3].I32), (a[1].I32 & LookupSymlinkFollow) != 0);
            Sandbox.Info(host, false);
            P1Fd.SetTimes(ctx, host, a[4].I64, a[5].I64, a[6].I32);
            return P1Errno.Success;
        });
    }
}
