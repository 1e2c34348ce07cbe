using System;
using System.Collections.Generic;
using System.Diagnostics;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// Rough figures of the component runtime (Stopwatch, one run; not BenchmarkDotNet): dynamic calls of
/// <c>add(s32, s32) -&gt; s32</c> and <c>echo(string) -&gt; string</c> with 1 KB, a resource create + method + drop,
/// instantiation, and the managed memory held per live instance. Results are checked, figures printed.
/// </summary>
public sealed class ComponentFiguresTests
{
    private readonly ITestOutputHelper _output;

    public ComponentFiguresTests(ITestOutputHelper output) => _output = output;

    private const string Wat = """
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1))) (then (return (local.get 0))))
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
              (local.get $p))
            (func (export "reset") (param i32) (global.set $next (i32.const 1024)))
            (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 16) (local.get 0))
              (i32.store (i32.const 20) (local.get 1))
              (i32.const 16))
            (func (export "dtor") (param i32)))
          (core instance $i (instantiate $m))
          (type $R' (resource (rep i32) (dtor (func $i "dtor"))))
          (export $R "r" (type $R'))
          (core func $new (canon resource.new $R'))
          (core func $drop (canon resource.drop $R'))
          (core module $n
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "get") (param i32) (result i32) (local.get 0))
            (func (export "free") (param i32) (call $drop (local.get 0))))
          (core instance $j (instantiate $n (with "" (instance (export "new" (func $new)) (export "drop" (func $drop))))))
          (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "reset"))))
          (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $j "make")))
          (func (export "get") (param "r" (borrow $R)) (result u32) (canon lift (core func $j "get")))
          (func (export "free") (param "r" (own $R)) (canon lift (core func $j "free")))
        )
        """;

    [Fact]
    [Trait("Category", "Slow")]
    public void DynamicCallsInstantiationAndDensity()
    {
        var engine = new Engine();
        var component = Component.FromText(engine, Wat);
        var linker = new ComponentLinker(engine);
        var inst = linker.Instantiate(new Store(engine), component);
        var add = inst.GetFunction("add")!;
        var echo = inst.GetFunction("echo")!;
        var make = inst.GetFunction("make")!;
        var get = inst.GetFunction("get")!;
        var free = inst.GetFunction("free")!;
        var text = ComponentValue.String(new string('a', 1024));
        ComponentValue a = ComponentValue.S32(1), b = ComponentValue.S32(2);

        for (int i = 0; i < 2000; i++) { add.Call(a, b); echo.Call(text); free.Call(make.Call(ComponentValue.U32(1))!.Value); }

        const int addCalls = 200_000, echoCalls = 20_000, resourceRounds = 50_000;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < addCalls; i++) add.Call(a, b);
        double addNs = sw.Elapsed.TotalMilliseconds * 1e6 / addCalls;
        Assert.Equal(ComponentValue.S32(3), add.Call(a, b));

        var coreModule = Module.FromBytes(engine, WitBindgen.ComponentModel.Text.WatAssembler.Assemble("(module (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"));
        var coreAdd = new Linker(engine).Instantiate(new Store(engine), coreModule).GetFunction("add")!;
        for (int i = 0; i < 2000; i++) coreAdd.Invoke(WasmValue.FromI32(1), WasmValue.FromI32(2));
        sw.Restart();
        for (int i = 0; i < addCalls; i++) coreAdd.Invoke(WasmValue.FromI32(1), WasmValue.FromI32(2));
        double coreNs = sw.Elapsed.TotalMilliseconds * 1e6 / addCalls;

        sw.Restart();
        for (int i = 0; i < echoCalls; i++) echo.Call(text);
        double echoNs = sw.Elapsed.TotalMilliseconds * 1e6 / echoCalls;
        Assert.Equal(text, echo.Call(text));

        sw.Restart();
        for (int i = 0; i < resourceRounds; i++)
        {
            var own = make.Call(ComponentValue.U32(7))!.Value;
            get.Call(ComponentValue.Borrow(own.HandleValue));
            free.Call(own);
        }
        double resourceNs = sw.Elapsed.TotalMilliseconds * 1e6 / resourceRounds;

        const int instances = 10_000;
        var live = new List<ComponentInstance>(instances);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        long before = GC.GetTotalMemory(true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        long privateBefore = process.PrivateMemorySize64;
        sw.Restart();
        for (int i = 0; i < instances; i++) live.Add(linker.Instantiate(new Store(engine), component));
        double instantiateUs = sw.Elapsed.TotalMilliseconds * 1e3 / instances;
        long after = GC.GetTotalMemory(true);
        process.Refresh();
        long privateAfter = process.PrivateMemorySize64;
        foreach (var l in live) Assert.Equal(ComponentValue.S32(3), l.GetFunction("add")!.Call(a, b));

        _output.WriteLine($"dynamic call add(s32, s32) -> s32: {addNs:F0} ns (the core function through Function.Invoke alone: {coreNs:F0} ns)");
        _output.WriteLine($"dynamic call echo(string) -> string, 1 KB: {echoNs:F0} ns");
        _output.WriteLine($"resource create + borrow method + drop: {resourceNs:F0} ns");
        _output.WriteLine($"instantiation (2 core modules, 1 resource, 5 lifts), mean of 10,000: {instantiateUs:F1} us");
        _output.WriteLine($"{instances} live instances: managed heap {(after - before) / instances / 1024.0:F1} KiB each, process private memory {(privateAfter - privateBefore) / instances / 1024.0:F1} KiB each ({(privateAfter - privateBefore) / (1024.0 * 1024 * 1024):F2} GiB in all)");
    }
}
