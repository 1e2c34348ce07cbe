using System;
using System.Collections.Generic;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Error;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams;

namespace WitBindgen.Runtime.Wasi;

// wasi:io over the context, as the typed bindings registered by Io.IoHost call it. The resources' methods are on the
// resource objects (Io/Streams.cs, Io/Pollables.cs); only poll takes the context, for its cancellation.
public sealed partial class WasiContext : IError, IPoll, IStreams
{
    ReadOnlyMemory<uint> IPoll.Poll(IReadOnlyList<Pollable> @in) => Io.Poll.WaitAny(@in, Cancellation).ToArray();
}
