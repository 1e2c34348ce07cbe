using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

public sealed class ComponentResourceAndLinkingTests
{
    private static readonly Engine Engine = new();

    internal const string Resources = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) (global.set $dropped (local.get 0)))
            (func (export "dropped") (result i32) (global.get $dropped)))
          (core instance $i (instantiate $m))
          (type $R' (resource (rep i32) (dtor (func $i "dtor"))))
          (export $R "r" (type $R'))
          (core func $new (canon resource.new $R'))
          (core func $rep (canon resource.rep $R'))
          (core func $drop (canon resource.drop $R'))
          (core module $n
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "rep" (func $rep (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "get") (param i32) (result i32) (local.get 0))
            (func (export "consume") (param i32) (result i32)
              (local $r i32)
              (local.set $r (call $rep (local.get 0)))
              (call $drop (local.get 0))
              (local.get $r))
            (func (export "bad-drop") (call $drop (i32.const 5))))
          (core instance $j (instantiate $n (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
          (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $j "make")))
          (func (export "get") (param "r" (borrow $R)) (result u32) (canon lift (core func $j "get")))
          (func (export "consume") (param "r" (own $R)) (result u32) (canon lift (core func $j "consume")))
          (func (export "bad-drop") (canon lift (core func $j "bad-drop")))
          (func (export "dropped") (result u32) (canon lift (core func $i "dropped")))
        )
        """;

    [Fact]
    public void GuestResourcesCrossTheBoundaryAsOwnAndBorrow()
    {
        var inst = new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromText(Engine, Resources));
        var own = inst.GetFunction("make")!.Call(ComponentValue.U32(42))!.Value;
        Assert.Equal(ComponentValue.Own(42), own);
        // A borrow of a resource the callee defines reaches its core code as the rep.
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("get")!.Call(ComponentValue.Borrow(42)));
        Assert.Equal(ComponentValue.U32(0), inst.GetFunction("dropped")!.Call());
        // Passing the own handle back: resource.rep reads it, resource.drop runs the destructor.
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("consume")!.Call(own));
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("dropped")!.Call());
    }

    [Fact]
    public void DroppingAnUnknownHandleTrapsAndPoisons()
    {
        var inst = new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromText(Engine, Resources));
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("bad-drop")!.Call());
        Assert.Equal("unknown handle index 5", trap.Message);
        var again = Assert.Throws<Trap>(() => inst.GetFunction("dropped")!.Call());
        Assert.Equal("cannot enter component instance", again.Message);
    }

    [Fact]
    public void NestedComponentsLinkThroughInstancesAndAliases()
    {
        const string wat = """
            (component
              (component $Inner
                (import "base" (func $base (result u32)))
                (core func $base' (canon lower (func $base)))
                (core module $m
                  (import "" "base" (func $base (result i32)))
                  (func (export "double") (result i32) (i32.mul (call $base) (i32.const 2))))
                (core instance $i (instantiate $m (with "" (instance (export "base" (func $base'))))))
                (func (export "double") (result u32) (canon lift (core func $i "double"))))
              (import "base" (func $base (result u32)))
              (instance $a (instantiate $Inner (with "base" (func $base))))
              (instance $b (instantiate $Inner (with "base" (func $a "double"))))
              (alias export $b "double" (func $quad))
              (export "quad" (func $quad))
              (instance $bag (export "double" (func $a "double")))
              (export "iface" (instance $bag))
            )
            """;
        var linker = new ComponentLinker(Engine);
        linker.Root.DefineFunction("base", _ => new[] { ComponentValue.U32(5) });
        var inst = linker.Instantiate(new Store(Engine), Component.FromText(Engine, wat));
        Assert.Equal(ComponentValue.U32(20), inst.GetFunction("quad")!.Call());
        Assert.Equal(ComponentValue.U32(10), inst.GetFunction("iface", "double")!.Call());
    }

    [Fact]
    public void HostResourcesAreHandedToGuestsAndDestroyedOnDrop()
    {
        const string wat = """
            (component
              (import "host:res/api" (instance $api
                (export "thing" (type $t (sub resource)))
                (export "make" (func (param "v" u32) (result (own $t))))
                (export "read" (func (param "t" (borrow $t)) (result u32)))))
              (alias export $api "thing" (type $thing))
              (alias export $api "make" (func $make))
              (alias export $api "read" (func $read))
              (core func $make' (canon lower (func $make)))
              (core func $read' (canon lower (func $read)))
              (core func $drop (canon resource.drop $thing))
              (core module $m
                (import "" "make" (func $make (param i32) (result i32)))
                (import "" "read" (func $read (param i32) (result i32)))
                (import "" "drop" (func $drop (param i32)))
                (func (export "run") (param i32) (result i32)
                  (local $h i32) (local $v i32)
                  (local.set $h (call $make (local.get 0)))
                  (local.set $v (call $read (local.get $h)))
                  (call $drop (local.get $h))
                  (local.get $v)))
              (core instance $i (instantiate $m (with "" (instance
                (export "make" (func $make')) (export "read" (func $read')) (export "drop" (func $drop))))))
              (func (export "run") (param "v" u32) (result u32) (canon lift (core func $i "run")))
            )
            """;
        var linker = new ComponentLinker(Engine);
        var api = linker.Instance("host:res/api");
        var destroyed = new System.Collections.Generic.List<uint>();
        var state = new System.Collections.Generic.Dictionary<uint, uint>();
        uint next = 100;
        api.DefineResource("thing", rep => destroyed.Add(rep));
        api.DefineFunction("make", args => { var rep = next++; state[rep] = (uint)args[0].AsUInt64() * 2; return new[] { ComponentValue.Own(rep) }; });
        api.DefineFunction("read", args => new[] { ComponentValue.U32(state[args[0].HandleValue]) });
        var inst = linker.Instantiate(new Store(Engine), Component.FromText(Engine, wat));
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("run")!.Call(ComponentValue.U32(21)));
        Assert.Equal(ComponentValue.U32(8), inst.GetFunction("run")!.Call(ComponentValue.U32(4)));
        Assert.Equal(new uint[] { 100, 101 }, destroyed);
    }

    [Fact]
    public void ReallocCallingAnImportCannotLeaveAndReentranceCannotEnter()
    {
        const string wat = """
            (component
              (import "ping" (func $ping))
              (core func $ping' (canon lower (func $ping)))
              (core module $m
                (import "" "ping" (func $ping))
                (memory (export "memory") 1)
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) (call $ping) (i32.const 64))
                (func (export "take") (param i32 i32))
                (func (export "call-ping") (call $ping)))
              (core instance $i (instantiate $m (with "" (instance (export "ping" (func $ping'))))))
              (func (export "take") (param "s" string)
                (canon lift (core func $i "take") (memory $i "memory") (realloc (func $i "realloc"))))
              (func (export "call-ping") (canon lift (core func $i "call-ping")))
            )
            """;
        var component = Component.FromText(Engine, wat);
        var linker = new ComponentLinker(Engine);
        ComponentInstance? self = null;
        int pings = 0;
        linker.Root.DefineFunction("ping", _ =>
        {
            pings++;
            self?.GetFunction("call-ping")!.Call();
            return Array.Empty<ComponentValue>();
        });
        var inst = linker.Instantiate(new Store(Engine), component);
        var leave = Assert.Throws<Trap>(() => inst.GetFunction("take")!.Call(ComponentValue.String("abc")));
        Assert.Equal("cannot leave component instance", leave.Message);
        Assert.Equal(0, pings);

        var fresh = linker.Instantiate(new Store(Engine), component);
        self = fresh;
        var enter = Assert.Throws<Trap>(() => fresh.GetFunction("call-ping")!.Call());
        Assert.Equal("cannot enter component instance", enter.Message);
        Assert.Equal(1, pings);
    }

    [Fact]
    public void HostFunctionFailuresBecomeTraps()
    {
        const string wat = """
            (component
              (import "boom" (func $boom (result u32)))
              (core func $boom' (canon lower (func $boom)))
              (core module $m (import "" "boom" (func (result i32))) (func (export "run") (result i32) (call 0)))
              (core instance $i (instantiate $m (with "" (instance (export "boom" (func $boom'))))))
              (func (export "run") (result u32) (canon lift (core func $i "run")))
            )
            """;
        var linker = new ComponentLinker(Engine);
        linker.Root.DefineFunction("boom", _ => throw new InvalidOperationException("host said no"));
        var inst = linker.Instantiate(new Store(Engine), Component.FromText(Engine, wat));
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("run")!.Call());
        Assert.Contains("host said no", trap.Message);
        Assert.IsType<InvalidOperationException>(trap.InnerException);

        var wrong = new ComponentLinker(Engine);
        wrong.Root.DefineFunction("boom", _ => new[] { ComponentValue.String("not a u32") });
        var inst2 = wrong.Instantiate(new Store(Engine), Component.FromText(Engine, wat));
        Assert.Throws<Trap>(() => inst2.GetFunction("run")!.Call());
    }

    [Fact]
    public void FuelAndInterruptStopLoopingComponents()
    {
        const string wat = """
            (component
              (core module $m (func (export "spin") (loop $l (br $l))))
              (core instance $i (instantiate $m))
              (func (export "spin") (canon lift (core func $i "spin")))
            )
            """;
        var engine = new Engine(new EngineOptions { ConsumeFuel = true });
        var component = Component.FromText(engine, wat);
        var store = new Store(engine) { Fuel = 100_000 };
        var inst = new ComponentLinker(engine).Instantiate(store, component);
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("spin")!.Call());
        Assert.Equal(TrapCode.OutOfFuel, trap.Code);

        var plain = new Engine();
        var store2 = new Store(plain);
        var inst2 = new ComponentLinker(plain).Instantiate(store2, Component.FromText(plain, wat));
        store2.SetDeadline(TimeSpan.FromMilliseconds(50));
        var interrupted = Assert.Throws<Trap>(() => inst2.GetFunction("spin")!.Call());
        Assert.Equal(TrapCode.Interrupted, interrupted.Code);
    }

    [Theory]
    [InlineData("wasi:cli/stdout@0.2.3", "wasi:cli/stdout@0.2.12", true)]
    [InlineData("wasi:cli/stdout@0.2.12", "wasi:cli/stdout@0.2.3", true)]
    [InlineData("wasi:cli/stdout@0.2.3", "wasi:cli/stdout@0.3.0", false)]
    [InlineData("ns:p/i@1.0.0", "ns:p/i@1.4.2", true)]
    [InlineData("ns:p/i@1.0.0", "ns:p/i@2.0.0", false)]
    [InlineData("ns:p/i@0.0.1", "ns:p/i@0.0.2", false)]
    [InlineData("ns:p/i@1.0.0-rc1", "ns:p/i@1.0.0", false)]
    [InlineData("ns:p/i", "ns:p/i", true)]
    public void ImportsMatchBySemverCompatibility(string hostName, string importName, bool links)
    {
        var wat = $$"""
            (component
              (import "{{importName}}" (instance $i (export "get" (func (result u32)))))
              (alias export $i "get" (func $get))
              (core func $get' (canon lower (func $get)))
              (core module $m (import "" "get" (func (result i32))) (func (export "run") (result i32) (call 0)))
              (core instance $c (instantiate $m (with "" (instance (export "get" (func $get'))))))
              (func (export "run") (result u32) (canon lift (core func $c "run")))
            )
            """;
        var linker = new ComponentLinker(Engine);
        linker.Instance(hostName).DefineFunction("get", _ => new[] { ComponentValue.U32(9) });
        var component = Component.FromText(Engine, wat);
        if (!links)
        {
            Assert.Throws<ComponentLinkException>(() => linker.Instantiate(new Store(Engine), component));
            return;
        }
        Assert.Equal(ComponentValue.U32(9), linker.Instantiate(new Store(Engine), component).GetFunction("run")!.Call());
    }

    [Fact]
    public void HighestCompatibleVersionWins()
    {
        Assert.Equal("a:b/c@0.2", VersionKey.Of("a:b/c@0.2.9", out var v));
        Assert.Equal(new Version(0, 2, 9), v);
        Assert.Null(VersionKey.Of("a:b/c", out _));
        const string wat = """
            (component
              (import "a:b/c@0.2.0" (instance $i (export "get" (func (result u32)))))
              (alias export $i "get" (func $get))
              (core func $get' (canon lower (func $get)))
              (core module $m (import "" "get" (func (result i32))) (func (export "run") (result i32) (call 0)))
              (core instance $c (instantiate $m (with "" (instance (export "get" (func $get'))))))
              (func (export "run") (result u32) (canon lift (core func $c "run")))
            )
            """;
        var linker = new ComponentLinker(Engine);
        linker.Instance("a:b/c@0.2.3").DefineFunction("get", _ => new[] { ComponentValue.U32(3) });
        linker.Instance("a:b/c@0.2.10").DefineFunction("get", _ => new[] { ComponentValue.U32(10) });
        linker.Instance("a:b/c@0.2.4").DefineFunction("get", _ => new[] { ComponentValue.U32(4) });
        Assert.Equal(ComponentValue.U32(10), linker.Instantiate(new Store(Engine), Component.FromText(Engine, wat)).GetFunction("run")!.Call());
    }

    [Theory]
    [InlineData("ns:p/i@0.2.1", "ns:p/i@0.2.1", 1u)]
    [InlineData("ns:p/i@0.2.3", "ns:p/i@0.2.1", 1u)]
    [InlineData("ns:p/i@0.2.0", "ns:p/i@0.2.9", 1u)]
    [InlineData("ns:p/i@0.3.0", "ns:p/i@0.2.1", null)]
    [InlineData("ns:p/i", "ns:p/i@0.2.1", null)]
    public void ExportedInstancesAreFoundBySemverCompatibility(string asked, string exported, uint? expected)
    {
        var wat = $$"""
            (component
              (core module $m (func (export "one") (result i32) (i32.const 1)))
              (core instance $c (instantiate $m))
              (func $one (result u32) (canon lift (core func $c "one")))
              (instance $e (export "one" (func $one)))
              (export "{{exported}}" (instance $e))
            )
            """;
        var instance = new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromText(Engine, wat));
        var one = instance.GetFunction(asked, "one");
        if (expected is null)
        {
            Assert.Null(one);
            return;
        }
        Assert.Equal(ComponentValue.U32(expected.Value), one!.Call());
    }

    [Theory]
    [InlineData("(component (type $s (stream u8)))", "not supported yet: stream")]
    [InlineData("(component (type $f (future)))", "not supported yet: future")]
    [InlineData("(component (core func (canon backpressure.inc)))", "not supported yet: backpressure.inc")]
    public void PreviewThreeFeaturesAreRejectedByName(string wat, string message)
    {
        var e = Assert.Throws<NotSupportedException>(() => Component.FromText(Engine, wat));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void CoreModulesAndGarbageAreRejectedCleanly()
    {
        Assert.ThrowsAny<Exception>(() => Component.FromBytes(Engine, new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }));
        Assert.ThrowsAny<Exception>(() => Component.FromBytes(Engine, new byte[] { 1, 2, 3 }));
        var rng = new Random(1234);
        var valid = WitBindgen.ComponentModel.Text.WatAssembler.Assemble(Resources);
        int rejected = 0, accepted = 0;
        for (int i = 0; i < 300; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (int k = 0; k < 1 + rng.Next(4); k++) bytes[8 + rng.Next(bytes.Length - 8)] = (byte)rng.Next(256);
            try
            {
                var c = Component.FromBytes(Engine, bytes);
                var inst = new ComponentLinker(Engine).Instantiate(new Store(Engine), c);
                accepted++;
            }
            catch (Exception e) when (e is not (NullReferenceException or IndexOutOfRangeException or InvalidCastException or StackOverflowException or AccessViolationException))
            {
                rejected++;
            }
        }
        Assert.Equal(300, rejected + accepted);
    }
}
