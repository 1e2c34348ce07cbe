using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using W = Wasmtime;
using WC = Wasmtime.Components;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Component calls through the dynamic API on our runtime and on Wasmtime.Dotnet's component API
/// (<c>Wasmtime.Components</c>, the baseline of each category; both load the same binary, assembled by our WatAssembler): <c>add(s32, s32)</c>, <c>echo</c> of a 1 KB string,
/// a resource constructor + method + consuming drop, and instantiating a WASI-style component whose linker
/// is set up once. A short job: the machine is shared, one launch, 3 warmups, 5 measured iterations.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser(displayGenColumns: false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ComponentBenchmarks : IDisposable
{
    private static readonly string Kilobyte = BuildString();

    private Engine _engine = null!;
    private ComponentFunction _add = null!, _echo = null!, _make = null!, _get = null!, _consume = null!,
        _makeRaw = null!, _getRaw = null!, _consumeRaw = null!;
    private ComponentLinker _wasiLinker = null!;
    private Typed.Bench.Typed.Api.ApiExports _api = null!;
    private ComponentFunction _roster = null!;
    private readonly Typed.Bench.Typed.Api.Names _names = new(Hundred());
    private ComponentValue[] _rosterArgs = null!;
    private WC.ComponentFunction _wRoster = null!;
    private WC.ComponentValue[] _wRosterArgs = null!;
    private Component _wasiComponent = null!;
    private ComponentInstancePre _wasiPre = null!;

    /// <summary>Our engine (after <see cref="Setup"/>).</summary>
    internal Engine OurEngine => _engine;

    /// <summary>The WASI-style component pre-linked on our runtime (after <see cref="Setup"/>).</summary>
    internal ComponentInstancePre OurWasiPre => _wasiPre;

    private W.Engine _wEngine = null!;
    private W.Store _wStore = null!;
    private readonly List<IDisposable> _owned = new();
    private WC.ComponentFunction _wAdd = null!, _wEcho = null!, _wMake = null!, _wGet = null!, _wConsume = null!;
    private WC.ComponentLinker _wWasiLinker = null!;
    private WC.Component _wWasiComponent = null!;

    private readonly ComponentValue[] _addArgs = { ComponentValue.S32(20), ComponentValue.S32(22) };
    private readonly ComponentValue[] _echoArgs = { ComponentValue.String(Kilobyte) };
    private ComponentFunction _echoBytes = null!, _echoWords = null!;
    private WC.ComponentFunction _wEchoBytes = null!, _wEchoWords = null!;
    private readonly ComponentValue[] _bytesArgs = { ComponentValue.List(Array.ConvertAll(Pattern(1024), b => ComponentValue.U8((byte)b))) };
    private readonly ComponentValue[] _wordsArgs = { ComponentValue.List(Array.ConvertAll(Pattern(256), w => ComponentValue.U32(w * 2654435761u))) };
    private readonly WC.ComponentValue[] _wBytesArgs = { WC.ComponentValue.List(Array.ConvertAll(Pattern(1024), b => WC.ComponentValue.U8((byte)b))) };
    private readonly WC.ComponentValue[] _wWordsArgs = { WC.ComponentValue.List(Array.ConvertAll(Pattern(256), w => WC.ComponentValue.U32(w * 2654435761u))) };
    private WC.ComponentValue[] _wAddArgs = null!, _wEchoArgs = null!;
    private ComponentFunction _runDynamic = null!, _runGenerated = null!, _runDelegate = null!;
    private WC.ComponentFunction _wRun = null!;
    private ComponentFunction _composed = null!;
    private WC.ComponentFunction _wComposed = null!;
    private readonly ComponentValue[] _runArgs = { ComponentValue.U32(ImportCalls) };
    private readonly WC.ComponentValue[] _wRunArgs = { WC.ComponentValue.U32(ImportCalls) };

    /// <summary>How many times one <c>run</c> of the import benchmark calls the host's <c>add</c>.</summary>
    private const int ImportCalls = 1000;

    /// <summary>The import benchmark's host, through generated typed bindings.</summary>
    private sealed class Adder : Loop.Bench.Loop.Host.IHost
    {
        public int Add(int a, int b) => a + b;
    }

    private static string[] Hundred()
    {
        var names = new string[100];
        for (int i = 0; i < names.Length; i++) names[i] = "name-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }

    /// <summary>0, 1, ..., <paramref name="count"/> - 1.</summary>
    private static uint[] Pattern(int count)
    {
        var items = new uint[count];
        for (int i = 0; i < count; i++) items[i] = (uint)i;
        return items;
    }

    private static string BuildString()
    {
        var chars = new char[1024];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)('a' + i % 26);
        return new string(chars);
    }

    /// <summary>Instantiates every component on both runtimes and checks they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        var linker = new ComponentLinker(_engine);
        var store = new Store(_engine);
        _add = linker.Instantiate(store, Component.FromText(_engine, ComponentWat.Add)).GetFunction("add")!;
        _echo = linker.Instantiate(store, Component.FromText(_engine, ComponentWat.Echo)).GetFunction("echo")!;
        var lists = linker.Instantiate(store, Component.FromText(_engine, ComponentWat.EchoLists));
        _echoBytes = lists.GetFunction("echo-bytes")!;
        _echoWords = lists.GetFunction("echo-words")!;
        var res = linker.Instantiate(store, Component.FromText(_engine, ComponentWat.Resource));
        (_make, _get, _consume) = (res.GetFunction("make")!, res.GetFunction("get")!, res.GetFunction("consume")!);
        (_makeRaw, _getRaw, _consumeRaw) = (res.GetFunction("make-raw")!, res.GetFunction("get-raw")!, res.GetFunction("consume-raw")!);
        _wasiComponent = Component.FromText(_engine, ComponentWat.WasiStyle);
        _wasiLinker = DefineWasiStyle(new ComponentLinker(_engine));
        _wasiPre = _wasiLinker.InstantiatePre(_wasiComponent);
        var bench = ComponentWat.Bench();
        var typed = Typed.Bench.Typed.Bench.BenchWorld.Instantiate(store, Component.FromBytes(_engine, bench), linker);
        _api = typed.Api;
        _roster = typed.Instance.GetFunction("bench:typed/api@0.1.0", "roster")!;
        _rosterArgs = new[] { ComponentValue.Record(ComponentValue.List(Array.ConvertAll(Hundred(), ComponentValue.String))) };

        _wEngine = Own(new W.Engine(Own(new W.Config().WithComponentModel(true))));
        _wStore = Own(new W.Store(_wEngine));
        var wLinker = Own(new WC.ComponentLinker(_wEngine));
        WC.ComponentFunction Export(string wat, string name) =>
            wLinker.Instantiate(_wStore, Own(WC.Component.FromBytes(_wEngine, WatAssembler.Assemble(wat)))).GetFunction(name)
            ?? throw new InvalidOperationException(name);
        _wAdd = Export(ComponentWat.Add, "add");
        _wEcho = Export(ComponentWat.Echo, "echo");
        var wLists = wLinker.Instantiate(_wStore, Own(WC.Component.FromBytes(_wEngine, WatAssembler.Assemble(ComponentWat.EchoLists))));
        _wEchoBytes = wLists.GetFunction("echo-bytes") ?? throw new InvalidOperationException("echo-bytes");
        _wEchoWords = wLists.GetFunction("echo-words") ?? throw new InvalidOperationException("echo-words");
        var wRes = wLinker.Instantiate(_wStore, Own(WC.Component.FromBytes(_wEngine, WatAssembler.Assemble(ComponentWat.Resource))));
        _wMake = wRes.GetFunction("make-raw")!;
        _wGet = wRes.GetFunction("get-raw")!;
        _wConsume = wRes.GetFunction("consume-raw")!;
        _wWasiComponent = Own(WC.Component.FromBytes(_wEngine, WatAssembler.Assemble(ComponentWat.WasiStyle)));
        _wWasiLinker = Own(new WC.ComponentLinker(_wEngine));
        DefineWasiStyle(_wWasiLinker);
        _wRoster = wLinker.Instantiate(_wStore, Own(WC.Component.FromBytes(_wEngine, bench))).GetFunction("bench:typed/api@0.1.0", "roster")
            ?? throw new InvalidOperationException("roster");
        _wRosterArgs = new[] { WC.ComponentValue.Record(new[] { new KeyValuePair<string, WC.ComponentValue>("items", WC.ComponentValue.List(Array.ConvertAll(Hundred(), WC.ComponentValue.String))) }) };
        _wAddArgs = new[] { WC.ComponentValue.S32(20), WC.ComponentValue.S32(22) };
        _wEchoArgs = new[] { WC.ComponentValue.String(Kilobyte) };

        var loop = Component.FromText(_engine, ComponentWat.ImportLoop);
        var dynamicHost = new ComponentLinker(_engine);
        dynamicHost.Instance("bench:loop/host@0.1.0").DefineFunction("add", a => new[] { ComponentValue.S32((int)a[0].AsInt64() + (int)a[1].AsInt64()) });
        _runDynamic = dynamicHost.Instantiate(store, loop).GetFunction("run")!;
        var delegateHost = new ComponentLinker(_engine);
        delegateHost.Instance("bench:loop/host@0.1.0").DefineFunction("add", (int a, int b) => a + b);
        _runDelegate = delegateHost.Instantiate(store, loop).GetFunction("run")!;
        var generatedHost = new ComponentLinker(_engine);
        Loop.Bench.Loop.Host.HostImports.AddToLinker(generatedHost, new Adder());
        _runGenerated = generatedHost.Instantiate(store, loop).GetFunction("run")!;
        var wLoopLinker = Own(new WC.ComponentLinker(_wEngine));
        using (var wRoot = wLoopLinker.Root())
        using (var wHost = wRoot.AddInstance("bench:loop/host@0.1.0"))
            wHost.DefineFunction("add", (a, results) => results[0] = WC.ComponentValue.S32(a[0].AsS32() + a[1].AsS32()));
        _wRun = wLoopLinker.Instantiate(_wStore, Own(WC.Component.FromBytes(_wEngine, WatAssembler.Assemble(ComponentWat.ImportLoop)))).GetFunction("run")
            ?? throw new InvalidOperationException("run");

        _composed = linker.Instantiate(store, Component.FromText(_engine, ComponentWat.Composed)).GetFunction("run")!;
        _wComposed = Export(ComponentWat.Composed, "run");

        Check("composed call", ComposedCallOurs(), ComposedCallWasmtime());
        Check("import add", ImportAddOursDynamic(), ImportAddWasmtime());
        Check("import add (delegate)", ImportAddOursDelegate(), ImportAddWasmtime());
        Check("import add (generated)", ImportAddOursGenerated(), ImportAddWasmtime());
        Check("add", AddOurs(), AddWasmtime());
        Check("add (scalar)", AddOursScalar(), AddWasmtime());
        Check("echo", EchoOurs(), EchoWasmtime());
        Check("echo (typed)", EchoOursTyped(), EchoWasmtime());
        Check("echo-bytes", EchoBytesOurs(), EchoBytesWasmtime());
        Check("echo-words", EchoWordsOurs(), EchoWordsWasmtime());
        Check("add (generated)", AddOursGenerated(), AddWasmtime());
        Check("echo (generated)", EchoOursGenerated(), EchoWasmtime());
        Check("roster", RosterOurs(), RosterWasmtime());
        Check("roster (generated)", RosterOursGenerated(), RosterWasmtime());
        Check("resource (generated)", ResourceOursGenerated(), 8);
        Check("resource", ResourceOurs(), ResourceWasmtime());
        Check("resource (raw)", ResourceRawOurs(), ResourceWasmtime());
        Check("instantiate", InstantiateOurs(), InstantiateWasmtime());
        Check("instantiate-pre", InstantiatePreOurs(), InstantiateWasmtime());
    }

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    private static void Check(string what, long ours, long theirs)
    {
        if (ours != theirs) throw new InvalidOperationException($"{what}: ours returned {ours}, Wasmtime {theirs}");
    }

    /// <summary>The host side of the WASI-style imports on our runtime.</summary>
    public static ComponentLinker DefineWasiStyle(ComponentLinker linker)
    {
        var args = new[] { ComponentValue.List(ComponentValue.String("program"), ComponentValue.String("--flag")) };
        linker.Instance("wasi:cli/environment@0.2.0").DefineFunction("get-arguments", _ => args);
        linker.Instance("wasi:clocks/monotonic-clock@0.2.0").DefineFunction("now", _ => new[] { ComponentValue.U64(12345) });
        linker.Instance("example:log/sink@0.1.0").DefineFunction("write", a => new[] { ComponentValue.U32((uint)a[0].AsString().Length) });
        return linker;
    }

    /// <summary>The host side of the WASI-style imports on Wasmtime (one nested linker instance at a time).</summary>
    public static void DefineWasiStyle(WC.ComponentLinker linker)
    {
        using var root = linker.Root();
        using (var env = root.AddInstance("wasi:cli/environment@0.2.0"))
            env.DefineFunction("get-arguments", (_, results) =>
                results[0] = WC.ComponentValue.List(new[] { WC.ComponentValue.String("program"), WC.ComponentValue.String("--flag") }));
        using (var clock = root.AddInstance("wasi:clocks/monotonic-clock@0.2.0"))
            clock.DefineFunction("now", (_, results) => results[0] = WC.ComponentValue.U64(12345));
        using (var log = root.AddInstance("example:log/sink@0.1.0"))
            log.DefineFunction("write", (a, results) => results[0] = WC.ComponentValue.U32((uint)a[0].AsString().Length));
    }

    /// <summary>One component calls another's <c>process(string, list&lt;u32&gt;) -&gt; record</c> 1000 times, on Wasmtime.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("composed-call")]
    public long ComposedCallWasmtime() => _wComposed.Call(_wRunArgs)!.AsU32();

    /// <summary>The same on our runtime (the fused adapter between the two components).</summary>
    [Benchmark, BenchmarkCategory("composed-call")]
    public long ComposedCallOurs() => (long)_composed.Call(_runArgs)!.Value.AsUInt64();

    /// <summary>The guest calls the host's add 1000 times (a dynamic host function) on Wasmtime.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("import-add")]
    public long ImportAddWasmtime() => _wRun.Call(_wRunArgs)!.AsS32();

    /// <summary>The same on our runtime, the host's add defined dynamically (<see cref="ComponentValue"/>s).</summary>
    [Benchmark, BenchmarkCategory("import-add")]
    public long ImportAddOursDynamic() => _runDynamic.Call(_runArgs)!.Value.AsInt64();

    /// <summary>The same, the host's add a typed C# delegate (<c>(int a, int b) =&gt; a + b</c>).</summary>
    [Benchmark, BenchmarkCategory("import-add")]
    public long ImportAddOursDelegate() => _runDelegate.Call(_runArgs)!.Value.AsInt64();

    /// <summary>The same, the host's add implemented through generated typed bindings (the typed import path, no allocation).</summary>
    [Benchmark, BenchmarkCategory("import-add")]
    public long ImportAddOursGenerated()
    {
        Span<ulong> args = stackalloc ulong[] { ImportCalls };
        return (int)_runGenerated.CallScalar(args);
    }

    /// <summary>add(20, 22) on Wasmtime.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("add")]
    public long AddWasmtime() => _wAdd.Call(_wAddArgs)!.AsS32();

    /// <summary>add(20, 22) on our runtime.</summary>
    [Benchmark, BenchmarkCategory("add")]
    public long AddOurs() => _add.Call(_addArgs)!.Value.AsInt64();

    /// <summary>
    /// add(20, 22) on our runtime through the scalar fast path typed host bindings generate
    /// (<see cref="ComponentFunction.CallScalar"/>: flat arguments on the stack, no ComponentValue array).
    /// </summary>
    [Benchmark, BenchmarkCategory("add")]
    public long AddOursScalar()
    {
        Span<ulong> args = stackalloc ulong[] { 20, 22 };
        return (int)_add.CallScalar(args);
    }

    /// <summary>add(20, 22) through generated typed host bindings (wit/bench.wit; the typed fast path, no allocation).</summary>
    [Benchmark, BenchmarkCategory("add")]
    public long AddOursGenerated() => _api.Add(20, 22);

    /// <summary>echo of 1 KB on Wasmtime.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("echo")]
    public long EchoWasmtime() => _wEcho.Call(_wEchoArgs)!.AsString().Length;

    /// <summary>echo of 1 KB on our runtime.</summary>
    [Benchmark, BenchmarkCategory("echo")]
    public long EchoOurs() => _echo.Call(_echoArgs)!.Value.AsString().Length;

    /// <summary>
    /// echo of 1 KB on our runtime through the typed fast path, written as generated host bindings emit it
    /// (<see cref="ComponentFunction.BeginCall"/>: the string transcoded once into guest memory, the result lifted
    /// straight out, no ComponentValue array).
    /// </summary>
    [Benchmark, BenchmarkCategory("echo")]
    public long EchoOursTyped()
    {
        Span<ulong> flat = stackalloc ulong[2];
        var call = _echo.BeginCall(flat);
        try
        {
            call.ArgString(0, Kilobyte);
            call.Invoke();
            var result = call.LoadString(call.ResultArea());
            call.Finish();
            return result.Length;
        }
        finally { call.End(); }
    }

    /// <summary>echo of 1 KB through generated typed host bindings (wit/bench.wit).</summary>
    [Benchmark, BenchmarkCategory("echo")]
    public long EchoOursGenerated() => _api.Echo(Kilobyte).Length;

    /// <summary>roster(names { items: 100 strings }) on Wasmtime (the record comes back through a return area).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("roster")]
    public long RosterWasmtime() => _wRoster.Call(_wRosterArgs)!.AsRecord()[0].Value.AsList().Count;

    /// <summary>The same through our dynamic API.</summary>
    [Benchmark, BenchmarkCategory("roster")]
    public long RosterOurs() => _roster.Call(_rosterArgs)!.Value.Items[0].Items.Length;

    /// <summary>The same through generated typed host bindings (a C# record holding a list of 100 strings).</summary>
    [Benchmark, BenchmarkCategory("roster")]
    public long RosterOursGenerated() => _api.Roster(_names).Items.Count;

    /// <summary>
    /// The constructor of a guest-defined resource, one method on the handle and the drop (destructor) through generated
    /// typed host bindings (wit/bench.wit).
    /// </summary>
    [Benchmark, BenchmarkCategory("resource")]
    public long ResourceOursGenerated()
    {
        using var counter = _api.CreateCounter(7);
        return counter.Get();
    }

    /// <summary>
    /// make-raw(7) + get-raw(handle) + consume-raw(handle) on Wasmtime: the same guest work as make + get + consume,
    /// with the handle passed as a u32 (Wasmtime.Dotnet 50.0.1 throws "Reading component values of kind Resource is
    /// not supported" for own results), so the handle-table work of lifting own/borrow at the boundary is not in it.
    /// </summary>
    [Benchmark(Baseline = true), BenchmarkCategory("resource")]
    public long ResourceWasmtime()
    {
        var handle = _wMake.Call(WC.ComponentValue.U32(7))!;
        long got = _wGet.Call(handle)!.AsU32();
        return got + _wConsume.Call(handle)!.AsU32();
    }

    /// <summary>The same u32-handle calls as <see cref="ResourceWasmtime"/>, on our runtime.</summary>
    [Benchmark, BenchmarkCategory("resource")]
    public long ResourceRawOurs()
    {
        var handle = _makeRaw.Call(ComponentValue.U32(7))!.Value;
        long got = _getRaw.Call(handle)!.Value.AsInt64();
        return got + _consumeRaw.Call(handle)!.Value.AsInt64();
    }

    /// <summary>make(7) + get(borrow) + consume(own) on our runtime.</summary>
    [Benchmark, BenchmarkCategory("resource")]
    public long ResourceOurs()
    {
        var own = _make.Call(ComponentValue.U32(7))!.Value;
        long got = _get.Call(ComponentValue.Borrow((uint)own.RawBits))!.Value.AsInt64();
        return got + _consume.Call(own)!.Value.AsInt64();
    }

    /// <summary>echo-bytes of a 1 KB list&lt;u8&gt; on Wasmtime: the last element comes back.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("echo-bytes")]
    public long EchoBytesWasmtime()
    {
        var items = _wEchoBytes.Call(_wBytesArgs)!.AsList();
        return items[items.Count - 1].AsU8() + items.Count;
    }

    /// <summary>The same on our runtime (dynamic call: the list lowered into and lifted from guest memory).</summary>
    [Benchmark, BenchmarkCategory("echo-bytes")]
    public long EchoBytesOurs()
    {
        var items = _echoBytes.Call(_bytesArgs)!.Value.Items;
        return (long)items[^1].RawBits + items.Length;
    }

    /// <summary>echo-words of a 256-element list&lt;u32&gt; (1 KB) on Wasmtime.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("echo-words")]
    public long EchoWordsWasmtime()
    {
        var items = _wEchoWords.Call(_wWordsArgs)!.AsList();
        return items[items.Count - 1].AsU32() + items.Count;
    }

    /// <summary>The same on our runtime.</summary>
    [Benchmark, BenchmarkCategory("echo-words")]
    public long EchoWordsOurs()
    {
        var items = _echoWords.Call(_wordsArgs)!.Value.Items;
        return (long)items[^1].RawBits + items.Length;
    }

    /// <summary>A fresh store + instantiation of the WASI-style component (linker ready) on Wasmtime, plus one run().</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("instantiate")]
    public long InstantiateWasmtime()
    {
        using var store = new W.Store(_wEngine);
        var inst = _wWasiLinker.Instantiate(store, _wWasiComponent);
        return inst.GetFunction("run")!.Call(Array.Empty<WC.ComponentValue>())!.AsU32();
    }

    /// <summary>A fresh store + instantiation of the WASI-style component (linker ready) on our runtime, plus one run(); the
    /// store is disposed as Wasmtime's is (its memory released on this thread, not left to the finalizer).</summary>
    [Benchmark, BenchmarkCategory("instantiate")]
    public long InstantiateOurs()
    {
        using var store = new Store(_engine);
        var inst = _wasiLinker.Instantiate(store, _wasiComponent);
        return inst.GetFunction("run")!.Call()!.Value.AsInt64();
    }

    /// <summary>The same through a <see cref="ComponentInstancePre"/> made once (imports resolved once).</summary>
    [Benchmark, BenchmarkCategory("instantiate")]
    public long InstantiatePreOurs()
    {
        using var store = new Store(_engine);
        var inst = _wasiPre.Instantiate(store);
        return inst.GetFunction("run")!.Call()!.Value.AsInt64();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the Wasmtime objects.</summary>
    [GlobalCleanup]
    public void Cleanup() => Dispose();
}
