using System.Collections.Generic;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Preopens;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types;
using WitBindgen.Runtime.Wasi.Io;
using DescriptorResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types.Descriptor;
using ErrorResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Error.Error;

namespace WitBindgen.Runtime.Wasi;

// wasi:filesystem over the context, as the typed bindings registered by Filesystem.FilesystemHost call it. The
// resources' methods are on the resource objects (Filesystem/Descriptor.cs).
public sealed partial class WasiContext : ITypes, IPreopens
{
    // A new descriptor for each preopen on every call: each is the guest's own handle.
    IReadOnlyList<(DescriptorResource, string)> IPreopens.GetDirectories()
    {
        var directories = new (DescriptorResource, string)[Preopens.Count];
        for (int i = 0; i < directories.Length; i++)
            directories[i] = (new Filesystem.Descriptor(this, Preopens[i].HostPath, Preopens[i].ReadOnly), Preopens[i].GuestPath);
        return directories;
    }

    ErrorCode? ITypes.FilesystemErrorCode(ErrorResource err) =>
        ((IoError)err).FilesystemCode is { } code ? (ErrorCode)code : null;
}
