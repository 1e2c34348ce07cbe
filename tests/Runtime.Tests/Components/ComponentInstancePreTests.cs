using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary><see cref="ComponentLinker.InstantiatePre"/>, store-aware host functions, link-time kind and type checks, shared WASI linkers.</summary>
public sealed class ComponentInstancePreTests
{
    private static readonly Engine Engine = new();

    // Imports `test:x/host@0.1.0#get` and exports run() = get() + a per-instance counter that counts calls.
    private const string Importer = """
        (component
          (import "test:x/host@0.1.0" (instance $h (export "get" (func (result u32)))))
          (alias export $h "get" (func $get))
          (core func $get' (canon lower (func $get)))
          (core module $m
            (import "" "get" (func $get (result i32)))
            (global $n (mut i32) (i32.const 0))
            (func (export "run") (result i32)
              (global.set $n (i32.add (global.get $n) (i32.const 1)))
              (i32.add (call $get) (global.get $n))))
          (core instance $i (instantiate $m (with "" (instance (export "get" (func $get'))))))
          (func (export "run") (result u32) (canon lift (core func $i "run")))
        )
        """;

    [Fact]
    public void InstancePreInstantiatesManyIndependentInstancesEachSeeingItsStore()
    {
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/host@0.1.0").DefineFunction("get", (store, _) => new[] { ComponentValue.U32(((Store<uint>)store).Data) });
        var pre = linker.InstantiatePre(component);
        Assert.Same(component, pre.Component);

        var a = pre.Instantiate(new Store<uint>(Engine, 100));
        var b = pre.Instantiate(new Store<uint>(Engine, 200));
        Assert.Equal(ComponentValue.U32(101), a.GetFunction("run")!.Call());
        Assert.Equal(ComponentValue.U32(102), a.GetFunction("run")!.Call());
        // b has its own core instance (counter) and its own store data.
        Assert.Equal(ComponentValue.U32(201), b.GetFunction("run")!.Call());
    }

    [Fact]
    public void AThousandInstancesFromOneInstancePreAreLiveAtOnceAndIndependent()
    {
        // Instances share their component's compiled code and resource-free function types (ABI plans); each keeps its
        // own core instance state and store. Create them all, then call each again in reverse order.
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/host@0.1.0").DefineFunction("get", (store, _) => new[] { ComponentValue.U32(((Store<uint>)store).Data) });
        var pre = linker.InstantiatePre(component);
        var runs = new ComponentFunction[1000];
        for (uint i = 0; i < runs.Length; i++)
        {
            runs[i] = pre.Instantiate(new Store<uint>(Engine, i * 10)).GetFunction("run")!;
            Assert.Equal(ComponentValue.U32(i * 10 + 1), runs[i].Call());
        }
        for (int i = runs.Length - 1; i >= 0; i--) Assert.Equal(ComponentValue.U32((uint)i * 10 + 2), runs[i].Call());
    }

    [Fact]
    public void InstancePreKeepsTheDefinitionsItResolved()
    {
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        var host = linker.Instance("test:x/host@0.1.0");
        host.DefineFunction("get", _ => new[] { ComponentValue.U32(10) });
        var pre = linker.InstantiatePre(component);
        host.DefineFunction("get", _ => new[] { ComponentValue.U32(20) });
        Assert.Equal(ComponentValue.U32(11), pre.Instantiate(new Store(Engine)).GetFunction("run")!.Call());
        Assert.Equal(ComponentValue.U32(21), linker.Instantiate(new Store(Engine), component).GetFunction("run")!.Call());
    }

    [Fact]
    public void MissingImportFailsAtInstantiatePre()
    {
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        var e = Assert.Throws<ComponentLinkException>(() => linker.InstantiatePre(component));
        Assert.Equal("import `test:x/host@0.1.0` has the wrong type: instance not defined", e.Message);
        linker.Instance("test:x/host@0.1.0");
        e = Assert.Throws<ComponentLinkException>(() => linker.InstantiatePre(component));
        Assert.Equal("import `test:x/host@0.1.0#get` has the wrong type: function not defined", e.Message);
        // With unknown imports defined as traps the link succeeds and the call traps.
        linker.DefineUnknownImportsAsTraps(component);
        var trap = Assert.Throws<Trap>(() => linker.InstantiatePre(component).Instantiate(new Store(Engine)).GetFunction("run")!.Call());
        Assert.Contains("test:x/host@0.1.0#get", trap.Message);
    }

    [Fact]
    public void ImportDefinedWithTheWrongKindNamesExpectedAndFound()
    {
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/host@0.1.0").Instance("get");
        var e = Assert.Throws<ComponentLinkException>(() => linker.InstantiatePre(component));
        Assert.Equal("import `test:x/host@0.1.0#get` has the wrong type: expected function, found instance", e.Message);

        var linker2 = new ComponentLinker(Engine);
        linker2.Root.DefineFunction("test:x/host@0.1.0", _ => Array.Empty<ComponentValue>());
        e = Assert.Throws<ComponentLinkException>(() => linker2.InstantiatePre(component));
        Assert.Equal("import `test:x/host@0.1.0` has the wrong type: expected instance, found function", e.Message);
    }

    [Fact]
    public void ResourceImportDefinedAsAFunctionIsRejected()
    {
        var component = Component.FromText(Engine, """
            (component
              (import "test:x/res@0.1.0" (instance $h (export "thing" (type (sub resource)))))
            )
            """);
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/res@0.1.0").DefineFunction("thing", _ => Array.Empty<ComponentValue>());
        var e = Assert.Throws<ComponentLinkException>(() => linker.InstantiatePre(component));
        Assert.Equal("import `test:x/res@0.1.0#thing` has the wrong type: expected resource, found function", e.Message);
        var ok = new ComponentLinker(Engine);
        ok.Instance("test:x/res@0.1.0").DefineResource("thing");
        ok.InstantiatePre(component).Instantiate(new Store(Engine));
    }

    [Fact]
    public void InstancePreChecksTheEngine()
    {
        var component = Component.FromText(Engine, Importer);
        var other = new Engine();
        Assert.Throws<ArgumentException>(() => new ComponentLinker(other).InstantiatePre(component));
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/host@0.1.0").DefineFunction("get", _ => new[] { ComponentValue.U32(1) });
        Assert.Throws<ArgumentException>(() => linker.InstantiatePre(component).Instantiate(new Store(other)));
    }

    // wasi:random/random#get-random-u64 through a shared linker: each store's context answers for its instance.
    private const string RandomUser = """
        (component
          (import "wasi:random/random@0.2.0" (instance $r (export "get-random-u64" (func (result u64)))))
          (alias export $r "get-random-u64" (func $get))
          (core func $get' (canon lower (func $get)))
          (core module $m
            (import "" "get" (func $get (result i64)))
            (func (export "run") (result i64) (call $get)))
          (core instance $i (instantiate $m (with "" (instance (export "get" (func $get'))))))
          (func (export "run") (result u64) (canon lift (core func $i "run")))
        )
        """;

    [Fact]
    public void SharedWasiLinkerFindsEachStoresContext()
    {
        var component = Component.FromText(Engine, RandomUser);
        var linker = new ComponentLinker(Engine);
        global::WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, s => ((Store<WasiContext>)s).Data);
        var pre = linker.InstantiatePre(component);
        WasiContext Context(byte fill) => new WasiContextBuilder().SecureRandom(span => span.Fill(fill)).Build();
        var a = pre.Instantiate(new Store<WasiContext>(Engine, Context(1)));
        var b = pre.Instantiate(new Store<WasiContext>(Engine, Context(2)));
        Assert.Equal(ComponentValue.U64(0x0101010101010101), a.GetFunction("run")!.Call());
        Assert.Equal(ComponentValue.U64(0x0202020202020202), b.GetFunction("run")!.Call());
        // Both instances were bound through the one plan: the WASI function is the same object for every store.
        Assert.Equal(1, pre.PlansMade);
        Assert.IsType<HostFunc>(Assert.Single(pre.Plan.Scope.Funcs.ToArray()));
    }

    [Fact]
    public void PlanIsMadeOnceAndSharedByEveryInstantiation()
    {
        var component = Component.FromText(Engine, Importer);
        var linker = new ComponentLinker(Engine);
        linker.Instance("test:x/host@0.1.0").DefineFunction("get", (store, _) => new[] { ComponentValue.U32(((Store<uint>)store).Data) });
        var pre = linker.InstantiatePre(component);
        Assert.Equal(0, pre.PlansMade);
        var a = pre.Instantiate(new Store<uint>(Engine, 100));
        var plan = pre.Plan;
        var b = pre.Instantiate(new Store<uint>(Engine, 200));
        Assert.Equal(1, pre.PlansMade);
        Assert.Same(plan, pre.Plan);
        // The plan covers the instance type, the import and its alias (the sections before the core module), nothing per store.
        Assert.Equal(3, plan.Sections);
        var get = Assert.IsType<HostFunc>(Assert.Single(plan.Scope.Funcs.ToArray()));
        Assert.Single(plan.Scope.Instances.ToArray());
        Assert.Empty(plan.Scope.CoreInstances.ToArray());
        Assert.Same(get, plan.Scope.Instances[0].Exports["get"]);
        // The shared host function still answers each instance with its own store.
        Assert.Equal(ComponentValue.U32(101), a.GetFunction("run")!.Call());
        Assert.Equal(ComponentValue.U32(201), b.GetFunction("run")!.Call());
        Assert.Equal(ComponentValue.U32(102), a.GetFunction("run")!.Call());
    }

    [Fact]
    public void SharedWasiLinkerWithoutAContextTrapsTheCall()
    {
        var component = Component.FromText(Engine, RandomUser);
        var linker = new ComponentLinker(Engine);
        global::WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, s => (s.Data as WasiContext)!);
        // The store carries no context: the host functions find none when called, which traps the guest, not the host process.
        var instance = linker.InstantiatePre(component).Instantiate(new Store(Engine));
        var trap = Assert.Throws<Trap>(() => instance.GetFunction("run")!.Call());
        Assert.Contains("the store has no context", trap.Message);
    }

    // A nested component whose import is satisfied by the outer component with a function of another type: the
    // validator already rejects this when the component is loaded (statically, before any link), naming the argument.
    [Fact]
    public void NestedComponentArgumentOfTheWrongTypeIsRejectedWhenLoading()
    {
        const string text = """
            (component
              (component $inner
                (import "f" (func (param "x" u32) (result u32))))
              (core module $m (func (export "g") (result i32) (i32.const 1)))
              (core instance $i (instantiate $m))
              (func $g (result u32) (canon lift (core func $i "g")))
              (instance (instantiate $inner (with "f" (func $g))))
            )
            """;
        var e = Assert.Throws<WitBindgen.ComponentModel.Binary.ComponentFormatException>(() => Component.FromText(Engine, text));
        Assert.Contains("type mismatch for component instantiation argument `f`", e.Message);
        Assert.Contains("expected 1 parameters, found 0", e.Message);
    }

    [Fact]
    public void InstantiationsStartingFromAPlanSpaceNeverWriteIntoIt()
    {
        var plan = new IndexSpace<string>();
        plan.Add("a");
        plan.Add("b");
        plan.Trim();
        // Room for more: a copy the instance fills in place.
        var grown = IndexSpace<string>.StartingWith(plan, 4);
        grown.Add("c");
        // Nothing more expected: the plan's array is shared, and an unexpected add copies it first.
        var shared = IndexSpace<string>.StartingWith(plan, 2);
        shared.Add("d");
        Assert.Equal(new[] { "a", "b" }, plan.ToArray());
        Assert.Equal(new[] { "a", "b", "c" }, grown.ToArray());
        Assert.Equal(new[] { "a", "b", "d" }, shared.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => plan[2]);
    }
}
