using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>Memory-heavy: the sieve of Eratosthenes over a byte buffer on the guest heap; counts primes up to a limit.</summary>
public class EngineSieveBenchmarks : EngineKernelBenchmark
{
    /// <summary>Upper limit of the sieve.</summary>
    public const int Limit = 5_000_000;

    private WasmValue[] _args = null!;
    private Func<int, int> _theirs = null!;

    /// <inheritdoc/>
    protected override string Fixture => "sieve.wasm";

    /// <inheritdoc/>
    protected override string Export => "sieve";

    /// <inheritdoc/>
    protected override void Bind()
    {
        _args = new[] { WasmValue.FromI32(Limit) };
        _theirs = Theirs.GetFunction<int, int>(Export) ?? throw new InvalidOperationException("sieve has another signature");
    }

    /// <inheritdoc/>
    protected override long RunOurs(Function ours) => ours.Invoke(_args)[0].I32;

    /// <inheritdoc/>
    protected override long RunTheirs() => _theirs(Limit);
}
