using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>
/// End to end: generated host bindings compiled in memory with a C# host (Roslyn) and run against real components on
/// the included runtime: the calc fixture (a C guest componentized by our <c>component new</c>) and a "mirror"
/// component for every value kind, whose core module (written here from the binding model's flat signatures)
/// forwards each export to the host import of the same name, so every value crosses host → guest → host → guest → host.
/// </summary>
public sealed class HostRunTests
{
    private readonly ITestOutputHelper _output;
    public HostRunTests(ITestOutputHelper output) => _output = output;

    /// <summary>Compiles the generated files with <paramref name="driver"/> and runs <c>Driver.Run(byte[])</c>, which returns its log.</summary>
    internal static IReadOnlyList<string> CompileAndRun(GenerationResult result, string driver, byte[] component)
    {
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var files = result.Files.Select(f => (f.HintName, f.Text)).Append(("Driver.cs", driver));
        var compilation = RoslynCompiler.Create(files, "HostRun" + Guid.NewGuid().ToString("N"), host: true);
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        var problems = emit.Diagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
        Assert.True(emit.Success && problems.Count == 0, RoslynCompiler.Format(problems));
        var assembly = Assembly.Load(pe.ToArray());
        var run = assembly.GetType("Driver")!.GetMethod("Run")!;
        try
        {
            return (IReadOnlyList<string>)run.Invoke(null, new object[] { component })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new Exception("driver failed: " + e.InnerException.Message, e.InnerException);
        }
    }

    // ---- calc: the C fixture ----

    private byte[]? BuildCalc()
    {
        var core = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "calc.core.wasm");
        if (!File.Exists(core))
        {
            _output.WriteLine($"fixture {core} not built (run scripts/build-fixtures.sh): skipped");
            return null;
        }
        var load = WitLoader.LoadPath(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "worlds", "calc.wit"));
        Assert.True(load.Success);
        var world = load.SelectWorld("calc");
        return Componentizer.Create(ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, world));
    }

    /// <summary>The calc world's host implementations, shared by the drivers.</summary>
    private const string CalcHosts = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;
        using Example.Calc.Ops;

        public sealed class HostImpl : Example.Calc.Host.IHost
        {
            private readonly uint _scale;
            public HostImpl(uint scale = 10) => _scale = scale;
            public readonly List<string> Logs = new();
            public void Log(string msg) => Logs.Add(msg);
            public uint Scale() => _scale;
        }

        public sealed class WorldImpl : Example.Calc.Calc.ICalc
        {
            public ulong Now() => 1000;
        }

        """;

    private const string CalcDriver = CalcHosts + """
        public static class Driver
        {
            private static void Check(bool ok, string what) { if (!ok) throw new Exception("check failed: " + what); }

            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                var host = new HostImpl();
                Example.Calc.Host.HostImports.AddToLinker(linker, host);
                Example.Calc.Calc.CalcImports.AddToLinker(linker, new WorldImpl());
                var calc = Example.Calc.Calc.CalcWorld.Instantiate(new Store(engine), Component.FromBytes(engine, bytes), linker);

                Check(calc.Ops.Apply(Op.Add, 3, 4) == 7, "apply add");
                Check(calc.Ops.Apply(Op.Mul, 3, 4) == 12, "apply mul");
                log.Add("apply");
                Check(calc.Ops.Translate(new Point(1, 2), 5) == new Point(51, 2), "translate (scale 10 from the host)");
                log.Add("translate");
                Check(calc.Ops.Greet("wörld") == "hello, wörld", "greet");
                Check(host.Logs.SequenceEqual(new[] { "hello, wörld" }), "log import");
                log.Add("greet");
                Check(calc.Ops.Sum(Enumerable.Range(0, 1000).Select(v => (uint)v * 3).ToArray()) == 1498500UL, "sum");
                log.Add("sum");
                Check(calc.Stamp() == 1001UL, "stamp (now from the host)");
                log.Add("stamp");
                calc.Version();
                log.Add("version");
                return log;
            }
        }
        """;

    [Fact]
    public void CalcFixtureRunsThroughTypedBindings()
    {
        var bytes = BuildCalc();
        if (bytes is null) return;
        var log = CompileAndRun(HostSnapshotTests.Calc(), CalcDriver, bytes);
        Assert.Equal(new[] { "apply", "translate", "greet", "sum", "stamp", "version" }, log);
    }

    private const string PerStoreDriver = CalcHosts + """
        public static class Driver
        {
            private static void Check(bool ok, string what) { if (!ok) throw new Exception("check failed: " + what); }

            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                // One linker, an implementation per store: each call finds the one of its caller's store.
                Example.Calc.Host.HostImports.AddToLinker(linker, store => ((Store<HostImpl>)store).Data);
                Example.Calc.Calc.CalcImports.AddToLinker(linker, new WorldImpl());
                var component = Component.FromBytes(engine, bytes);
                var tens = new HostImpl(10);
                var twenties = new HostImpl(20);
                var a = Example.Calc.Calc.CalcWorld.Instantiate(new Store<HostImpl>(engine, tens), component, linker);
                var b = Example.Calc.Calc.CalcWorld.Instantiate(new Store<HostImpl>(engine, twenties), component, linker);
                Check(a.Ops.Translate(new Point(1, 2), 5) == new Point(51, 2), "scale of the first store");
                Check(b.Ops.Translate(new Point(1, 2), 5) == new Point(101, 2), "scale of the second store");
                log.Add("translate");
                a.Ops.Greet("a");
                b.Ops.Greet("b");
                Check(tens.Logs.SequenceEqual(new[] { "hello, a" }) && twenties.Logs.SequenceEqual(new[] { "hello, b" }), "each store's log");
                log.Add("greet");
                // Visibility="internal": the generated types are not part of the assembly's API.
                Check(!typeof(Example.Calc.Host.IHost).IsPublic && !typeof(Example.Calc.Host.HostImports).IsPublic && !typeof(Point).IsPublic, "internal types");
                log.Add("internal");
                return log;
            }
        }
        """;

    [Fact]
    public void ImplementationsFoundPerStoreServeOneLinker()
    {
        var bytes = BuildCalc();
        if (bytes is null) return;
        var log = CompileAndRun(HostSnapshotTests.Calc(new BindingOptions { Internal = true }), PerStoreDriver, bytes);
        Assert.Equal(new[] { "translate", "greet", "internal" }, log);
    }

    // ---- the mirror component: every value kind in both directions ----

    /// <summary>
    /// A component for world <paramref name="worldName"/> of <see cref="HostSnapshotTests.Kinds"/>-like WIT: every exported
    /// function named like an imported one forwards its core arguments to it (with a return area when the result travels
    /// through memory); <c>crash</c> executes <c>unreachable</c>. A bump allocator (copying on reallocation) serves <c>cabi_realloc</c>.
    /// </summary>
    internal static byte[] MirrorComponent(string wit, string worldName, string importInterface, string exportInterface, Dictionary<string, string> rootRenames)
    {
        var load = WitLoader.LoadText("mirror.wit", wit, new WitOptions { AllFeatures = true });
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var world = load.SelectWorld(worldName);
        var model = WitBindingsGenerator.BuildModel(load.Resolve!, world);
        static string Types(EquatableArray<FlatType> types) => string.Join(" ", types.Select(t => t.ToString().ToLowerInvariant()));

        var imports = new Dictionary<string, FunctionDecl>();
        var sb = new StringBuilder("(module\n");
        int n = 0;
        foreach (var iface in model.Interfaces.Where(i => i.Direction == Direction.Import))
            foreach (var f in iface.Functions)
            {
                var key = (iface.WitName == "$root" ? "" : iface.WitName.Split('/')[1].Split('@')[0] + "/") + f.WitName;
                imports[key] = f;
                var p = f.Abi!.Plan;
                sb.Append($"  (import \"{f.Abi.CoreModule}\" \"{f.Abi.CoreName}\" (func $i{n++}");
                if (p.LowerParams.Count > 0) sb.Append($" (param {Types(p.LowerParams)})");
                if (p.LowerResults.Count > 0) sb.Append($" (result {Types(p.LowerResults)})");
                sb.Append("))\n");
            }
        sb.Append("  (memory (export \"memory\") 16)\n");
        sb.Append("  (global $heap (mut i32) (i32.const 65536))\n");
        sb.Append("""
              (func (export "cabi_realloc") (param $old i32) (param $oldSize i32) (param $align i32) (param $size i32) (result i32)
                (local $p i32)
                (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1))) (i32.sub (i32.const 0) (local.get $align))))
                (global.set $heap (i32.add (local.get $p) (local.get $size)))
                (if (i32.gt_u (global.get $heap) (i32.const 1048576)) (then unreachable))
                ;; a reallocation (the host's transcoder shrinking or growing a string) keeps the old bytes
                (if (i32.ne (local.get $old) (i32.const 0))
                  (then (memory.copy (local.get $p) (local.get $old)
                    (select (local.get $oldSize) (local.get $size) (i32.lt_u (local.get $oldSize) (local.get $size))))))
                (local.get $p))

            """);
        int slot = 0;
        foreach (var iface in model.Interfaces.Where(i => i.Direction == Direction.Export))
            foreach (var f in iface.Functions)
            {
                var p = f.Abi!.Plan;
                sb.Append($"  (func (export \"{f.Abi.CoreName}\")");
                if (p.LiftParams.Count > 0) sb.Append($" (param {Types(p.LiftParams)})");
                if (p.LiftResults.Count > 0) sb.Append($" (result {Types(p.LiftResults)})");
                sb.Append('\n');
                string key;
                if (iface.WitName == "$root") key = rootRenames.TryGetValue(f.WitName, out var renamed) ? renamed : f.WitName;
                else
                {
                    var shortName = iface.WitName.Split('/')[1].Split('@')[0];
                    key = (shortName == exportInterface ? importInterface : shortName) + "/" + f.WitName;
                }
                if (!imports.TryGetValue(key, out var target)) sb.Append("    unreachable");
                else
                {
                    var index = imports.Keys.ToList().IndexOf(key);
                    for (int i = 0; i < p.LiftParams.Count; i++) sb.Append($"    (local.get {i})\n");
                    var area = 1024 + 256 * slot++;
                    if (target.Abi!.Plan.ResultIndirect) sb.Append($"    (i32.const {area})\n");
                    sb.Append($"    (call $i{index})");
                    if (target.Abi.Plan.ResultIndirect) sb.Append($"\n    (i32.const {area})");
                }
                sb.Append(")\n");
            }
        sb.Append(")\n");
        var core = WatAssembler.Assemble(sb.ToString(), "mirror.wat");
        return Componentizer.Create(ComponentTypeSection.Embed(core, load.Resolve!, world));
    }

    internal const string MirrorWit = HostSnapshotTests.Kinds;

    private const string KindsDriver = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using WitBindgen.Bindings;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;
        using Example.Kinds.Types;

        public sealed class HostImpl : Example.Kinds.Host.IHost
        {
            public readonly List<string> Calls = new();
            public Everything Scalars(Everything e)
            {
                Calls.Add("scalars");
                return e with { U32v = e.U32v + 1, S64v = -e.S64v, S = e.S + "!", C = new Rune(e.C.Value + 1), B = !e.B };
            }
            public (Point, Color, Perms) PointOf(Point p, Color c, Perms f)
            {
                Calls.Add("point-of");
                return (p with { Label = p.Label.ToUpperInvariant() }, c == Color.Red ? Color.Blue : Color.Green, f ^ Perms.Exec);
            }
            public IReadOnlyList<Shape> Shapes(IReadOnlyList<Shape> s)
            {
                Calls.Add("shapes");
                return s.Reverse().Append(new Shape.Empty()).ToArray();
            }
            public (string?, Option<uint?>) Maybe(string? a, Option<uint?> b)
            {
                Calls.Add("maybe");
                return (a is null ? "was none" : null, b.HasValue ? (b.Value is { } v ? Option<uint?>.Some(v * 2) : Option<uint?>.None) : Option<uint?>.Some(null));
            }
            public IReadOnlyList<ReadOnlyMemory<byte>> Numbers(ReadOnlyMemory<double> xs, ReadOnlyMemory<byte> bytes)
            {
                Calls.Add("numbers");
                return new ReadOnlyMemory<byte>[] { bytes, xs.ToArray().Select(x => (byte)x).ToArray(), Array.Empty<byte>() };
            }
            public uint Check(int x)
            {
                Calls.Add("check");
                if (x < 0) throw new WitException<string>("negative: " + x);
                return (uint)x * 10;
            }
            public Result<Unit, Unit> Nothing(Result<Unit, Color> x)
            {
                Calls.Add("nothing");
                return x.IsOk ? Result<Unit, Unit>.Err(Unit.Value) : Result<Unit, Unit>.Ok(Unit.Value);
            }
            public string Echo(string s)
            {
                Calls.Add("echo");
                return s + "|" + s.Length;
            }
            public ReadOnlyMemory<int> Ints(ReadOnlyMemory<int> xs, Rune tag)
            {
                Calls.Add("ints");
                return xs.ToArray().Reverse().Append(tag.Value).ToArray();
            }
            public void Fail()
            {
                Calls.Add("fail");
                throw new InvalidOperationException("the host failed on purpose");
            }
        }

        public sealed class WorldImpl : Example.Kinds.Kinds.IKinds
        {
            public ulong Tick(ulong n) => n + 1;
        }

        public static class Driver
        {
            private static void Check(bool ok, string what) { if (!ok) throw new Exception("check failed: " + what); }

            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                var host = new HostImpl();
                Example.Kinds.Types.TypesImports.AddToLinker(linker);
                Example.Kinds.Host.HostImports.AddToLinker(linker, host);
                Example.Kinds.Kinds.KindsImports.AddToLinker(linker, new WorldImpl());
                var w = Example.Kinds.Kinds.KindsWorld.Instantiate(new Store(engine), Component.FromBytes(engine, bytes), linker);
                var api = w.Api;

                var e = new Everything(true, 200, 60000, 4000000000, 18000000000000000000, -100, -30000, -2000000000, -9000000000000000000, 1.5f, -2.25, new Rune(0x1F600), "héllo");
                var r = api.Scalars(e);
                Check(r == e with { U32v = 4000000001, S64v = 9000000000000000000, S = "héllo!", C = new Rune(0x1F601), B = false }, "scalars: " + r);
                log.Add("scalars");

                var (p, c, f) = api.PointOf(new Point(-1, 2, "abc"), Color.Red, Perms.Read | Perms.Exec);
                Check(p == new Point(-1, 2, "ABC") && c == Color.Blue && f == Perms.Read, $"point-of: {p} {c} {f}");
                log.Add("point-of");

                var shapes = api.Shapes(new Shape[] { new Shape.Circle(2.5), new Shape.Line((new Point(0, 0, "o"), new Point(3, 4, "p"))), new Shape.Empty() });
                Check(shapes.Count == 4 && shapes[0] is Shape.Empty && shapes[1] is Shape.Line { Value: var (a, b) } && a.Label == "o" && b == new Point(3, 4, "p")
                    && shapes[2] == new Shape.Circle(2.5) && shapes[3] is Shape.Empty, "shapes");
                log.Add("shapes");

                var m1 = api.Maybe(null, Option<uint?>.None);
                Check(m1.Item1 == "was none" && m1.Item2.HasValue && m1.Item2.Value is null, "maybe none/none");
                var m2 = api.Maybe("x", Option<uint?>.Some(21));
                Check(m2.Item1 is null && m2.Item2.HasValue && m2.Item2.Value == 42, "maybe some/some(21)");
                var m3 = api.Maybe("x", Option<uint?>.Some(null));
                Check(!m3.Item2.HasValue, "maybe some(none)");
                log.Add("maybe");

                var lists = api.Numbers(new[] { 1.0, 2.9, 255.0 }, new byte[] { 9, 8, 7 });
                Check(lists.Count == 3 && lists[0].ToArray().SequenceEqual(new byte[] { 9, 8, 7 }) && lists[1].ToArray().SequenceEqual(new byte[] { 1, 2, 255 }) && lists[2].Length == 0, "numbers");
                log.Add("numbers");

                Check(api.Check(4) == 40, "check ok");
                try { api.Check(-3); Check(false, "check err did not throw"); }
                catch (WitException<string> err) { Check(err.Error == "negative: -3", "check err payload: " + err.Error); }
                log.Add("check");

                Check(api.Nothing(Result<Unit, Color>.Ok(Unit.Value)).IsErr, "nothing ok -> err");
                Check(api.Nothing(Result<Unit, Color>.Err(Color.Green)).IsOk, "nothing err -> ok");
                log.Add("nothing");

                Check(w.Tock(41) == 42, "tock");
                log.Add("tock");

                // Strings and lists of integers take the typed fast path (ComponentCall); the dynamic path
                // (ComponentFunction.Call) on the same function gives the same values.
                const string Api = "example:kinds/api@0.1.0";
                var echo = w.Instance.GetFunction(Api, "echo")!;
                foreach (var s in new[] { "", "a", "héllo wörld", "\U0001F600 emoji", new string('x', 1024), string.Concat(Enumerable.Repeat("ü€\U0001F600", 300)) })
                {
                    var typed = api.Echo(s);
                    var dynamic = echo.Call(WitBindgen.ComponentModel.Abi.ComponentValue.String(s))!.Value.AsString();
                    Check(typed == s + "|" + s.Length && typed == dynamic, "echo: " + typed.Length + " vs " + dynamic.Length);
                }
                log.Add("echo");
                var ints = w.Instance.GetFunction(Api, "ints")!;
                foreach (var xs in new[] { Array.Empty<int>(), new[] { 1 }, Enumerable.Range(-50, 100).ToArray() })
                {
                    var typed = api.Ints(xs, new Rune('Z')).ToArray();
                    var dynamic = ints.Call(WitBindgen.ComponentModel.Abi.ComponentValue.List(xs.Select(WitBindgen.ComponentModel.Abi.ComponentValue.S32).ToArray()), WitBindgen.ComponentModel.Abi.ComponentValue.Char('Z'))!.Value.Items.Select(v => (int)v.AsInt64()).ToArray();
                    Check(typed.SequenceEqual(xs.Reverse().Append('Z')) && typed.SequenceEqual(dynamic), "ints");
                }
                log.Add("ints");

                Check(host.Calls.Count == 11 + 12 + 6, "host calls: " + string.Join(",", host.Calls));

                // A host import that throws traps the component; the trap surfaces as Trap and poisons the instance.
                try { api.Fail(); Check(false, "fail did not trap"); }
                catch (Trap t) { log.Add("fail: " + t.Message); }
                try { api.Check(1); Check(false, "poisoned instance was entered"); }
                catch (Trap t) { log.Add("after: " + t.Message); }

                // A guest trap (unreachable) in a fresh instance.
                var w2 = Example.Kinds.Kinds.KindsWorld.Instantiate(new Store(engine), Component.FromBytes(engine, bytes), linker);
                try { w2.Crash(); Check(false, "crash did not trap"); }
                catch (Trap t) { log.Add("crash: " + t.Message); }
                return log;
            }
        }
        """;

    [Fact]
    public void EveryValueKindCrossesBothDirections()
    {
        var bytes = MirrorComponent(MirrorWit, "kinds", "host", "api", new Dictionary<string, string> { ["tock"] = "tick" });
        var options = new BindingOptions { ExceptionsFor = new[] { "example:kinds/api#check", "example:kinds/host#check" }.ToEquatableArray() };
        var log = CompileAndRun(HostSnapshotTests.FromText(MirrorWit, "kinds", options), KindsDriver, bytes);
        foreach (var line in log) _output.WriteLine(line);
        Assert.Equal(new[] { "scalars", "point-of", "shapes", "maybe", "numbers", "check", "nothing", "tock", "echo", "ints" }, log.Take(10));
        Assert.Contains("the host failed on purpose", log[10]);
        Assert.StartsWith("fail: ", log[10]);
        Assert.Contains("cannot enter component instance", log[11]);
        Assert.StartsWith("crash: ", log[12]);
        Assert.Contains("unreachable", log[12]);
    }

    private const string ExtrasWit = """
        package example:extras;

        interface host {
            counts: func(m: map<string, u32>) -> map<string, u32>;
            triple: func(x: list<u16, 3>, names: list<string, 2>) -> tuple<list<u16, 3>, list<string, 2>>;
        }

        interface api {
            counts: func(m: map<string, u32>) -> map<string, u32>;
            triple: func(x: list<u16, 3>, names: list<string, 2>) -> tuple<list<u16, 3>, list<string, 2>>;
        }

        world extras {
            import host;
            export api;
        }
        """;

    private const string ExtrasDriver = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;

        public sealed class HostImpl : Example.Extras.Host.IHost
        {
            public IReadOnlyDictionary<string, uint> Counts(IReadOnlyDictionary<string, uint> m) => m.ToDictionary(e => e.Key + "+", e => e.Value + 1);
            public (ReadOnlyMemory<ushort>, IReadOnlyList<string>) Triple(ReadOnlyMemory<ushort> x, IReadOnlyList<string> names)
                => (x.ToArray().Select(v => (ushort)(v * 3)).ToArray(), names.Reverse().ToArray());
        }

        public static class Driver
        {
            private static void Check(bool ok, string what) { if (!ok) throw new Exception("check failed: " + what); }

            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                Example.Extras.Host.HostImports.AddToLinker(linker, new HostImpl());
                var w = Example.Extras.Extras.ExtrasWorld.Instantiate(new Store(engine), Component.FromBytes(engine, bytes), linker);
                var counts = w.Api.Counts(new Dictionary<string, uint> { ["a"] = 1, ["bé"] = 41 });
                Check(counts.Count == 2 && counts["a+"] == 2 && counts["bé+"] == 42, "map");
                log.Add("map");
                var (xs, names) = w.Api.Triple(new ushort[] { 1, 2, 3 }, new[] { "x", "y" });
                Check(xs.ToArray().SequenceEqual(new ushort[] { 3, 6, 9 }) && names.SequenceEqual(new[] { "y", "x" }), "fixed-length lists");
                log.Add("fixed");
                try { w.Api.Triple(new ushort[] { 1, 2 }, new[] { "x", "y" }); Check(false, "a list of the wrong length was accepted"); }
                catch (ArgumentException e) { log.Add("length: " + e.Message); }
                return log;
            }
        }
        """;

    [Fact]
    public void MapsAndFixedLengthListsCrossBothDirections()
    {
        var bytes = MirrorComponent(ExtrasWit, "extras", "host", "api", new Dictionary<string, string>());
        var load = WitLoader.LoadText("extras.wit", ExtrasWit, new WitOptions { AllFeatures = true });
        var id = load.SelectWorld("extras");
        var log = CompileAndRun(WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host), ExtrasDriver, bytes);
        Assert.Equal(new[] { "map", "fixed" }, log.Take(2));
        Assert.StartsWith("length: expected a list of 3 elements, got 2", log[2]);
    }
}
