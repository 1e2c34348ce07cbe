using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// <see cref="ComponentCall"/>, the typed fast path generated host bindings call, against the dynamic path
/// (<see cref="ComponentFunction.Call"/>) on the same functions: identical values, identical traps (messages), the same
/// poisoning and post-return.
/// </summary>
public sealed class ComponentTypedCallTests
{
    private static readonly Engine Engine = new();

    private const string Wat = """
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (global (export "posts") (mut i32) (i32.const 0))
            (data (i32.const 100) "\ff\fe")
            (data (i32.const 16) "\64\00\00\00\02\00\00\00")
            (data (i32.const 24) "\f0\ff\ff\ff\10\00\00\00")
            (data (i32.const 32) "\65\00\00\00\01\00\00\00")
            (data (i32.const 40) "\f8\ff\00\00\64\00\00\00")
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
              (local.get $p))
            (func (export "post") (param i32) (global.set $next (i32.const 1024)))
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 64) (local.get 0))
              (i32.store (i32.const 68) (local.get 1))
              (i32.const 64))
            (func (export "twice") (param i32 i32 i32) (result i32)
              (local $i i32)
              (block $done (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get 1)))
                (i32.store (i32.add (local.get 0) (i32.shl (local.get $i) (i32.const 2)))
                  (i32.add (local.get 2) (i32.shl (i32.load (i32.add (local.get 0) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
              (i32.store (i32.const 72) (local.get 0))
              (i32.store (i32.const 76) (local.get 1))
              (i32.const 72))
            (func (export "bad-utf8") (result i32) (i32.const 16))
            (func (export "oob-string") (result i32) (i32.const 24))
            (func (export "unaligned-list") (result i32) (i32.const 32))
            (func (export "oob-list") (result i32) (i32.const 40))
            (func (export "bad-area") (result i32) (i32.const 65533))
            (func (export "boom") (param i32 i32) (result i32) unreachable))
          (core instance $i (instantiate $m))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "post"))))
          (func (export "twice") (param "xs" (list s32)) (param "plus" s32) (result (list s32))
            (canon lift (core func $i "twice") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "post"))))
          (func (export "bad-utf8") (result string) (canon lift (core func $i "bad-utf8") (memory $i "memory")))
          (func (export "oob-string") (result string) (canon lift (core func $i "oob-string") (memory $i "memory")))
          (func (export "unaligned-list") (result (list s32)) (canon lift (core func $i "unaligned-list") (memory $i "memory")))
          (func (export "oob-list") (result (list s32)) (canon lift (core func $i "oob-list") (memory $i "memory")))
          (func (export "bad-area") (result (list s32)) (canon lift (core func $i "bad-area") (memory $i "memory")))
          (func (export "boom") (param "s" string) (result string)
            (canon lift (core func $i "boom") (memory $i "memory") (realloc (func $i "realloc"))))
        )
        """;

    private static ComponentInstance Instantiate() =>
        new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromText(Engine, Wat));

    /// <summary>What generated bindings emit for <c>func(s: string) -&gt; string</c>.</summary>
    private static string TypedEcho(ComponentFunction f, string s)
    {
        Span<ulong> flat = stackalloc ulong[2];
        var call = f.BeginCall(flat);
        try
        {
            call.ArgString(0, s);
            call.Invoke();
            var result = call.LoadString(call.ResultArea());
            call.Finish();
            return result;
        }
        finally { call.End(); }
    }

    private static int[] LoadInts(ref ComponentCall call, uint at) => call.LiftList<int>(call.Load32(at), call.Load32(at + 4));

    private static int[] TypedTwice(ComponentFunction f, ReadOnlySpan<int> xs, int plus)
    {
        Span<ulong> flat = stackalloc ulong[3];
        var call = f.BeginCall(flat);
        try
        {
            call.Arg(0, call.LowerList(xs));
            call.Arg(1, (uint)xs.Length);
            call.Arg(2, (uint)plus);
            call.Invoke();
            var result = LoadInts(ref call, call.ResultArea());
            call.Finish();
            return result;
        }
        finally { call.End(); }
    }

    private static int[] TypedList(ComponentFunction f)
    {
        var call = f.BeginCall(default);
        try
        {
            call.Invoke();
            var result = LoadInts(ref call, call.ResultArea());
            call.Finish();
            return result;
        }
        finally { call.End(); }
    }

    private static string TypedString(ComponentFunction f)
    {
        var call = f.BeginCall(default);
        try
        {
            call.Invoke();
            var result = call.LoadString(call.ResultArea());
            call.Finish();
            return result;
        }
        finally { call.End(); }
    }

    [Fact]
    public void StringsAndListsGiveTheValuesOfTheDynamicPath()
    {
        var inst = Instantiate();
        var echo = inst.GetFunction("echo")!;
        var twice = inst.GetFunction("twice")!;
        Assert.True(echo.IsLifted);
        foreach (var s in new[] { "", "a", "héllo wörld", "\U0001F600 emoji", new string('x', 1024), string.Concat(Enumerable.Repeat("ü€\U0001F600", 500)) })
        {
            Assert.Equal(s, TypedEcho(echo, s));
            Assert.Equal(echo.Call(ComponentValue.String(s))!.Value.AsString(), TypedEcho(echo, s));
        }
        foreach (var xs in new[] { Array.Empty<int>(), new[] { 7 }, Enumerable.Range(-500, 1000).ToArray() })
        {
            var typed = TypedTwice(twice, xs, 3);
            Assert.Equal(xs.Select(x => 2 * x + 3), typed);
            var dynamic = twice.Call(ComponentValue.List(xs.Select(ComponentValue.S32).ToArray()), ComponentValue.S32(3))!.Value.Items.Select(v => (int)v.AsInt64());
            Assert.Equal(dynamic, typed);
        }
        // Post-return ran every time: the bump allocator starts over, so many calls never run out of memory.
        for (int i = 0; i < 200; i++) Assert.Equal(1024, TypedEcho(echo, new string('y', 1024)).Length);
    }

    [Fact]
    public void TypedEchoAllocatesOnlyTheResultString()
    {
        var echo = Instantiate().GetFunction("echo")!;
        var s = new string('k', 1024);
        // Warm-up past the switch to the full bodies (Compilation/Tiering), which emits them once.
        for (int i = 0; i < 100; i++) TypedEcho(echo, s);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) TypedEcho(echo, s);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        var args = new[] { ComponentValue.String(s) };
        for (int i = 0; i < 10; i++) echo.Call(args);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) echo.Call(args);
        long dynamicPerCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // A 1,024-char string is 2,048 bytes of chars plus its header; what remains is a few small objects
        // (measured 2,264 bytes per call in all), never a ComponentValue array or a copy of the argument.
        Assert.InRange(perCall, 2048, 2048 + 256);
        Assert.True(perCall <= dynamicPerCall, $"typed {perCall} B, dynamic {dynamicPerCall} B per call");
    }

    [Fact]
    public void UnpairedSurrogatesAreRejectedAsByTheDynamicPath()
    {
        var echo = Instantiate().GetFunction("echo")!;
        var dynamic = Assert.Throws<ArgumentException>(() => echo.Call(ComponentValue.String("a\uD800b")));
        var typed = Assert.Throws<ArgumentException>(() => TypedEcho(echo, "a\uD800b"));
        Assert.Equal(dynamic.Message, typed.Message);
        // Not a trap: the instance is still usable.
        Assert.Equal("ok", TypedEcho(echo, "ok"));
    }

    [Theory]
    [InlineData("bad-utf8")]
    [InlineData("oob-string")]
    [InlineData("unaligned-list")]
    [InlineData("oob-list")]
    [InlineData("bad-area")]
    [InlineData("boom")]
    public void MalformedResultsTrapAsOnTheDynamicPathAndPoison(string name)
    {
        var dynamicInstance = Instantiate();
        var typedInstance = Instantiate();
        var d = dynamicInstance.GetFunction(name)!;
        var t = typedInstance.GetFunction(name)!;
        var dynamic = Assert.Throws<Trap>(() => name == "boom" ? d.Call(ComponentValue.String("x")) : d.Call());
        Func<object> typedCall = name switch
        {
            "boom" => () => TypedEcho(t, "x"),
            "bad-utf8" or "oob-string" => () => TypedString(t),
            _ => () => TypedList(t),
        };
        var typed = Assert.Throws<Trap>(typedCall);
        Assert.Equal(dynamic.Message.Split('\n')[0], typed.Message.Split('\n')[0]);
        // Both instances are poisoned afterwards.
        var again = Assert.Throws<Trap>(() => TypedEcho(typedInstance.GetFunction("echo")!, "x"));
        Assert.Contains("cannot enter component instance", again.Message);
        Assert.Contains("cannot enter component instance", Assert.Throws<Trap>(() => dynamicInstance.GetFunction("echo")!.Call(ComponentValue.String("x"))).Message);
    }

    [Fact]
    public void BeginCallNeedsASlotPerFlatArgument()
    {
        var echo = Instantiate().GetFunction("echo")!;
        Assert.Throws<ArgumentException>(() => { var c = echo.BeginCall(default); c.End(); });
        // The rejected call did not enter the instance.
        Assert.Equal("x", TypedEcho(echo, "x"));
    }
    [Fact]
    public void TypedScalarCallsAllocateNothing()
    {
        var add = new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromText(Engine, """
            (component
              (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
              (core instance $i (instantiate $m))
              (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
            )
            """)).GetFunction("add")!;
        Assert.True(add.IsTyped("(s32, s32) -> s32"));
        Assert.False(add.IsTyped("(u32, s32) -> s32"));
        // What generated bindings emit for add(a: s32, b: s32) -> s32.
        static int Add(ComponentFunction f, int a, int b)
        {
            Span<ulong> flat = stackalloc ulong[2];
            var call = f.BeginCall(flat);
            try
            {
                call.Arg(0, unchecked((uint)a));
                call.Arg(1, unchecked((uint)b));
                call.Invoke();
                var result = unchecked((int)call.FlatResult);
                call.Finish();
                return result;
            }
            finally { call.End(); }
        }
        // Warm-up past the switch to the full body (Compilation/Tiering), which emits that body once.
        for (int i = 0; i < 100; i++) Assert.Equal(-1, Add(add, int.MaxValue, int.MinValue));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Add(add, i, 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
