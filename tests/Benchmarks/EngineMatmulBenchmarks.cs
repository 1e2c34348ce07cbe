using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>Matrix multiply: n x n doubles on the guest heap (i-k-j loop order), then a weighted checksum.</summary>
public class EngineMatmulBenchmarks : EngineKernelBenchmark
{
    /// <summary>Matrix size.</summary>
    public const int Size = 300;

    private WasmValue[] _args = null!;
    private Func<int, double> _theirs = null!;

    /// <inheritdoc/>
    protected override string Fixture => "matmul.wasm";

    /// <inheritdoc/>
    protected override string Export => "matmul";

    /// <inheritdoc/>
    protected override void Bind()
    {
        _args = new[] { WasmValue.FromI32(Size) };
        _theirs = Theirs.GetFunction<int, double>(Export) ?? throw new InvalidOperationException("matmul has another signature");
    }

    /// <inheritdoc/>
    protected override long RunOurs(Function ours) => ours.Invoke(_args)[0].Bits;

    /// <inheritdoc/>
    protected override long RunTheirs() => BitConverter.DoubleToInt64Bits(_theirs(Size));
}
