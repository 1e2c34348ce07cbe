using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>Integer mixing: murmur3-style 32-bit hashing (multiplies, rotates, xors) over a counter.</summary>
public class EngineHashBenchmarks : EngineKernelBenchmark
{
    /// <summary>Loop iterations per call.</summary>
    public const int Iterations = 10_000_000;
    private const int Seed = 12345;

    private WasmValue[] _args = null!;
    private Func<int, int, int> _theirs = null!;

    /// <inheritdoc/>
    protected override string Fixture => "hash.wasm";

    /// <inheritdoc/>
    protected override string Export => "murmur";

    /// <inheritdoc/>
    protected override void Bind()
    {
        _args = new[] { WasmValue.FromI32(Seed), WasmValue.FromI32(Iterations) };
        _theirs = Theirs.GetFunction<int, int, int>(Export) ?? throw new InvalidOperationException("murmur has another signature");
    }

    /// <inheritdoc/>
    protected override long RunOurs(Function ours) => ours.Invoke(_args)[0].I32;

    /// <inheritdoc/>
    protected override long RunTheirs() => _theirs(Seed, Iterations);
}
