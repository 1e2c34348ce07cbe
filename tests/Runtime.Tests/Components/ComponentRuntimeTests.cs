using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

public sealed class ComponentRuntimeTests
{
    private static readonly Engine Engine = new();

    private static ComponentInstance Instantiate(string wat, Action<ComponentLinker>? define = null)
    {
        var component = Component.FromText(Engine, wat);
        var linker = new ComponentLinker(Engine);
        define?.Invoke(linker);
        return linker.Instantiate(new Store(Engine), component);
    }

    // A bump allocator exported as cabi_realloc, with memory.
    private const string Allocator = """
        (memory (export "memory") 1)
        (global $next (mut i32) (i32.const 1024))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
          (local $p i32)
          (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))
            (then (return (local.get 0))))
          (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                 (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
          (global.set $next (i32.add (local.get $p) (local.get 3)))
          (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
          (local.get $p))
        """;

    [Fact]
    public void LiftedAddOfPrimitives()
    {
        var inst = Instantiate("""
            (component
              (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
              (core instance $i (instantiate $m))
              (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
            )
            """);
        var add = inst.GetFunction("add")!;
        Assert.Equal(2, add.Parameters.Count);
        Assert.Equal(ValTypeKind.S32, add.Result!.Kind);
        Assert.Equal(ComponentValue.S32(-5), add.Call(ComponentValue.S32(7), ComponentValue.S32(-12)));
        Assert.Null(inst.GetFunction("missing"));
    }

    [Fact]
    public void StringsRoundTripThroughMemoryAndRealloc()
    {
        var inst = Instantiate($$"""
            (component
              (core module $m
                {{Allocator}}
                (func (export "echo") (param i32 i32) (result i32)
                  (i32.store (i32.const 16) (local.get 0))
                  (i32.store (i32.const 20) (local.get 1))
                  (i32.const 16)))
              (core instance $i (instantiate $m))
              (func (export "echo") (param "s" string) (result string)
                (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc"))))
            )
            """);
        var echo = inst.GetFunction("echo")!;
        Assert.Equal("héllo, wörld ✓", echo.Call(ComponentValue.String("héllo, wörld ✓"))!.Value.AsString());
        var big = new string('x', 1024);
        Assert.Equal(big, echo.Call(ComponentValue.String(big))!.Value.AsString());
    }

    [Fact]
    public void ListsAndRecordsRoundTrip()
    {
        var inst = Instantiate($$"""
            (component
              (core module $m
                {{Allocator}}
                (func (export "sum") (param i32 i32) (result i64)
                  (local $acc i64)
                  (block $done (loop $l
                    (br_if $done (i32.eqz (local.get 1)))
                    (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.load (local.get 0)))))
                    (local.set 0 (i32.add (local.get 0) (i32.const 4)))
                    (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
                    (br $l)))
                  (local.get $acc))
                (func (export "swap") (param i32 i64) (result i32)
                  (i64.store (i32.const 32) (local.get 1))
                  (i32.store8 (i32.const 40) (local.get 0))
                  (i32.const 32)))
              (core instance $i (instantiate $m))
              (type $point' (record (field "flag" bool) (field "n" u64)))
              (export $point "point" (type $point'))
              (type $back' (record (field "n" u64) (field "flag" bool)))
              (export $back "back" (type $back'))
              (func (export "sum") (param "xs" (list u32)) (result u64)
                (canon lift (core func $i "sum") (memory $i "memory") (realloc (func $i "realloc"))))
              (func (export "swap") (param "p" $point) (result $back)
                (canon lift (core func $i "swap") (memory $i "memory")))
            )
            """);
        var xs = ComponentValue.List(Enumerable.Range(1, 100).Select(i => ComponentValue.U32((uint)i)).ToArray());
        Assert.Equal(5050UL, inst.GetFunction("sum")!.Call(xs)!.Value.AsUInt64());
        var swapped = inst.GetFunction("swap")!.Call(ComponentValue.Record(ComponentValue.Bool(true), ComponentValue.U64(1UL << 40)))!.Value;
        Assert.Equal(ComponentValue.Record(ComponentValue.U64(1UL << 40), ComponentValue.Bool(true)), swapped);
    }

    [Fact]
    public void LoweredHostImportIsCalledWithLiftedValues()
    {
        string? seen = null;
        var inst = Instantiate($$"""
            (component
              (import "log" (func $log (param "msg" string) (result u32)))
              (core module $mem {{Allocator}})
              (core instance $mem (instantiate $mem))
              (core func $log (canon lower (func $log) (memory $mem "memory") (realloc (func $mem "realloc"))))
              (core module $m
                (import "host" "log" (func $log (param i32 i32) (result i32)))
                (import "host" "memory" (memory 1))
                (data (i32.const 100) "hi from wasm")
                (func (export "run") (result i32) (i32.add (call $log (i32.const 100) (i32.const 12)) (i32.const 1))))
              (core instance $i (instantiate $m (with "host" (instance (export "log" (func $log)) (export "memory" (memory $mem "memory"))))))
              (func (export "run") (result u32) (canon lift (core func $i "run")))
            )
            """, linker => linker.Root.DefineFunction("log", args =>
            {
                seen = args[0].AsString();
                return new[] { ComponentValue.U32(41) };
            }));
        Assert.Equal(42U, (uint)inst.GetFunction("run")!.Call()!.Value.AsUInt64());
        Assert.Equal("hi from wasm", seen);
    }

    [Fact]
    public void MissingImportFailsToLinkUnlessDefinedAsTrap()
    {
        const string wat = """
            (component
              (import "f" (func $f))
              (core func $f (canon lower (func $f)))
              (core module $m (import "" "f" (func)) (func (export "run") (call 0)))
              (core instance $i (instantiate $m (with "" (instance (export "f" (func $f))))))
              (func (export "run") (canon lift (core func $i "run")))
            )
            """;
        var component = Component.FromText(Engine, wat);
        var linker = new ComponentLinker(Engine);
        Assert.Throws<ComponentLinkException>(() => linker.Instantiate(new Store(Engine), component));
        linker.DefineUnknownImportsAsTraps(component);
        var inst = linker.Instantiate(new Store(Engine), component);
        var trap = Assert.Throws<Trap>(() => inst.GetFunction("run")!.Call());
        Assert.Contains("unknown import", trap.Message);
    }
}
