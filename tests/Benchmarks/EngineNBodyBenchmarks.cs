using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>Floating point: the n-body simulation (5 bodies, doubles, sqrt) for a fixed number of steps.</summary>
public class EngineNBodyBenchmarks : EngineKernelBenchmark
{
    /// <summary>Simulation steps per call.</summary>
    public const int Steps = 200_000;

    private WasmValue[] _args = null!;
    private Func<int, double> _theirs = null!;

    /// <inheritdoc/>
    protected override string Fixture => "nbody.wasm";

    /// <inheritdoc/>
    protected override string Export => "nbody";

    /// <inheritdoc/>
    protected override void Bind()
    {
        _args = new[] { WasmValue.FromI32(Steps) };
        _theirs = Theirs.GetFunction<int, double>(Export) ?? throw new InvalidOperationException("nbody has another signature");
    }

    /// <inheritdoc/>
    protected override long RunOurs(Function ours) => ours.Invoke(_args)[0].Bits;

    /// <inheritdoc/>
    protected override long RunTheirs() => BitConverter.DoubleToInt64Bits(_theirs(Steps));
}
