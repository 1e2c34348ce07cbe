using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// The host's side of resources: handles to resources a component defines (<see cref="ComponentResource"/>: borrowed,
/// moved, dropped with the component's destructor, refused after drop or by another instance) and resources the host
/// defines, their objects in a store's <see cref="ResourceTable"/> (<see cref="ComponentLinkerInstance.DefineResource{T}"/>).
/// </summary>
public sealed class ComponentHostResourceTests
{
    private static readonly Engine Engine = new();

    private static ComponentInstance Instantiate(Component component) => new ComponentLinker(Engine).Instantiate(new Store(Engine), component);

    [Fact]
    public void OwnResultsAreHostHandlesWhoseDisposeRunsTheDestructorOnce()
    {
        var inst = Instantiate(Component.FromText(Engine, ComponentResourceAndLinkingTests.Resources));
        var own = inst.GetFunction("make")!.Call(ComponentValue.U32(42))!.Value;
        var handle = ComponentResource.FromValue(own);
        Assert.Same(inst, handle.Instance);
        Assert.Equal(42u, handle.Rep);
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("get")!.Call(ComponentValue.Borrow(handle)));
        Assert.False(handle.IsDisposed);

        handle.Dispose();
        Assert.True(handle.IsDisposed);
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("dropped")!.Call());
        handle.Dispose();   // once only: the destructor does not run again
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("dropped")!.Call());

        var e = Assert.Throws<ObjectDisposedException>(() => inst.GetFunction("get")!.Call(ComponentValue.Borrow(handle)));
        Assert.Contains("dropped or moved", e.Message);
        // The refused call did not poison the instance.
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("dropped")!.Call());
    }

    [Fact]
    public void PassingOwnMovesTheHandleIntoTheComponent()
    {
        var inst = Instantiate(Component.FromText(Engine, ComponentResourceAndLinkingTests.Resources));
        var handle = ComponentResource.FromValue(inst.GetFunction("make")!.Call(ComponentValue.U32(7))!.Value);
        Assert.Equal(ComponentValue.U32(7), inst.GetFunction("consume")!.Call(ComponentValue.Own(handle)));
        Assert.True(handle.IsDisposed);
        Assert.Equal(ComponentValue.U32(7), inst.GetFunction("dropped")!.Call());   // the component dropped it
        Assert.Throws<ObjectDisposedException>(() => inst.GetFunction("consume")!.Call(ComponentValue.Own(handle)));
        handle.Dispose();   // moved: nothing to drop
        Assert.Equal(ComponentValue.U32(7), inst.GetFunction("dropped")!.Call());
    }

    [Fact]
    public void AHandleOfOneInstanceIsRefusedByAnother()
    {
        var component = Component.FromText(Engine, ComponentResourceAndLinkingTests.Resources);
        var a = Instantiate(component);
        var b = Instantiate(component);
        var handle = ComponentResource.FromValue(a.GetFunction("make")!.Call(ComponentValue.U32(5))!.Value);
        var e = Assert.Throws<InvalidOperationException>(() => b.GetFunction("get")!.Call(ComponentValue.Borrow(handle)));
        Assert.Equal("the resource handle belongs to a different resource type or component instance", e.Message);
        Assert.Throws<InvalidOperationException>(() => b.GetFunction("consume")!.Call(ComponentValue.Own(handle)));
        Assert.False(handle.IsDisposed);   // a refused own is not moved
        Assert.Equal(ComponentValue.U32(5), a.GetFunction("get")!.Call(ComponentValue.Borrow(handle)));
        Assert.Equal(ComponentValue.U32(0), b.GetFunction("dropped")!.Call());   // b works and saw nothing
    }

    [Fact]
    public void DisposingAHandleOfAPoisonedInstanceTraps()
    {
        var inst = Instantiate(Component.FromText(Engine, ComponentResourceAndLinkingTests.Resources));
        var handle = ComponentResource.FromValue(inst.GetFunction("make")!.Call(ComponentValue.U32(3))!.Value);
        Assert.Throws<Trap>(() => inst.GetFunction("bad-drop")!.Call());
        var trap = Assert.Throws<Trap>(() => handle.Dispose());
        Assert.Equal("cannot enter component instance", trap.Message);
    }

    [Fact]
    public void PlainRepsAreNotHostHandles()
    {
        Assert.Null(ComponentValue.Own(3).HostHandle);
        Assert.Throws<ArgumentException>(() => ComponentResource.FromValue(ComponentValue.Own(3)));
    }

    private sealed class Thing : IDisposable
    {
        public Thing(uint value) => Value = value;
        public uint Value { get; }
        public bool Disposed { get; private set; }
        public Action<Thing>? OnDispose { get; init; }
        public void Dispose() { Disposed = true; OnDispose?.Invoke(this); }
    }

    private const string HostThings = """
        (component
          (import "host:res/api" (instance $api
            (export "thing" (type $t (sub resource)))
            (export "make" (func (param "v" u32) (result (own $t))))
            (export "read" (func (param "t" (borrow $t)) (result u32)))
            (export "take" (func (param "t" (own $t)) (result u32)))))
          (alias export $api "thing" (type $thing))
          (alias export $api "make" (func $make))
          (alias export $api "read" (func $read))
          (alias export $api "take" (func $take))
          (core func $make' (canon lower (func $make)))
          (core func $read' (canon lower (func $read)))
          (core func $take' (canon lower (func $take)))
          (core func $drop (canon resource.drop $thing))
          (core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "read" (func $read (param i32) (result i32)))
            (import "" "take" (func $take (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "run") (param i32) (result i32)
              (local $h i32) (local $v i32)
              (local.set $h (call $make (local.get 0)))
              (local.set $v (call $read (local.get $h)))
              (call $drop (local.get $h))
              (local.get $v))
            (func (export "give") (param i32) (result i32)
              (call $take (call $make (local.get 0))))
            (func (export "read-dropped") (result i32)
              (local $h i32)
              (local.set $h (call $make (i32.const 1)))
              (call $drop (local.get $h))
              (call $read (local.get $h))))
          (core instance $i (instantiate $m (with "" (instance
            (export "make" (func $make')) (export "read" (func $read')) (export "take" (func $take')) (export "drop" (func $drop))))))
          (func (export "run") (param "v" u32) (result u32) (canon lift (core func $i "run")))
          (func (export "give") (param "v" u32) (result u32) (canon lift (core func $i "give")))
          (func (export "read-dropped") (result u32) (canon lift (core func $i "read-dropped")))
        )
        """;

    [Fact]
    public void HostResourcesKeepTheirStateInTheStoresTable()
    {
        var linker = new ComponentLinker(Engine);
        var api = linker.Instance("host:res/api");
        var disposed = new List<uint>();
        var taken = new List<Thing>();
        static ResourceTable TableOf(Store store) => ((IResourceTableView)store.Data!).Table;
        api.DefineResource<Thing>("thing", TableOf);
        api.DefineFunction("make", (store, args) => new[] { TableOf(store).Own(new Thing((uint)args[0].AsUInt64() * 2) { OnDispose = t => disposed.Add(t.Value) }) });
        api.DefineFunction("read", (store, args) => new[] { ComponentValue.U32(TableOf(store).Get<Thing>(args[0]).Value) });
        api.DefineFunction("take", (store, args) => { var t = TableOf(store).TakeOwn<Thing>(args[0]); taken.Add(t); return new[] { ComponentValue.U32(t.Value + 1) }; });
        var host = new Host(new ResourceTable());
        var inst = linker.Instantiate(new Store(Engine) { Data = host }, Component.FromText(Engine, HostThings));
        var table = host.Table;

        // make -> read (borrow) -> drop: the object is disposed once.
        Assert.Equal(ComponentValue.U32(42), inst.GetFunction("run")!.Call(ComponentValue.U32(21)));
        Assert.Equal(ComponentValue.U32(8), inst.GetFunction("run")!.Call(ComponentValue.U32(4)));
        Assert.Equal(new uint[] { 42, 8 }, disposed);
        Assert.Equal(0, table.Count);

        // An own handle passed to the host moves the object out of the table to the host: no dispose.
        Assert.Equal(ComponentValue.U32(11), inst.GetFunction("give")!.Call(ComponentValue.U32(5)));
        Assert.Single(taken);
        Assert.False(taken[0].Disposed);
        Assert.Equal(0, table.Count);
        Assert.Equal(2, disposed.Count);

        // A component using a handle after dropping it traps (its handle table no longer has it).
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("read-dropped")!.Call());
        Assert.StartsWith("unknown handle index", trap.Message);
    }

    private sealed record Host(ResourceTable Table) : IResourceTableView;

    [Fact]
    public void ARepOfAnotherTypeTrapsTheCallNotTheHost()
    {
        // One table, two kinds of object: `make` hands out a string as a `thing`, so `read` finds the wrong type.
        var linker = new ComponentLinker(Engine);
        var api = linker.Instance("host:res/api");
        var table = new ResourceTable();
        api.DefineResource<Thing>("thing", _ => table);
        api.DefineFunction("make", args => new[] { table.Own("not a thing") });
        api.DefineFunction("read", args => new[] { ComponentValue.U32(table.Get<Thing>(args[0]).Value) });
        api.DefineFunction("take", args => new[] { ComponentValue.U32(table.TakeOwn<Thing>(args[0]).Value) });
        var inst = linker.Instantiate(new Store(Engine), Component.FromText(Engine, HostThings));
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("run")!.Call(ComponentValue.U32(1)));
        Assert.Equal("host function `host:res/api#read` failed: resource 1 has the wrong type (expected Thing, found String)", trap.Message);
    }

    [Fact]
    public void ResourceTableHandsOutRepsAndRefusesUnknownOnes()
    {
        using var table = new ResourceTable(capacity: 2);
        var a = new Thing(1);
        var own = table.Own(a);
        Assert.Equal(WitBindgen.ComponentModel.Types.ValTypeKind.Own, own.Kind);
        Assert.Same(a, table.Get<Thing>(own));
        Assert.Equal(table.Lend(a), table.Borrow(a).HandleValue);   // a lent object keeps its rep
        Assert.NotEqual(own.HandleValue, table.Lend(a));            // an own handle is a rep of its own
        var full = Assert.Throws<ResourceTableException>(() => table.Push(new Thing(2)));
        Assert.Equal("resource table has no free space (limit of 2 open handles reached)", full.Message);
        Assert.Same(a, table.TakeOwn<Thing>(own));
        var e = Assert.Throws<ResourceTableException>(() => table.Get<Thing>(own));
        Assert.Equal($"unknown resource {own.HandleValue}", e.Message);
        Assert.Throws<ArgumentException>(() => table.TakeOwn<Thing>(ComponentValue.U32(1)));
        Assert.False(a.Disposed);

        // Disposing the table disposes what it still holds.
        table.Dispose();
        Assert.True(a.Disposed);
        Assert.Equal(0, table.Count);
    }
}
