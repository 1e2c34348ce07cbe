using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Runtime.Components;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// tests/fixtures/components/worlds/calc.c (a C reactor implementing world example:calc/calc) embedded and
/// componentized by our <c>component new</c> (the wit-component layout: main module, shim with a funcref table,
/// fixup), then instantiated and called on the included runtime with host functions for its imports.
/// </summary>
public sealed class ComponentizedFixtureTests
{
    private readonly ITestOutputHelper _output;

    public ComponentizedFixtureTests(ITestOutputHelper output) => _output = output;

    private byte[]? BuildCalc()
    {
        var core = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "calc.core.wasm");
        if (!File.Exists(core))
        {
            // Built by scripts/build-fixtures.sh (needs clang-16).
            _output.WriteLine($"fixture {core} not built (run scripts/build-fixtures.sh): skipped");
            return null;
        }
        var load = WitLoader.LoadPath(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "worlds", "calc.wit"));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var world = load.SelectWorld("calc");
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, world);
        return Componentizer.Create(embedded);
    }

    [Fact]
    public void CalcComponentRunsWithHostImports()
    {
        var bytes = BuildCalc();
        if (bytes is null) return;
        var engine = new Engine();
        var component = Component.FromBytes(engine, bytes);
        Assert.Contains(component.Imports, i => i.Name == "example:calc/host@1.0.0" && i.Kind == ComponentItemKind.Instance);
        Assert.Contains(component.Exports, e => e.Name == "example:calc/ops@1.0.0" && e.Kind == ComponentItemKind.Instance);

        var logs = new List<string>();
        var linker = new ComponentLinker(engine);
        // A newer patch release of the host interface links to the 1.0.0 import (semver compatibility).
        var host = linker.Instance("example:calc/host@1.0.7");
        host.DefineFunction("log", args => { logs.Add(args[0].AsString()); return System.Array.Empty<ComponentValue>(); });
        host.DefineFunction("scale", _ => new[] { ComponentValue.U32(10) });
        linker.Root.DefineFunction("now", _ => new[] { ComponentValue.U64(1000) });
        var store = new Store(engine);
        var instance = linker.Instantiate(store, component);

        const string ops = "example:calc/ops@1.0.0";
        var apply = instance.GetFunction(ops, "apply")!;
        Assert.Equal(ComponentValue.S32(7), apply.Call(ComponentValue.Enum(0), ComponentValue.S32(3), ComponentValue.S32(4)));
        Assert.Equal(ComponentValue.S32(12), apply.Call(ComponentValue.Enum(1), ComponentValue.S32(3), ComponentValue.S32(4)));

        var translated = instance.GetFunction(ops, "translate")!.Call(ComponentValue.Record(ComponentValue.S32(1), ComponentValue.S32(2)), ComponentValue.S32(5));
        Assert.Equal(ComponentValue.Record(ComponentValue.S32(51), ComponentValue.S32(2)), translated);

        var greet = instance.GetFunction(ops, "greet")!;
        for (int i = 0; i < 3; i++) Assert.Equal("hello, wörld", greet.Call(ComponentValue.String("wörld"))!.Value.AsString());
        Assert.Equal(new[] { "hello, wörld", "hello, wörld", "hello, wörld" }, logs);

        var values = ComponentValue.List(Enumerable.Range(0, 1000).Select(v => ComponentValue.U32((uint)v * 3)).ToArray());
        Assert.Equal(ComponentValue.U64(1498500), instance.GetFunction(ops, "sum")!.Call(values));

        Assert.Equal(ComponentValue.U64(1001), instance.GetFunction("stamp")!.Call());
        Assert.NotNull(instance.GetFunction("version")!.Call());
    }

    [Fact]
    public void CalcComponentWithUnknownImportsDefinedAsTraps()
    {
        var bytes = BuildCalc();
        if (bytes is null) return;
        var engine = new Engine();
        var component = Component.FromBytes(engine, bytes);
        var linker = new ComponentLinker(engine);
        linker.DefineUnknownImportsAsTraps(component);
        var instance = linker.Instantiate(new Store(engine), component);
        // apply needs no import; stamp calls the undefined `now`.
        Assert.Equal(ComponentValue.S32(5), instance.GetFunction("example:calc/ops@1.0.0", "apply")!.Call(ComponentValue.Enum(0), ComponentValue.S32(2), ComponentValue.S32(3)));
        var trap = Assert.Throws<Trap>(() => instance.GetFunction("stamp")!.Call());
        Assert.Contains("now", trap.Message);
        // The trap poisoned the instance.
        var again = Assert.Throws<Trap>(() => instance.GetFunction("example:calc/ops@1.0.0", "apply")!.Call(ComponentValue.Enum(0), ComponentValue.S32(2), ComponentValue.S32(3)));
        Assert.Contains("cannot enter component instance", again.Message);
    }
}
