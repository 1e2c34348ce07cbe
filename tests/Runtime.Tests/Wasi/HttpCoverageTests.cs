using System.Collections.Generic;
using System.IO;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Http;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// Every stable function and resource of wasi:http/types and wasi:http/outgoing-handler 0.2.3 (read in place from
/// ../shared/conformance/wasi/0.2) is defined by <see cref="WasiHttp.AddToLinker(WitBindgen.Runtime.Components.ComponentLinker, WitBindgen.Runtime.Wasi.WasiContext)"/>, and 0.2.0 import names find
/// them by the semver rule. (incoming-handler is exported by guests, not imported.)
/// </summary>
public sealed class HttpCoverageTests
{
    private readonly ITestOutputHelper _output;

    public HttpCoverageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryStableHttpFunctionAndResourceIsDefined()
    {
        var dir = Conformance.PathOf("wasi", "0.2");
        if (dir is null || !Directory.Exists(dir)) { _output.WriteLine("../shared/conformance/wasi/0.2 missing: skipped"); return; }
        var load = WitLoader.LoadPath(dir);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var resolve = load.Resolve!;
        var linker = new ComponentLinker(new Engine());
        WasiHttp.AddToLinker(linker, new WasiContextBuilder().Build());
        var missing = new List<string>();
        int functions = 0, resources = 0;
        foreach (var iface in resolve.Interfaces)
        {
            if (iface.Package is not { } pkg || iface.Name is null) continue;
            var id = resolve.Packages[pkg].Name;
            if (id.Namespace != "wasi" || id.Name != "http" || iface.Name == "incoming-handler") continue;
            if (iface.Stability is UnstableStability) continue;
            var name = $"wasi:http/{iface.Name}@{id.Version}";
            var inst = linker.Root.LookupInstance(name);
            Assert.NotNull(inst);
            Assert.Same(inst, linker.Root.LookupInstance($"wasi:http/{iface.Name}@0.2.0"));
            foreach (var (fname, f) in iface.Functions)
            {
                if (f.Stability is UnstableStability) continue;
                functions++;
                if (inst!.LookupFunction(fname) is null) missing.Add($"{name}#{fname}");
            }
            foreach (var (tname, tid) in iface.Types)
            {
                var t = resolve.Types[tid];
                if (t.Kind is not ResourceKind || t.Owner is not InterfaceOwner) continue;
                resources++;
                if (inst!.LookupResource(tname) is null) missing.Add($"{name} resource {tname}");
            }
        }
        _output.WriteLine($"{functions} functions, {resources} resources checked");
        Assert.True(functions >= 52, $"only {functions} functions found"); // 51 in types, 1 in outgoing-handler
        Assert.Empty(missing);
    }
}
