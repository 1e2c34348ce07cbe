using System.Collections.Generic;
using System.IO;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// Every stable function and resource of the WASI 0.2.3 packages the host implements (read in place from
/// ../shared/conformance/wasi/0.2) is defined by <see cref="WitBindgen.Runtime.Wasi.Wasi.AddToLinker(WitBindgen.Runtime.Components.ComponentLinker, WitBindgen.Runtime.Wasi.WasiContext)"/>, and a
/// 0.2.0 import name finds it through the semver rule.
/// </summary>
public sealed class WasiCoverageTests
{
    private readonly ITestOutputHelper _output;

    public WasiCoverageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryStableFunctionAndResourceIsDefined()
    {
        var dir = Conformance.PathOf("wasi", "0.2");
        if (dir is null || !Directory.Exists(dir)) { _output.WriteLine("../shared/conformance/wasi/0.2 missing: skipped"); return; }
        var load = WitLoader.LoadPath(dir);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var resolve = load.Resolve!;
        var linker = new ComponentLinker(new Engine());
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, new WasiContextBuilder().Build());
        var missing = new List<string>();
        int functions = 0, resources = 0;
        foreach (var iface in resolve.Interfaces)
        {
            if (iface.Package is not { } pkg || iface.Name is null) continue;
            var id = resolve.Packages[pkg].Name;
            if (id.Namespace != "wasi" || id.Name is not ("io" or "cli" or "clocks" or "random" or "filesystem")) continue;
            // wasi:cli/run is exported by commands, not imported.
            if (iface.Stability is UnstableStability || (id.Name == "cli" && iface.Name == "run")) continue;
            var name = $"wasi:{id.Name}/{iface.Name}@{id.Version}";
            var older = $"wasi:{id.Name}/{iface.Name}@0.2.0";
            var inst = linker.Root.LookupInstance(name);
            Assert.Same(inst, linker.Root.LookupInstance(older));
            foreach (var (fname, f) in iface.Functions)
            {
                if (f.Stability is UnstableStability) continue;
                functions++;
                if (inst?.LookupFunction(fname) is null) missing.Add($"{name}#{fname}");
            }
            foreach (var (tname, tid) in iface.Types)
            {
                var t = resolve.Types[tid];
                if (t.Kind is not ResourceKind || t.Owner is not InterfaceOwner) continue;
                resources++;
                if (inst?.LookupResource(tname) is null) missing.Add($"{name} resource {tname}");
            }
        }
        _output.WriteLine($"{functions} functions, {resources} resources checked");
        Assert.Empty(missing);
        Assert.True(functions >= 70, $"only {functions} functions found");
    }
}
