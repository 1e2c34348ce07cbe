using System;
using BenchmarkDotNet.Attributes;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// GC allocation: builds a linked list of 100,000 structs (each <c>struct.new</c> an object of the .NET GC on our engine)
/// and walks it, summing a field; Wasmtime (GC switched on through its Config) is the baseline.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser(displayGenColumns: false)]
public class EngineGcBenchmarks : IDisposable
{
    /// <summary>Nodes per call.</summary>
    public const int Nodes = 100_000;

    private const string Program = @"(module
      (type $node (struct (field $v i64) (field $next (ref null $node))))
      (func (export ""list_sum"") (param $n i32) (result i64)
        (local $head (ref null $node)) (local $i i32) (local $sum i64)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $head (struct.new $node (i64.extend_i32_u (local.get $i)) (local.get $head)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (block $end
          (loop $walk
            (br_if $end (ref.is_null (local.get $head)))
            (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $head))))
            (local.set $head (struct.get $node $next (local.get $head)))
            (br $walk)))
        (local.get $sum)))";

    private global::Wasmtime.Config? _config;
    private global::Wasmtime.Engine? _wasmtimeEngine;
    private global::Wasmtime.Module? _wasmtimeModule;
    private global::Wasmtime.Linker? _wasmtimeLinker;
    private global::Wasmtime.Store? _wasmtimeStore;
    private Func<int, long> _theirs = null!;
    private Function _ours = null!;
    private readonly WasmValue[] _args = { WasmValue.FromI32(Nodes) };

    /// <summary>Instantiates the program on both engines and checks they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _config = new global::Wasmtime.Config().WithGc(true).WithFunctionReferences(true);
        _wasmtimeEngine = new global::Wasmtime.Engine(_config);
        _wasmtimeModule = global::Wasmtime.Module.FromText(_wasmtimeEngine, "gc", Program);
        _wasmtimeLinker = new global::Wasmtime.Linker(_wasmtimeEngine);
        _wasmtimeStore = new global::Wasmtime.Store(_wasmtimeEngine);
        _theirs = _wasmtimeLinker.Instantiate(_wasmtimeStore, _wasmtimeModule).GetFunction<int, long>("list_sum")
            ?? throw new InvalidOperationException("list_sum has another signature");
        var engine = new Engine();
        var bytes = global::Wasmtime.Module.ConvertText(Program);
        _ours = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, bytes)).GetFunction("list_sum")!;
        if (Ours() != Wasmtime()) throw new InvalidOperationException("the engines disagree");
    }

    /// <summary>Wasmtime (Cranelift, its GC heap) baseline.</summary>
    [Benchmark(Baseline = true)]
    public long Wasmtime() => _theirs(Nodes);

    /// <summary>Our engine: structs are .NET objects.</summary>
    [Benchmark]
    public long Ours() => _ours.Invoke(_args)[0].I64;

    /// <inheritdoc/>
    public void Dispose()
    {
        _wasmtimeStore?.Dispose();
        _wasmtimeLinker?.Dispose();
        _wasmtimeModule?.Dispose();
        _wasmtimeEngine?.Dispose();
        _config?.Dispose();
        GC.SuppressFinalize(this);
    }
}
