using System;
using System.Collections.Generic;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// <see cref="ComponentLinkerInstance.DefineFunction(string, Delegate)"/>: host functions as typed C# delegates, their
/// component type read from the C# signature and compared with the import's when instantiating (not on the first call).
/// </summary>
public sealed class ComponentTypedHostFunctionTests
{
    private static readonly Engine Engine = new();

    // Imports four host functions and exports a wrapper of each, going through guest memory for strings and lists.
    private const string Importer = """
        (component
          (import "test:x/host@0.1.0" (instance $h
            (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
            (export "shout" (func (param "s" string) (result string)))
            (export "sum" (func (param "xs" (list s16)) (result s64)))
            (export "note" (func (param "c" char)))))
          (alias export $h "add" (func $add))
          (alias export $h "shout" (func $shout))
          (alias export $h "sum" (func $sum))
          (alias export $h "note" (func $note))
          (core module $mem
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              ;; Shrinking (as string lowering does after allocating for the worst case) keeps the block.
              (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))
                (then (return (local.get 0))))
              (local.set $p (global.get $next))
              (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
              ;; Growing (as string lowering does at the first non-ASCII character) moves the block.
              (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
              (local.get $p)))
          (core instance $mem (instantiate $mem))
          (core func $add' (canon lower (func $add)))
          (core func $shout' (canon lower (func $shout) (memory $mem "memory") (realloc (func $mem "realloc"))))
          (core func $sum' (canon lower (func $sum) (memory $mem "memory") (realloc (func $mem "realloc"))))
          (core func $note' (canon lower (func $note)))
          (core module $m
            (import "h" "add" (func $add (param i32 i32) (result i32)))
            (import "h" "shout" (func $shout (param i32 i32 i32)))
            (import "h" "sum" (func $sum (param i32 i32) (result i64)))
            (import "h" "note" (func $note (param i32)))
            (func (export "add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
            (func (export "shout") (param i32 i32) (result i32)
              (call $shout (local.get 0) (local.get 1) (i32.const 16))
              (i32.const 16))
            (func (export "sum") (param i32 i32) (result i64) (call $sum (local.get 0) (local.get 1)))
            (func (export "note") (param i32) (call $note (local.get 0))))
          (core instance $i (instantiate $m
            (with "h" (instance
              (export "add" (func $add')) (export "shout" (func $shout')) (export "sum" (func $sum')) (export "note" (func $note'))))))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (func (export "shout") (param "s" string) (result string)
            (canon lift (core func $i "shout") (memory $mem "memory") (realloc (func $mem "realloc"))))
          (func (export "sum") (param "xs" (list s16)) (result s64)
            (canon lift (core func $i "sum") (memory $mem "memory") (realloc (func $mem "realloc"))))
          (func (export "note") (param "c" char) (canon lift (core func $i "note")))
        )
        """;

    [Fact]
    public void TypedDelegatesAreCalledWithConvertedValues()
    {
        var notes = new List<Rune>();
        var linker = new ComponentLinker(Engine);
        var host = linker.Instance("test:x/host@0.1.0");
        host.DefineFunction("add", (Store store, uint a, uint b) => a + b + ((Store<uint>)store).Data);
        host.DefineFunction("shout", (string s) => s.ToUpperInvariant() + "!");
        host.DefineFunction("sum", (short[] xs) => { long t = 0; foreach (var x in xs) t += x; return t; });
        host.DefineFunction("note", (Rune c) => notes.Add(c));
        var instance = linker.Instantiate(new Store<uint>(Engine, 1000), Component.FromText(Engine, Importer));

        Assert.Equal(ComponentValue.U32(1005), instance.GetFunction("add")!.Call(ComponentValue.U32(2), ComponentValue.U32(3)));
        Assert.Equal("HÉLLO!", instance.GetFunction("shout")!.Call(ComponentValue.String("héllo"))!.Value.AsString());
        Assert.Equal(-32768L + 7, instance.GetFunction("sum")!.Call(ComponentValue.List(ComponentValue.S16(-32768), ComponentValue.S16(7)))!.Value.AsInt64());
        Assert.Null(instance.GetFunction("note")!.Call(ComponentValue.Char(0x1F600)));
        Assert.Equal(new[] { new Rune(0x1F600) }, notes);
    }

    [Fact]
    public void AMismatchFailsInstantiationNamingTheImportAndBothTypes()
    {
        var component = Component.FromText(Engine, Importer);
        bool called = false;
        ComponentLinker Linker(Delegate add)
        {
            var linker = new ComponentLinker(Engine);
            var host = linker.Instance("test:x/host@0.1.0");
            host.DefineFunction("add", add);
            host.DefineFunction("shout", (string s) => { called = true; return s; });
            host.DefineFunction("sum", (short[] xs) => { called = true; return 0L; });
            host.DefineFunction("note", (Rune c) => { called = true; });
            return linker;
        }

        var e = Assert.Throws<ComponentLinkException>(() => Linker((int a, int b) => a + b).Instantiate(new Store(Engine), component));
        Assert.Equal("import `test:x/host@0.1.0#add` has the wrong type: expected func(a: u32, b: u32) -> u32, found func(a: s32, b: s32) -> s32", e.Message);
        e = Assert.Throws<ComponentLinkException>(() => Linker((uint a, uint b) => { called = true; }).Instantiate(new Store(Engine), component));
        Assert.Equal("import `test:x/host@0.1.0#add` has the wrong type: expected func(a: u32, b: u32) -> u32, found func(a: u32, b: u32)", e.Message);
        e = Assert.Throws<ComponentLinkException>(() => Linker((uint x) => x).Instantiate(new Store(Engine), component));
        Assert.Equal("import `test:x/host@0.1.0#add` has the wrong type: expected func(a: u32, b: u32) -> u32, found func(x: u32) -> u32", e.Message);
        // Through an InstancePre the same check applies when instantiating, and a list element type counts.
        var linker = Linker((uint a, uint b) => a + b);
        linker.Instance("test:x/host@0.1.0").DefineFunction("sum", (int[] xs) => 0L);
        e = Assert.Throws<ComponentLinkException>(() => linker.InstantiatePre(component).Instantiate(new Store(Engine)));
        Assert.Equal("import `test:x/host@0.1.0#sum` has the wrong type: expected func(xs: list<s16>) -> s64, found func(xs: list<s32>) -> s64", e.Message);
        Assert.False(called);
    }

    [Fact]
    public void UnsupportedCSharpTypesAreRejectedWhenDefined()
    {
        var host = new ComponentLinker(Engine).Instance("test:x/host@0.1.0");
        var e = Assert.Throws<ArgumentException>(() => host.DefineFunction("add", (DateTime d) => 1u));
        Assert.Contains("System.DateTime", e.Message);
        Assert.Throws<ArgumentException>(() => host.DefineFunction("add", (uint a) => new List<uint>()));
    }

    [Fact]
    public void AnExceptionInATypedDelegateTrapsTheCallerWithItsMessage()
    {
        var linker = new ComponentLinker(Engine);
        var host = linker.Instance("test:x/host@0.1.0");
        host.DefineFunction("add", (uint a, uint b) => b == 0 ? throw new InvalidOperationException("no zero") : a + b);
        host.DefineFunction("shout", (string s) => (string)null!);
        host.DefineFunction("sum", (short[] xs) => 0L);
        host.DefineFunction("note", (Rune c) => { });
        var instance = linker.Instantiate(new Store(Engine), Component.FromText(Engine, Importer));
        var trap = Assert.Throws<Trap>(() => instance.GetFunction("add")!.Call(ComponentValue.U32(1), ComponentValue.U32(0)));
        Assert.Equal("host function `test:x/host@0.1.0#add` failed: no zero", trap.Message.Split('\n')[0]);
        trap = Assert.Throws<Trap>(() => linker.Instantiate(new Store(Engine), Component.FromText(Engine, Importer)).GetFunction("shout")!.Call(ComponentValue.String("x")));
        Assert.Contains("returned null for a string", trap.Message);
    }
}
