using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Http;
using WitBindgen.WitParser;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>serve-alloc [COUNT] [--types] [--pool N]</c>: the managed bytes one request allocates in the in-process part of
/// <c>wit-bindgen serve</c> (everything but Kestrel), phase by phase, for the proxy.c guest
/// (tests/fixtures/components/http/proxy.c, as tests/Cli.Tests/HttpFixture.cs builds it): a new context, store and
/// instance from one <see cref="ComponentInstancePre"/>, <see cref="WasiHttp.HandleAsync"/> with a 12-byte POST body,
/// the guest's response body read, the store disposed. Counted with <see cref="GC.GetTotalAllocatedBytes(bool)"/>
/// (all threads: the guest runs on a guest thread). With <c>--types</c>, the allocation samples by type;
/// with <c>--pool N</c>, the engine keeps up to N freed linear memories for reuse (<see cref="EngineOptions.MemoryPoolSize"/>).
/// </summary>
internal static class ServeAllocations
{
    public static int Run(int count, bool types, int pool)
    {
        var core = Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, ".fixtures", "components", "http-proxy.core.wasm");
        var wit = WitBindgen.Tests.Conformance.PathOf("wasi", "0.2");
        if (!File.Exists(core) || wit is null) { Console.WriteLine($"missing: {core} (scripts/build-fixtures.sh) or the conformance corpus"); return 1; }
        var load = WitLoader.LoadPath(wit);
        var world = load.Resolve!.SelectWorld(load.Resolve.FindPackage("wasi", "http")!.Value, "proxy", out _)!.Value;
        var bytes = Componentizer.Create(ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve, world));

        var engine = new Engine(new EngineOptions { MemoryPoolSize = pool });
        var component = Component.FromBytes(engine, bytes);
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, s => ((Store<WasiContext>)s).Data);
        WasiHttp.AddToLinker(linker, s => ((Store<WasiContext>)s).Data);
        var pre = linker.InstantiatePre(component);
        var builder = new WasiContextBuilder();
        var payload = "payload-1234"u8.ToArray();

        void Instantiate()
        {
            using var store = new Store<WasiContext>(engine, builder.Build());
            pre.Instantiate(store);
        }
        void Handle()
        {
            var ctx = builder.Build();
            using var store = new Store<WasiContext>(engine, ctx);
            var instance = pre.Instantiate(store);
            var request = new WasiHttpRequest("POST", "/load/1") { Body = new MemoryStream(payload), Authority = "127.0.0.1" };
            request.Headers.Add(new("content-type", "text/plain; charset=utf-8"));
            request.Headers.Add(new("content-length", "12"));
            var response = WasiHttp.HandleAsync(instance, ctx, request).GetAwaiter().GetResult();
            response.Body.CopyTo(Stream.Null);
            response.Body.Dispose();
            response.Completion.GetAwaiter().GetResult();
        }

        Console.WriteLine($"bytes per request over {count} (memory pool {pool}):");
        foreach (var (label, step) in new (string, Action)[]
        {
            ("context Build", () => builder.Build()),
            ("context + store + Instantiate + Dispose", Instantiate),
            ("... + HandleAsync + read body", Handle),
        })
        {
            for (int i = 0; i < Math.Min(count, 500); i++) step();
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < count; i++) step();
            long bytesPer = (GC.GetTotalAllocatedBytes(precise: true) - before) / count;
            process.Refresh();
            Console.WriteLine($"  {label,-42} {bytesPer,8} B  {(process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / count,8:F1} us CPU");
            if (!types) continue;
            using var listener = new InstantiationAllocations.AllocationSampler();
            for (int i = 0; i < count; i++) step();
            foreach (var (type, sampled) in listener.Totals().Take(12)) Console.WriteLine($"    {sampled / count,8:F0}  {type}");
        }
        return 0;
    }
}
