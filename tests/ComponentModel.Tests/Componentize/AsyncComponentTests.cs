using WitBindgen.Tests;
using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// Async (component-model 0.3) functions: a core module using wit-component's names (`[async-lift]` with its
/// `[callback][async-lift]`, `[async-lift-stackful]`, `[async-lower]`, `[task-return]`, `[waitable-set-*]`,
/// `[context-get-N]`, ...) becomes a component with `canon lift ... async (callback ...)`, `canon lower ... async`,
/// `canon task.return` and the other built-ins. The result is checked structurally (it reads back,
/// its canon definitions are the expected ones, its WIT prints and resolves) and Wasmtime, with its async proposals
/// switched on, validates it.
/// </summary>
public sealed class AsyncComponentTests
{
    private const string Wit = """
        package example:tasks@0.1.0;

        interface clock {
          sleep: async func(ms: u32);
          now: func() -> u64;
        }

        interface jobs {
          record job {
            id: u32,
            name: string,
          }

          run: async func(j: job) -> string;
          ping: async func(n: u32) -> u32;
        }

        world tasks {
          import clock;
          export jobs;
          export tick: async func() -> u32;
        }
        """;

    private const string Core = """
        (module
          (import "example:tasks/clock@0.1.0" "[async-lower]sleep" (func $sleep (param i32) (result i32)))
          (import "example:tasks/clock@0.1.0" "now" (func $now (result i64)))
          (import "$root" "[waitable-set-new]" (func $ws_new (result i32)))
          (import "$root" "[waitable-set-wait]" (func $ws_wait (param i32 i32) (result i32)))
          (import "$root" "[waitable-join]" (func $join (param i32 i32)))
          (import "$root" "[subtask-drop]" (func $sub_drop (param i32)))
          (import "$root" "[context-get-0]" (func $ctx_get (result i32)))
          (import "$root" "[context-set-0]" (func $ctx_set (param i32)))
          (import "[export]example:tasks/jobs@0.1.0" "[task-return]run" (func $ret_run (param i32 i32)))
          (import "[export]example:tasks/jobs@0.1.0" "[task-return]ping" (func $ret_ping (param i32)))
          (import "[export]$root" "[task-return]tick" (func $ret_tick (param i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
          (func (export "[async-lift]example:tasks/jobs@0.1.0#run") (param i32 i32 i32) (result i32)
            local.get 1 local.get 2 call $ret_run i32.const 0)
          (func (export "[callback][async-lift]example:tasks/jobs@0.1.0#run") (param i32 i32 i32) (result i32) i32.const 0)
          (func (export "[async-lift-stackful]example:tasks/jobs@0.1.0#ping") (param i32)
            local.get 0 call $ret_ping)
          (func (export "[async-lift]tick") (result i32)
            (local $set i32) (local $sub i32)
            call $ws_new local.set $set
            i32.const 5 call $sleep local.set $sub
            local.get $sub i32.const 4 i32.shr_u local.get $set call $join
            local.get $set call $ctx_set
            i32.const 7 call $ret_tick
            i32.const 0)
          (func (export "[callback][async-lift]tick") (param i32 i32 i32) (result i32)
            call $ctx_get i32.const 0 call $ws_wait drop i32.const 0))
        """;

    private readonly ITestOutputHelper _output;

    public AsyncComponentTests(ITestOutputHelper output) => _output = output;

    private static byte[] Embedded(string core)
    {
        var load = WitLoader.LoadText("tasks.wit", Wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        return ComponentTypeSection.Embed(Wasmtime.Module.ConvertText(core), load.Resolve!, load.SelectWorld("tasks"));
    }

    private static List<CanonFunction> Canons(ComponentBinary component) =>
        component.Sections.OfType<CanonSection>().SelectMany(s => s.Functions).ToList();

    [Fact]
    public void AsyncExportsAndImportsBecomeAsyncCanonDefinitions()
    {
        var bytes = Componentizer.Create(Embedded(Core));
        var component = ComponentReader.Read(bytes);
        var canons = Canons(component);
        foreach (var c in canons) _output.WriteLine($"{c.Op} {c.Index} {c.TypeIndex} async={c.Async} [{string.Join(", ", c.Options.Select(o => $"{o.Kind}:{o.Index}"))}] {c.Result}");

        var lifts = canons.Where(c => c.Op == CanonOp.Lift).ToList();
        Assert.Equal(3, lifts.Count);
        // run and tick: async with a callback; ping: stackful (async, no callback). None has a post-return.
        Assert.Equal(2, lifts.Count(l => l.Options.Any(o => o.Kind == CanonOptionKind.Async) && l.Options.Any(o => o.Kind == CanonOptionKind.Callback)));
        Assert.Single(lifts, l => l.Options.Any(o => o.Kind == CanonOptionKind.Async) && l.Options.All(o => o.Kind != CanonOptionKind.Callback));
        Assert.All(lifts, l => Assert.DoesNotContain(l.Options, o => o.Kind == CanonOptionKind.PostReturn));
        // run takes a string: memory and realloc.
        Assert.Contains(lifts, l => l.Options.Any(o => o.Kind == CanonOptionKind.Realloc) && l.Options.Any(o => o.Kind == CanonOptionKind.Memory));

        var lowers = canons.Where(c => c.Op == CanonOp.Lower).ToList();
        Assert.Equal(2, lowers.Count);
        Assert.Single(lowers, l => l.Options.Any(o => o.Kind == CanonOptionKind.Async));

        var returns = canons.Where(c => c.Op == CanonOp.TaskReturn).ToList();
        Assert.Equal(3, returns.Count);
        Assert.Contains(returns, r => r.Result is { IsPrimitive: true, Primitive: PrimitiveValType.String });
        Assert.Equal(2, returns.Count(r => r.Result is { IsPrimitive: true, Primitive: PrimitiveValType.U32 }));

        Assert.Single(canons, c => c.Op == CanonOp.WaitableSetNew);
        Assert.Single(canons, c => c.Op == CanonOp.WaitableSetWait && !c.Async);
        Assert.Single(canons, c => c.Op == CanonOp.WaitableJoin);
        Assert.Single(canons, c => c.Op == CanonOp.SubtaskDrop);
        Assert.Single(canons, c => c.Op == CanonOp.ContextGet && c.Index == 0);
        Assert.Single(canons, c => c.Op == CanonOp.ContextSet && c.Index == 0);
    }

    [Fact]
    public void TheAsyncComponentsWitPrintsTheAsyncFunctions()
    {
        var bytes = Componentizer.Create(Embedded(Core));
        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("tasks.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("import example:tasks/clock@0.1.0;", text);
        Assert.Contains("export example:tasks/jobs@0.1.0;", text);
        Assert.Contains("export tick: async func() -> u32;", text);
        Assert.Contains("run: async func(j: job) -> string;", text);
        Assert.Contains("sleep: async func(ms: u32);", text);
    }

    [Fact]
    public void WasmtimeWithComponentModelAsyncAcceptsIt()
    {
        // Wasmtime.Dotnet has no switch for component-model async; the native configuration does (WasmtimeFeatures).
        var bytes = Componentizer.Create(Embedded(Core));
        using var engine = new Wasmtime.Engine(Binary.WasmtimeFeatures.AllComponentModelFeatures());
        using var component = Wasmtime.Components.Component.FromBytes(engine, bytes);
        Assert.NotNull(component);
    }

    [Fact]
    public void AnAsyncLiftWithoutItsCallbackIsReported()
    {
        var core = Core.Replace("(func (export \"[callback][async-lift]tick\")", "(func (export \"unrelated\")");
        var e = Assert.Throws<ComponentizeException>(() => Componentizer.Create(Embedded(core)));
        Assert.Contains("missing callback for `[async-lift]tick`", e.Message);
    }

    [Theory]
    [InlineData("\"$root\" \"[waitable-set-new]\" (func $ws_new (result i32))", "\"$root\" \"[waitable-set-new]\" (func $ws_new (result i64))", "type mismatch")]
    [InlineData("\"$root\" \"[waitable-join]\"", "\"$root\" \"[cancellable][waitable-join]\"", "cannot be marked `cancellable`")]
    // The `cancellable` immediate left the component model (WebAssembly/component-model#716).
    [InlineData("\"$root\" \"[waitable-set-wait]\"", "\"$root\" \"[cancellable][waitable-set-wait]\"", "component-model#716")]
    [InlineData("\"[task-return]tick\"", "\"[task-return]tock\"", "exports no function `tock`")]
    // run returns a string: task.return takes (ptr, len).
    [InlineData("\"[task-return]run\" (func $ret_run (param i32 i32))", "\"[task-return]run\" (func $ret_run (param i32))", "expected [i32 i32] -> []")]
    public void BadIntrinsicImportsAreReported(string from, string to, string expected)
    {
        var core = Core.Replace(from, to);
        Assert.NotEqual(Core, core);
        var e = Assert.Throws<ComponentizeException>(() =>
        {
            try { Componentizer.Create(Embedded(core)); }
            catch (Exception x) when (x is not ComponentizeException) { throw new InvalidOperationException("core module did not assemble: " + x.Message); }
        });
        _output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MutatedAsyncModulesNeverCrash()
    {
        // Bad input is a ComponentizeException (or a format/encoding error of the module or its world), never a crash.
        var module = Embedded(Core);
        var random = new Random(4321);
        int rejected = 0, accepted = 0;
        for (int round = 0; round < 1500; round++)
        {
            var mutated = (byte[])module.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++) mutated[8 + random.Next(mutated.Length - 8)] = (byte)random.Next(256);
            try
            {
                Componentizer.Create(mutated);
                accepted++;
            }
            catch (Exception e) when (e is ComponentFormatException or ComponentizeException or WitEncodingException)
            {
                rejected++;
            }
        }
        _output.WriteLine($"accepted {accepted}, rejected {rejected}");
        Assert.Equal(1500, rejected + accepted);
        Assert.True(rejected > 0);
    }

    private const string StreamWit = """
        package example:pipes@0.1.0;

        interface source {
          ticks: func() -> stream<u8>;
        }

        interface sink {
          logs: async func(lines: stream<string>) -> future<u32>;
        }

        world pipes {
          import source;
          export sink;
        }
        """;

    private const string StreamCore = """
        (module
          (import "example:pipes/source@0.1.0" "ticks" (func $ticks (result i32)))
          (import "example:pipes/source@0.1.0" "[stream-new-0]ticks" (func (result i64)))
          (import "example:pipes/source@0.1.0" "[async-lower][stream-read-0]ticks" (func (param i32 i32 i32) (result i32)))
          (import "example:pipes/source@0.1.0" "[stream-drop-readable-0]ticks" (func (param i32)))
          (import "[export]example:pipes/sink@0.1.0" "[stream-read-0]logs" (func (param i32 i32 i32) (result i32)))
          (import "[export]example:pipes/sink@0.1.0" "[future-new-1]logs" (func (result i64)))
          (import "[export]example:pipes/sink@0.1.0" "[future-write-1]logs" (func (param i32 i32) (result i32)))
          (import "[export]example:pipes/sink@0.1.0" "[async-lower][future-cancel-write-1]logs" (func (param i32) (result i32)))
          (import "[export]example:pipes/sink@0.1.0" "[task-return]logs" (func (param i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
          (func (export "[async-lift]example:pipes/sink@0.1.0#logs") (param i32) (result i32) i32.const 0)
          (func (export "[callback][async-lift]example:pipes/sink@0.1.0#logs") (param i32 i32 i32) (result i32) i32.const 0))
        """;

    private static byte[] StreamComponent(string core)
    {
        var load = WitLoader.LoadText("pipes.wit", StreamWit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var embedded = ComponentTypeSection.Embed(Wasmtime.Module.ConvertText(core), load.Resolve!, load.SelectWorld("pipes"));
        return Componentizer.Create(embedded);
    }

    [Fact]
    public void StreamAndFutureBuiltInsNameTheirFunctionsTypes()
    {
        var bytes = StreamComponent(StreamCore);
        var component = ComponentReader.Read(bytes);
        var canons = Canons(component);
        foreach (var c in canons) _output.WriteLine($"{c.Op} {c.Index} async={c.Async} [{string.Join(", ", c.Options.Select(o => $"{o.Kind}:{o.Index}"))}]");
        var types = component.Sections.OfType<TypeSection>().SelectMany(t => t.Types).ToList();
        Assert.Contains(types, t => t is StreamType { Element: { IsPrimitive: true, Primitive: PrimitiveValType.U8 } });
        Assert.Contains(types, t => t is StreamType { Element: { IsPrimitive: true, Primitive: PrimitiveValType.String } });
        Assert.Contains(types, t => t is FutureType { Element: { IsPrimitive: true, Primitive: PrimitiveValType.U32 } });

        Assert.Single(canons, c => c.Op == CanonOp.StreamNew);
        // The async read of the imported stream<u8>: memory, no realloc (u8 needs none), the async option.
        var read = canons.Single(c => c.Op == CanonOp.StreamRead && c.Options.Any(o => o.Kind == CanonOptionKind.Async));
        Assert.Contains(read.Options, o => o.Kind == CanonOptionKind.Memory);
        Assert.DoesNotContain(read.Options, o => o.Kind == CanonOptionKind.Realloc);
        // The sync read of the exported stream<string> allocates the strings.
        var readStrings = canons.Single(c => c.Op == CanonOp.StreamRead && c.Options.All(o => o.Kind != CanonOptionKind.Async));
        Assert.Contains(readStrings.Options, o => o.Kind == CanonOptionKind.Realloc);
        Assert.NotEqual(read.Index, readStrings.Index);
        Assert.Single(canons, c => c.Op == CanonOp.StreamDropReadable && c.Index == read.Index);
        Assert.Single(canons, c => c.Op == CanonOp.FutureNew);
        Assert.Single(canons, c => c.Op == CanonOp.FutureWrite);
        Assert.Single(canons, c => c.Op == CanonOp.FutureCancelWrite && c.Async);
        Assert.Single(canons, c => c.Op == CanonOp.TaskReturn);

        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("pipes.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("logs: async func(lines: stream<string>) -> future<u32>;", text);

        using var engine = new Wasmtime.Engine(Binary.WasmtimeFeatures.AllComponentModelFeatures());
        using var loaded = Wasmtime.Components.Component.FromBytes(engine, bytes);
    }

    [Theory]
    [InlineData("[stream-new-0]ticks", "[stream-new-1]ticks", "has no stream type number 1")]
    [InlineData("[future-new-1]logs", "[future-new-0]logs", "has no future type number 0")]
    [InlineData("[stream-drop-readable-0]ticks", "[async-lower][stream-drop-readable-0]ticks", "not supported")]
    [InlineData("[stream-new-0]ticks\" (func (result i64))", "[stream-new-0]ticks\" (func (result i32))", "type mismatch")]
    public void BadStreamBuiltInsAreReported(string from, string to, string expected)
    {
        var core = StreamCore.Replace(from, to);
        Assert.NotEqual(StreamCore, core);
        var e = Assert.Throws<ComponentizeException>(() => StreamComponent(core));
        _output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
    }
}
