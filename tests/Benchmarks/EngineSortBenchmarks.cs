using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>Calls through tables: libc qsort of u32 values, its comparator reached by call_indirect (plus memcpy/memmove).</summary>
public class EngineSortBenchmarks : EngineKernelBenchmark
{
    /// <summary>Number of elements sorted.</summary>
    public const int Count = 50_000;

    private WasmValue[] _args = null!;
    private Func<int, int, int> _theirs = null!;

    /// <inheritdoc/>
    protected override string Fixture => "sort.wasm";

    /// <inheritdoc/>
    protected override string Export => "sort_checksum";

    /// <inheritdoc/>
    protected override void Bind()
    {
        _args = new[] { WasmValue.FromI32(Count), WasmValue.FromI32(0) };
        _theirs = Theirs.GetFunction<int, int, int>(Export) ?? throw new InvalidOperationException("sort_checksum has another signature");
    }

    /// <inheritdoc/>
    protected override long RunOurs(Function ours) => ours.Invoke(_args)[0].I32;

    /// <inheritdoc/>
    protected override long RunTheirs() => _theirs(Count, 0);
}
