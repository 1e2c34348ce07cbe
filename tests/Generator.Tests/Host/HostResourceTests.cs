using WitBindgen.Tests;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>
/// Resources through host bindings, in both directions: a resource the component implements (<c>counter</c>: created,
/// called, borrowed, moved, dropped, its destructor observed) and one the host implements (<c>bucket</c>: the
/// component calls the host's object, creates one, hands one back and drops one, the host's dispose observed). The
/// component is a core module written here in WAT, componentized by our <c>component new</c>.
/// </summary>
public sealed class HostResourceTests
{
    private readonly ITestOutputHelper _output;
    public HostResourceTests(ITestOutputHelper output) => _output = output;

    internal const string Wit = """
        package example:res@0.1.0;

        /// What the host provides.
        interface host-store {
            /// A key-value bucket whose state the host keeps.
            resource bucket {
                constructor(name: string);
                put: func(key: u32, value: u32);
                get: func(key: u32) -> u32;
                name: func() -> string;
                merge: static func(a: borrow<bucket>, b: borrow<bucket>) -> bucket;
            }
            open: func(name: string) -> bucket;
        }

        /// What the component provides.
        interface counters {
            use host-store.{bucket};
            /// A counter kept by the component.
            resource counter {
                constructor(start: u32);
                add: func(n: u32);
                get: func() -> u32;
                zero: static func() -> counter;
            }
            total: func(a: borrow<counter>, b: borrow<counter>) -> u32;
            consume: func(c: counter) -> u32;
            store-in: func(c: borrow<counter>, b: borrow<bucket>);
            make-bucket: func(name: string) -> bucket;
            drop-bucket: func(b: bucket);
            live: func() -> u32;
        }

        world app {
            import host-store;
            export counters;
        }
        """;

    internal static GenerationResult Generate() => HostSnapshotTests.FromText(Wit, "app");

    [Fact]
    public void ResourcesWorld() => Snapshot.Verify("host-resources", HostSnapshotTests.Render(Generate()));

    [Fact]
    public void ResourcesCompileWithExceptionStyle() =>
        HostSnapshotTests.Render(HostSnapshotTests.FromText(Wit, "app", new BindingOptions { Errors = ErrorStyle.Exceptions }));

    /// <summary>The component: counters live at 16-byte slots of a bump heap; <c>live</c> counts them (the destructor decrements).</summary>
    private const string Core = """
        (module
          (import "example:res/host-store@0.1.0" "[constructor]bucket" (func $bucket.new (param i32 i32) (result i32)))
          (import "example:res/host-store@0.1.0" "[method]bucket.put" (func $bucket.put (param i32 i32 i32)))
          (import "example:res/host-store@0.1.0" "[resource-drop]bucket" (func $bucket.drop (param i32)))
          (import "[export]example:res/counters@0.1.0" "[resource-new]counter" (func $counter.new (param i32) (result i32)))
          (import "[export]example:res/counters@0.1.0" "[resource-rep]counter" (func $counter.rep (param i32) (result i32)))
          (import "[export]example:res/counters@0.1.0" "[resource-drop]counter" (func $counter.drop (param i32)))
          (memory (export "memory") 2)
          (global $heap (mut i32) (i32.const 1024))
          (global $live (mut i32) (i32.const 0))
          (func $alloc (param $size i32) (param $align i32) (result i32)
            (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1))) (i32.sub (i32.const 0) (local.get $align))))
            (global.set $heap (i32.add (local.get $p) (local.get $size)))
            (local.get $p))
          (func (export "cabi_realloc") (param $old i32) (param $oldSize i32) (param $align i32) (param $size i32) (result i32)
            (local $p i32)
            (local.set $p (call $alloc (local.get $size) (local.get $align)))
            (if (i32.ne (local.get $old) (i32.const 0))
              (then (memory.copy (local.get $p) (local.get $old)
                (select (local.get $oldSize) (local.get $size) (i32.lt_u (local.get $oldSize) (local.get $size))))))
            (local.get $p))
          (func $make (param $start i32) (result i32)
            (local $p i32)
            (local.set $p (call $alloc (i32.const 16) (i32.const 16)))
            (i32.store (local.get $p) (local.get $start))
            (global.set $live (i32.add (global.get $live) (i32.const 1)))
            (call $counter.new (local.get $p)))
          (func (export "example:res/counters@0.1.0#[constructor]counter") (param i32) (result i32)
            (call $make (local.get 0)))
          (func (export "example:res/counters@0.1.0#[method]counter.add") (param $self i32) (param $n i32)
            (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (local.get $n))))
          (func (export "example:res/counters@0.1.0#[method]counter.get") (param $self i32) (result i32)
            (i32.load (local.get $self)))
          (func (export "example:res/counters@0.1.0#[static]counter.zero") (result i32)
            (call $make (i32.const 0)))
          (func (export "example:res/counters@0.1.0#total") (param $a i32) (param $b i32) (result i32)
            (i32.add (i32.load (local.get $a)) (i32.load (local.get $b))))
          (func (export "example:res/counters@0.1.0#consume") (param $h i32) (result i32)
            (local $v i32)
            (local.set $v (i32.load (call $counter.rep (local.get $h))))
            (call $counter.drop (local.get $h))
            (local.get $v))
          (func (export "example:res/counters@0.1.0#store-in") (param $c i32) (param $b i32)
            (call $bucket.put (local.get $b) (i32.const 1) (i32.load (local.get $c)))
            (call $bucket.drop (local.get $b)))
          (func (export "example:res/counters@0.1.0#make-bucket") (param $ptr i32) (param $len i32) (result i32)
            (call $bucket.new (local.get $ptr) (local.get $len)))
          (func (export "example:res/counters@0.1.0#drop-bucket") (param $b i32)
            (call $bucket.drop (local.get $b)))
          (func (export "example:res/counters@0.1.0#live") (result i32)
            (global.get $live))
          (func (export "example:res/counters@0.1.0#[dtor]counter") (param $rep i32)
            (i32.store (local.get $rep) (i32.const -1))
            (global.set $live (i32.sub (global.get $live) (i32.const 1))))
        )
        """;

    internal static byte[] Component()
    {
        var load = WitLoader.LoadText("res.wit", Wit);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var world = load.SelectWorld("app");
        var core = WatAssembler.Assemble(Core, "res.wat");
        return Componentizer.Create(ComponentTypeSection.Embed(core, load.Resolve!, world));
    }

    /// <summary>The host's side of <see cref="Wit"/>: a bucket keeping its items and recording its disposal, and the host-store interface.</summary>
    internal const string HostSide = """
        public sealed class MyBucket : Bucket
        {
            public static readonly List<string> Disposed = new();
            private readonly Dictionary<uint, uint> _items = new();
            private readonly string _name;
            public MyBucket(string name) => _name = name;
            public override void Put(uint key, uint value) => _items[key] = value;
            public override uint Get(uint key) => _items.TryGetValue(key, out var v) ? v : 0;
            public override string Name() => _name;
            public override void Dispose() => Disposed.Add(_name);
        }

        public sealed class Store : IHostStore
        {
            public Store(int capacity = ResourceTable.DefaultCapacity) => Table = new ResourceTable(capacity);
            public ResourceTable Table { get; }
            public Bucket Open(string name) => new MyBucket(name);
            public Bucket CreateBucket(string name) => new MyBucket("new " + name);
            public Bucket BucketMerge(Bucket a, Bucket b) => new MyBucket(a.Name() + b.Name());
        }
        """;

    /// <summary>What every driver over <see cref="Wit"/> starts with: its usings and <see cref="HostSide"/>.</summary>
    internal const string DriverHeader = $$"""
        using System;
        using System.Collections.Generic;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;
        using Example.Res.HostStore;
        using Example.Res.Counters;

        {{HostSide}}
        """;

    private const string Driver = $$"""
        {{DriverHeader}}

        public static class Driver
        {
            private static void Check(bool ok, string what) { if (!ok) throw new Exception("check failed: " + what); }

            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                var host = new Store();
                HostStoreImports.AddToLinker(linker, host);
                var component = Component.FromBytes(engine, bytes);
                var app = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = host }, component, linker);
                var api = app.Counters;

                // A resource the component implements: created, called, borrowed.
                var c = api.CreateCounter(5);
                c.Add(3);
                Check(c.Get() == 8, "counter get");
                var z = api.CounterZero();
                Check(z.Get() == 0, "static zero");
                Check(api.Total(c, z) == 8, "total of two borrows");
                Check(api.Live() == 2, "two live counters");
                log.Add("guest resource");

                // Dropping runs the component's destructor once; the handle is then unusable.
                z.Dispose();
                Check(api.Live() == 1, "destructor ran: " + api.Live());
                z.Dispose();
                Check(api.Live() == 1, "second dispose is a no-op");
                try { z.Get(); Check(false, "use after drop"); }
                catch (ObjectDisposedException) { log.Add("use after drop"); }

                // Passing own moves the handle into the component, which drops it.
                Check(api.Consume(c) == 8, "consume");
                Check(api.Live() == 0, "consumed counter dropped by the component");
                try { c.Add(1); Check(false, "use after move"); }
                catch (ObjectDisposedException) { log.Add("use after move"); }

                // A handle of one instance passed to another instance of the same component.
                var other = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = host }, component, linker);
                var mine = api.CreateCounter(1);
                try { other.Counters.Total(mine, mine); Check(false, "handle of another instance accepted"); }
                catch (InvalidOperationException e) { log.Add("other instance: " + e.Message); }
                Check(mine.Get() == 1, "the handle still works in its own instance");
                mine.Dispose();

                // A resource the host implements: the component calls the host's object through a borrow.
                var bucket = new MyBucket("mine");
                var c2 = api.CreateCounter(7);
                api.StoreIn(c2, bucket);
                Check(bucket.Get(1) == 7, "the component wrote into the host's bucket");
                c2.Dispose();
                log.Add("host resource borrowed");

                // The component creates a host resource (the host's constructor) and returns it: ownership comes to the host.
                var made = api.MakeBucket("x");
                Check(made is MyBucket && made.Name() == "new x", "made: " + made.Name());
                Check(MyBucket.Disposed.Count == 0, "nothing disposed yet");
                // The host hands it to the component, which drops it: the host's dispose runs, once.
                api.DropBucket(made);
                Check(MyBucket.Disposed.Count == 1 && MyBucket.Disposed[0] == "new x", "dispose: " + string.Join(",", MyBucket.Disposed));
                log.Add("host resource dropped");
                return log;
            }
        }
        """;

    [Fact]
    public void ResourcesCrossBothDirections()
    {
        var log = HostRunTests.CompileAndRun(Generate(), Driver, Component());
        foreach (var line in log) _output.WriteLine(line);
        Assert.Equal(new[] { "guest resource", "use after drop", "use after move" }, log.Take(3));
        Assert.Equal("other instance: the resource handle belongs to a different resource type or component instance", log[3]);
        Assert.Equal(new[] { "host resource borrowed", "host resource dropped" }, log.Skip(4));
    }

    /// <summary>One linker, per-store host state: each store's host resources live in its own table, numbered from 1.</summary>
    private const string PerStoreDriver = $$"""
        {{DriverHeader}}

        public static class Driver
        {
            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                HostStoreImports.AddToLinker(linker, s => (Store)s.Data!);
                var component = Component.FromBytes(engine, bytes);
                Store hostA = new(), hostB = new(), small = new(capacity: 1);
                var a = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = hostA }, component, linker).Counters;
                var b = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = hostB }, component, linker).Counters;

                // A bucket lent to each store takes rep 1 of that store's table only.
                var bucketA = new MyBucket("a");
                var bucketB = new MyBucket("b");
                a.StoreIn(a.CreateCounter(3), bucketA);
                b.StoreIn(b.CreateCounter(4), bucketB);
                log.Add($"lent: {hostA.Table.Count} {hostB.Table.Count} {hostA.Table.Get<Bucket>(1).Name()} {hostB.Table.Get<Bucket>(1).Name()}");

                // A bucket the component creates and drops in store B is disposed there; store A's table is untouched.
                b.DropBucket(b.MakeBucket("made in b"));
                log.Add($"dropped: {string.Join(",", MyBucket.Disposed)} {hostA.Table.Count} {hostB.Table.Count}");

                // A rep naming another resource type in the table traps the call, not the host.
                var rep = hostB.Table.Push("not a bucket");
                try { hostB.Table.Get<Bucket>(rep); }
                catch (ResourceTableException e) { log.Add("confused: " + e.Message); }

                // The limit: in a store whose table holds one object, the host's constructor handing the component a
                // second traps the component; the host lending a second fails on the host's side.
                var c = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = small }, component, linker).Counters;
                c.StoreIn(c.CreateCounter(1), new MyBucket("first"));
                try { c.MakeBucket("second"); log.Add("no limit"); }
                catch (Trap e) { log.Add("limit: " + e.Message); }
                var d = Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = new Store(capacity: 1) }, component, linker).Counters;
                d.StoreIn(d.CreateCounter(1), new MyBucket("first"));
                try { d.StoreIn(d.CreateCounter(2), new MyBucket("second")); log.Add("no limit"); }
                catch (ResourceTableException e) { log.Add("limit: " + e.Message); }
                return log;
            }
        }
        """;

    [Fact]
    public void StoresSharingALinkerKeepTheirHostResourcesApart()
    {
        var log = HostRunTests.CompileAndRun(Generate(), PerStoreDriver, Component());
        foreach (var line in log) _output.WriteLine(line);
        Assert.Equal("lent: 1 1 a b", log[0]);
        Assert.Equal("dropped: new made in b 1 1", log[1]);
        Assert.Equal("confused: resource 4 has the wrong type (expected Bucket, found String)", log[2]);
        Assert.Equal("limit: host function `example:res/host-store@0.1.0#[constructor]bucket` failed: resource table has no free space (limit of 1 open handles reached)", log[3]);
        Assert.Equal("limit: resource table has no free space (limit of 1 open handles reached)", log[4]);
    }
}
