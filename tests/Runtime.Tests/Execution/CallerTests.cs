using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Store data, callers of host functions (dynamic and typed), host failures.</summary>
public class CallerTests
{
    private sealed class Log
    {
        public List<string> Lines { get; } = new();
        public int Calls;
    }

    private struct Counter
    {
        public int Value;
    }

    // A guest with a memory holding "hello" at 16 and "world!" at 32, calling env.log(ptr, len) and exporting
    // a helper the host calls back through its caller.
    private const string Logger = @"(module
      (import ""env"" ""log"" (func $log (param i32 i32)))
      (memory (export ""memory"") 1)
      (data (i32.const 16) ""hello"")
      (data (i32.const 32) ""world!"")
      (func (export ""twice"") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export ""run"") (call $log (i32.const 16) (i32.const 5)) (call $log (i32.const 32) (i32.const 6))))";

    [Fact]
    public void DynamicHostFunction_SeesCallerMemoryExportsAndStoreData()
    {
        var linker = new Linker(Wat.Engine);
        var doubled = new List<int>();
        linker.DefineFunction("env", "log", new FuncType([ValueKind.I32, ValueKind.I32], []), (caller, args, _) =>
        {
            var memory = caller.GetMemory("memory")!;
            var log = (Log)caller.Data!;
            log.Lines.Add(Encoding.UTF8.GetString(memory.GetSpan(args[0].I32, args[1].I32)));
            doubled.Add(caller.GetFunction("twice")!.Invoke(WasmValue.FromI32(args[1].I32))[0].I32);
            Assert.True(caller.HasInstance);
            Assert.Null(caller.GetExport("missing"));
            Assert.Null(caller.GetTable("memory")); // wrong kind
        });
        var store = new Store(Wat.Engine) { Data = new Log() };
        var instance = Wat.Instantiate(Logger, store, linker);
        instance.Call("run");
        Assert.Equal(new[] { "hello", "world!" }, ((Log)store.Data!).Lines);
        Assert.Equal(new[] { 10, 12 }, doubled);
    }

    [Fact]
    public void TypedHostFunction_WithTypedCaller_MutatesStoreData()
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "log", (Action<Caller<Log>, int, int>)((caller, ptr, len) =>
        {
            caller.Data.Lines.Add(Encoding.UTF8.GetString(caller.GetMemory("memory")!.GetSpan(ptr, len)));
            caller.Data.Calls++;
        }));
        var store = new Store<Log>(Wat.Engine, new Log());
        var instance = Wat.Instantiate(Logger, store, linker);
        instance.Call("run");
        instance.Call("run");
        Assert.Equal(new[] { "hello", "world!", "hello", "world!" }, store.Data.Lines);
        Assert.Equal(4, store.Data.Calls);
        Assert.Same(store.Data, store.Data); // the same object: no copy on the way
        Assert.Same(store.Data, ((Store)store).Data);
    }

    [Fact]
    public void TypedCaller_StructDataIsChangedInPlace_AndCanBeReplaced()
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "add", (Func<Caller<Counter>, int, int>)((caller, x) => caller.Data.Value += x));
        var store = new Store<Counter>(Wat.Engine, new Counter { Value = 1 });
        var instance = Wat.Instantiate(@"(module (import ""env"" ""add"" (func $add (param i32) (result i32)))
          (func (export ""add"") (param i32) (result i32) (call $add (local.get 0))))", store, linker);
        Assert.Equal(11, instance.I32("add", 10));
        Assert.Equal(16, instance.I32("add", 5));
        Assert.Equal(16, store.Data.Value);
        store.Data = new Counter { Value = 100 };
        Assert.Equal(101, instance.I32("add", 1));
        Assert.Equal(101, ((Counter)((Store)store).Data!).Value); // boxed view of the same data
        ((Store)store).Data = new Counter { Value = 7 };
        Assert.Equal(7, store.Data.Value);
        Assert.Throws<ArgumentException>(() => ((Store)store).Data = "not a counter");
    }

    [Fact]
    public void TypedHostFunction_WithUntypedCaller_AndResults()
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "peek", (Func<Caller, int, long>)((caller, address) =>
            caller.GetMemory("memory")!.Read<byte>(address) + (long)(int)caller.Data!));
        var store = new Store(Wat.Engine) { Data = 1000 };
        var instance = Wat.Instantiate(@"(module (import ""env"" ""peek"" (func $peek (param i32) (result i64)))
          (memory (export ""memory"") 1) (data (i32.const 5) ""\2a"")
          (func (export ""peek"") (param i32) (result i64) (call $peek (local.get 0))))", store, linker);
        Assert.Equal(1042L, instance.Call("peek", WasmValue.FromI32(5))[0].I64);
    }

    [Fact]
    public void EachImportingInstanceIsItsOwnCaller()
    {
        var linker = new Linker(Wat.Engine);
        var seen = new List<string>();
        linker.DefineFunction("env", "log", (Action<Caller, int, int>)((caller, ptr, len) =>
            seen.Add(Encoding.UTF8.GetString(caller.GetMemory("memory")!.GetSpan(ptr, len)))));
        var store = new Store(Wat.Engine);
        var first = Wat.Instantiate(Logger, store, linker);
        var second = Wat.Instantiate(Logger.Replace("\"hello\"", "\"HELLO\""), store, linker);
        second.Call("run");
        first.Call("run");
        Assert.Equal(new[] { "HELLO", "world!", "hello", "world!" }, seen);
    }

    [Fact]
    public void CallThroughTheInstancesTable_HasTheInstanceAsCaller()
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "size", (Func<Caller, int>)(caller => (int)caller.GetMemory("memory")!.Pages));
        var instance = Wat.Instantiate(@"(module (import ""env"" ""size"" (func $size (result i32)))
          (memory (export ""memory"") 3)
          (table 1 funcref) (elem (i32.const 0) $size)
          (type $t (func (result i32)))
          (func (export ""direct"") (result i32) (call $size))
          (func (export ""indirect"") (result i32) (call_indirect (type $t) (i32.const 0))))", linker: linker);
        Assert.Equal(3, instance.I32("direct"));
        Assert.Equal(3, instance.I32("indirect"));
    }

    [Fact]
    public void ReexportedHostFunction_IsTheHostsFunction()
    {
        var host = Function.FromDelegate((Func<int>)(() => 5));
        var linker = new Linker(Wat.Engine);
        linker.Define("env", "five", host);
        var instance = Wat.Instantiate(@"(module (import ""env"" ""five"" (func (result i32))) (export ""five"" (func 0)))", linker: linker);
        Assert.Same(host, instance.GetFunction("five"));
        Assert.True(host.IsHost);
    }

    [Fact]
    public void HostFunctionCalledFromCSharp_HasNoInstance_AndTheStoreItWasCreatedWith()
    {
        var store = new Store<Log>(Wat.Engine, new Log());
        var function = Function.FromDelegate(store, (Func<Caller<Log>, int>)(caller =>
        {
            Assert.False(caller.HasInstance);
            Assert.Null(caller.GetMemory("memory"));
            return ++caller.Data.Calls;
        }));
        Assert.Equal(1, function.Invoke()[0].I32);
        Assert.Equal(1, store.Data.Calls);

        var storeless = new Function(new FuncType([], []), (caller, _, _) => _ = caller.Store);
        var trap = Assert.Throws<Trap>(() => storeless.Invoke());
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
    }

    [Fact]
    public void TypedCallerOfAnotherDataType_FailsToLink()
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "f", (Action<Caller<Log>>)(_ => { }));
        var error = Assert.Throws<LinkException>(() =>
            Wat.Instantiate(@"(module (import ""env"" ""f"" (func)))", new Store<Counter>(Wat.Engine, default), linker));
        Assert.Contains("env::f", error.Message);
        Assert.Contains("Caller<Log>", error.Message);
        Assert.Contains("Store<Counter>", error.Message);
        Assert.Throws<ArgumentException>(() =>
            Function.FromDelegate(new Store(Wat.Engine), (Action<Caller<Log>>)(_ => { })));
    }

    [Fact]
    public void HostException_TrapsTheCaller_AndTheStoreStaysUsable()
    {
        var linker = new Linker(Wat.Engine);
        var fail = true;
        linker.DefineFunction("env", "check", (Func<int, int>)(x => fail ? throw new InvalidOperationException("disk on fire") : x + 1));
        linker.DefineFunction("env", "check_dyn", new FuncType([], []), (_, _, _) => throw new KeyNotFoundException("no such key"));
        var store = new Store<Counter>(Wat.Engine, default);
        var instance = Wat.Instantiate(@"(module
          (import ""env"" ""check"" (func $check (param i32) (result i32)))
          (import ""env"" ""check_dyn"" (func $check_dyn))
          (global $g (mut i32) (i32.const 0))
          (func $inner (param i32) (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (call $check (local.get 0)))
          (func (export ""go"") (param i32) (result i32) (call $inner (local.get 0)))
          (func (export ""dyn"") (call $check_dyn))
          (func (export ""count"") (result i32) (global.get $g)))", store, linker);

        var trap = instance.Traps("go", WasmValue.FromI32(1));
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.Equal("host function 'env::check' failed: InvalidOperationException: disk on fire", trap.Message);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Contains(trap.WasmBacktrace, frame => frame.Contains("inner") || frame.Contains("func["));

        var dynamicTrap = instance.Traps("dyn");
        Assert.Equal("host function 'env::check_dyn' failed: KeyNotFoundException: no such key", dynamicTrap.Message);
        Assert.IsType<KeyNotFoundException>(dynamicTrap.InnerException);

        // The store and the instance keep working after the traps.
        fail = false;
        Assert.Equal(42, instance.I32("go", 41));
        Assert.Equal(2, instance.I32("count"));
        var other = Wat.Instantiate(@"(module (func (export ""f"") (result i32) (i32.const 9)))", store);
        Assert.Equal(9, other.I32("f"));
    }

    [Fact]
    public void TrapFromHostFunction_PassesThroughUnchanged()
    {
        var linker = new Linker(Wat.Engine);
        var thrown = new Trap(TrapCode.Unreachable);
        linker.DefineFunction("env", "t", (Action<Caller>)(_ => throw thrown));
        var instance = Wat.Instantiate(@"(module (import ""env"" ""t"" (func $t)) (func (export ""go"") (call $t)))", linker: linker);
        Assert.Same(thrown, instance.Traps("go"));

        // A function defined without a name is named after the import it was linked to.
        linker.Define("env", "anon", Function.FromDelegate((Action)(() => throw new FormatException("bad"))));
        var named = Wat.Instantiate(@"(module (import ""env"" ""anon"" (func $a)) (func (export ""go"") (call $a)))", linker: linker);
        Assert.Equal("host function 'env::anon' failed: FormatException: bad", named.Traps("go").Message);
    }

    [Fact]
    public void ExternTypes_OfImportsAndExports()
    {
        var module = Wat.Compile(@"(module
          (import ""env"" ""f"" (func (param i32 i64) (result f32)))
          (import ""env"" ""t"" (table 2 10 funcref))
          (import ""env"" ""m"" (memory 1 4))
          (import ""env"" ""g"" (global (mut f64)))
          (memory (export ""memory"") 2)
          (table (export ""refs"") 3 externref)
          (global (export ""answer"") i32 (i32.const 42))
          (func (export ""h"") (param v128) (result funcref externref) (ref.null func) (ref.null extern)))");

        Assert.Equal(new[] { ExternKind.Function, ExternKind.Table, ExternKind.Memory, ExternKind.Global }, module.Imports.Select(i => i.Kind));
        var f = Assert.IsType<FuncType>(module.Imports[0].Type);
        Assert.Equal(new[] { ValueKind.I32, ValueKind.I64 }, f.Params);
        Assert.Equal(new[] { ValueKind.F32 }, f.Results);
        Assert.Equal("[i32 i64] -> [f32]", f.ToString());
        Assert.Equal(new FuncType([ValueKind.I32, ValueKind.I64], [ValueKind.F32]), f);
        Assert.Equal(new TableType(ValueKind.FuncRef, 2, 10), module.Imports[1].Type);
        Assert.Equal(new MemoryType(1, 4), module.Imports[2].Type);
        Assert.Equal(new GlobalType(ValueKind.F64, mutable: true), module.Imports[3].Type);
        Assert.Equal(("env", "g"), (module.Imports[3].Module, module.Imports[3].Name));

        var exports = module.Exports.ToDictionary(e => e.Name, e => e.Type);
        Assert.Equal(new MemoryType(2), exports["memory"]);
        Assert.Null(((MemoryType)exports["memory"]).Maximum);
        Assert.Equal(new TableType(ValueKind.ExternRef, 3), exports["refs"]);
        Assert.Equal(new GlobalType(ValueKind.I32, mutable: false), exports["answer"]);
        Assert.Equal(new FuncType([ValueKind.V128], [ValueKind.FuncRef, ValueKind.ExternRef]), exports["h"]);
        Assert.Equal(ExternKind.Function, module.Exports.Single(e => e.Name == "h").Kind);
    }

    [Fact]
    public void ExternTypes_OfLiveItems()
    {
        var store = new Store(Wat.Engine);
        var memory = new Memory(store, new MemoryType(1, 3));
        memory.Grow(1);
        Assert.Equal(new MemoryType(2, 3), memory.Type);
        var table = new Table(store, new TableType(ValueKind.FuncRef, 1));
        Assert.Equal(ValueKind.FuncRef, table.ElementType);
        Assert.Equal(new TableType(ValueKind.FuncRef, 1), table.Type);
        var global = new Global(store, new GlobalType(ValueKind.I64, true), WasmValue.FromI64(3));
        Assert.Equal(new GlobalType(ValueKind.I64, true), global.Type);
        Assert.Equal(ValueKind.I64, global.Value.Type);
        var function = Function.FromDelegate((Func<Caller, double, float>)((_, x) => (float)x));
        Assert.Equal(new FuncType([ValueKind.F64], [ValueKind.F32]), function.Type); // the caller is no wasm parameter
        Assert.Throws<ArgumentException>(() => new TableType(ValueKind.I32, 1));
        Assert.Throws<ArgumentException>(() => new MemoryType(2, 1));
        Assert.Throws<ArgumentException>(() => new MemoryType(70000));
    }

    private sealed class Host
    {
        public int Calls;
        public StringBuilder Output { get; } = new();
    }

    [Fact]
    public void EmbeddingDocExample_RunsAsWritten()
    {
        // docs/embedding.md, with the module inline: lambdas passed without casts (their natural types).
        var engine = new Engine();
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (import ""env"" ""print"" (func $print (param i32 i32)))
          (memory (export ""memory"") 1) (data (i32.const 8) ""hello, world"")
          (func (export ""greet"") (param i32) (call $print (i32.const 8) (i32.const 12)))
          (func (export ""add"") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"));
        var store = new Store<Host>(engine, new Host());
        var linker = new Linker(engine);
        linker.DefineFunction("env", "print", (Caller<Host> caller, int ptr, int len) =>
        {
            var memory = caller.GetMemory("memory")!;
            caller.Data.Output.Append(Encoding.UTF8.GetString(memory.GetSpan(ptr, len)));
            caller.Data.Calls++;
        });
        linker.DefineFunction("env", "widen", new FuncType([ValueKind.I32], [ValueKind.I64]),
            (caller, args, results) => results[0] = WasmValue.FromI64(args[0].I32));
        var instance = linker.Instantiate(store, module);
        instance.GetFunction("greet")!.Invoke(WasmValue.FromI32(42));
        var add = instance.GetFunction("add")!.CreateDelegate<Func<int, int, int>>();
        Assert.Equal($"hello, world (1 calls, 2 + 3 = 5)", $"{store.Data.Output} ({store.Data.Calls} calls, 2 + 3 = {add(2, 3)})");
    }

    private sealed class WasiState
    {
        public System.IO.MemoryStream Stdout { get; } = new();
        public int? ExitCode;
    }

    private sealed class ExitException(int code) : Exception($"exit {code}")
    {
        public int Code { get; } = code;
    }

    [Fact]
    public void Preview1StyleHost_WrittenWithStaticLambdas_NoClosureOverTheInstance()
    {
        // fd_write and proc_exit as wasi_snapshot_preview1 defines them, over the caller's memory and the
        // store's data only: static lambdas cannot capture anything.
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_write", static (Caller<WasiState> caller, int fd, int iovs, int count, int written) =>
        {
            var memory = caller.GetMemory("memory")!;
            var total = 0;
            for (var i = 0; i < count; i++)
            {
                var ptr = memory.Read<int>(iovs + 8 * i);
                var len = memory.Read<int>(iovs + 8 * i + 4);
                if (fd == 1) caller.Data.Stdout.Write(memory.GetSpan(ptr, len));
                total += len;
            }
            memory.Write(written, total);
            return fd == 1 ? 0 : 8; // errno badf
        });
        linker.DefineFunction("wasi_snapshot_preview1", "proc_exit", static (Caller<WasiState> caller, int code) =>
        {
            caller.Data.ExitCode = code;
            throw new ExitException(code);
        });
        var module = Wat.Compile(@"(module
          (import ""wasi_snapshot_preview1"" ""fd_write"" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import ""wasi_snapshot_preview1"" ""proc_exit"" (func $proc_exit (param i32)))
          (memory (export ""memory"") 1)
          (data (i32.const 100) ""hello "") (data (i32.const 200) ""wasi\n"")
          (data (i32.const 0) ""\64\00\00\00\06\00\00\00\c8\00\00\00\05\00\00\00"")
          (func (export ""_start"")
            (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 300)) (then unreachable))
            (call $proc_exit (i32.load (i32.const 300)))))");
        for (var run = 0; run < 2; run++)
        {
            var store = new Store<WasiState>(Wat.Engine, new WasiState());
            var instance = linker.Instantiate(store, module);
            var trap = Assert.Throws<Trap>(() => instance.GetFunction("_start")!.Invoke());
            Assert.Equal(11, Assert.IsType<ExitException>(trap.InnerException).Code);
            Assert.Equal(11, store.Data.ExitCode);
            Assert.Equal("hello wasi\n", System.Text.Encoding.UTF8.GetString(store.Data.Stdout.ToArray()));
        }
    }
}
