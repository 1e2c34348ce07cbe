using WitBindgen.Tests;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>
/// The typed fast path of generated host bindings (export calls lowered straight into guest memory and lifted straight
/// out, <c>ComponentCall</c>) against the dynamic path (<c>ComponentFunction.Call</c> with <c>ComponentValue</c>s) on the
/// same components: the same generated code is compiled twice, once as generated and once with its function type keys
/// altered so that every call takes the dynamic fallback, and one driver runs the same scenarios on both; the logs
/// (values, exception types, trap messages, what a poisoned instance answers next) must be identical.
/// </summary>
public sealed class HostFastPathTests
{
    private readonly ITestOutputHelper _output;
    public HostFastPathTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Runs <paramref name="driver"/> on the bindings as generated (fast) and with the dynamic path forced. The host's
    /// expression-bodied methods are wrapped in <c>Show.Seen</c>, which records whether each import call came through the
    /// typed path (a frame taking <c>ref ComponentCall</c>) or the dynamic one.
    /// </summary>
    private (IReadOnlyList<string> Fast, IReadOnlyList<string> Dynamic) RunBoth(GenerationResult result, string driver, byte[] component, bool imports = true)
    {
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        Assert.Contains(result.Files, f => f.Text.Contains(".IsTyped(", StringComparison.Ordinal));
        var keys = new Regex("(internal const string Key[0-9]+ = )\"[^\"]*\";");
        var show = new GeneratedFile("Show.cs", Formatter);
        var fastFiles = result.Files.Append(show).ToEquatableArray();
        var dynamicFiles = result.Files.Select(f => f with { Text = keys.Replace(f.Text, "$1\"(forced onto the dynamic path)\";") }).Append(show).ToEquatableArray();
        driver = new Regex(@"^(\s+public (?!(?:override |virtual )?void )(?!static ).+? \w+\([^)]*\) => )(.+);\r?$", RegexOptions.Multiline).Replace(driver, "$1Show.Seen($2);");
        var fast = HostRunTests.CompileAndRun(result with { Files = fastFiles }, driver, component).ToList();
        var dynamic = HostRunTests.CompileAndRun(result with { Files = dynamicFiles }, driver, component).ToList();
        foreach (var line in fast) _output.WriteLine(line);
        foreach (var line in dynamic.Except(fast)) _output.WriteLine("dynamic only: " + line);
        // The last line says how many export functions each build called through the fast path: all of them, and none;
        // the line before, which path the host's import implementations were called through: only typed, only dynamic.
        Assert.Matches("^typed: ([0-9]+)/\\1$", fast[^1]);
        Assert.Equal(Regex.Replace(fast[^1], "typed: [0-9]+/", "typed: 0/"), dynamic[^1]);
        var importLine = new Regex("^imports: typed ([0-9]+), dynamic ([0-9]+)$");
        var fastImports = importLine.Match(fast[^2]);
        var dynamicImports = importLine.Match(dynamic[^2]);
        Assert.True(fastImports.Success && dynamicImports.Success, fast[^2] + " / " + dynamic[^2]);
        Assert.Equal("0", fastImports.Groups[2].Value);
        Assert.Equal("0", dynamicImports.Groups[1].Value);
        Assert.Equal(fastImports.Groups[1].Value, dynamicImports.Groups[2].Value);
        if (imports) Assert.NotEqual("0", fastImports.Groups[1].Value);
        return (fast.Take(fast.Count - 2).ToList(), dynamic.Take(dynamic.Count - 2).ToList());
    }

    /// <summary>A value as text, lists and tuples element by element (records print their own members).</summary>
    private const string Formatter = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;

        public static class Show
        {
            public static string Of(object? v)
            {
                if (v is null) return "null";
                if (v is string s) return "\"" + s + "\"";
                if (v is float f) return f.ToString("R") + "f" + (float.IsNaN(f) ? BitConverter.SingleToUInt32Bits(f).ToString("x") : "");
                if (v is double d) return d.ToString("R") + (double.IsNaN(d) ? BitConverter.DoubleToUInt64Bits(d).ToString("x") : "");
                if (v is IDictionary dict) return "{" + string.Join(", ", dict.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.Ordinal).Select(k => Of(k) + ": " + Of(dict[k]))) + "}";
                if (v is IEnumerable e) return "[" + string.Join(", ", e.Cast<object?>().Select(Of)) + "]";
                if (v is ITuple t) return "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(i => Of(t[i]))) + ")";
                var type = v.GetType();
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>))
                    return Of(type.GetMethod("ToArray")!.Invoke(v, null));
                var props = type.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.DeclaringType!.Namespace!.StartsWith("Example")).ToList();
                if (props.Count > 0) return type.Name + "{" + string.Join(", ", props.Select(p => p.Name + "=" + Of(p.GetValue(v)))) + "}";
                return v.ToString() ?? "";
            }

            /// <summary>How many export functions of <paramref name="instance"/> match one of the bindings' function type keys, of how many.</summary>
            public static string Typed(WitBindgen.Runtime.Components.ComponentInstance instance, Type world, string? iface)
            {
                var values = world.GetNestedType("__Values", System.Reflection.BindingFlags.NonPublic)!;
                var keys = values.GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
                    .Where(f => f.Name.StartsWith("Key")).Select(f => (string)f.GetValue(null)!).ToList();
                var functions = (iface is null ? instance.ExportNames : instance.InstanceExportNames(iface)!)
                    .Select(n => iface is null ? instance.GetFunction(n) : instance.GetFunction(iface, n)).Where(f => f is not null).ToList();
                return "imports: typed " + TypedImports + ", dynamic " + DynamicImports + "\n"
                    + "typed: " + functions.Count(f => keys.Any(k => f!.IsTyped(k))) + "/" + functions.Count;
            }

            public static int TypedImports, DynamicImports;

            /// <summary>Records whether the host's implementation was called through the typed import path (a frame taking <c>ref ComponentCall</c>).</summary>
            public static T Seen<T>(T value)
            {
                var byRef = typeof(WitBindgen.Runtime.Components.ComponentCall).MakeByRefType();
                var frames = new System.Diagnostics.StackTrace(false).GetFrames().Select(f => f.GetMethod()).Where(m => m is not null).ToList();
                // Called by the bindings' typed import (ref ComponentCall) or dynamic one (ComponentValue[]); else by C# directly.
                if (frames.Any(m => m!.GetParameters().Any(p => p.ParameterType == byRef))) TypedImports++;
                else if (frames.Any(m => m!.GetParameters().Any(p => p.ParameterType == typeof(WitBindgen.ComponentModel.Abi.ComponentValue[])))) DynamicImports++;
                return value;
            }

            // Traps with their message (the first line; the rest is the backtrace); the host's own errors by type.
            public static string Failure(Exception e) => e is WitBindgen.Runtime.Trap ? "Trap: " + e.Message.Split('\n')[0].Trim() : e.GetType().Name;
        }

        """;

    // ---- every value kind, valid values, both directions (the mirror component forwards each export to the host)

    /// <summary>The functions both the imported and the exported interface of <see cref="DiffWit"/> have.</summary>
    private const string DiffFunctions = """
        scalars: func(a: bool, b: u8, c: s8, d: u16, e: s16, f: u32, g: s32, h: u64, i: s64, j: f32, k: f64, l: char) -> tuple<bool, u8, s8, u16, s16, u32, s32, u64, s64, f32, f64, char>;
        spill: func(a: string, b: string, c: string, d: string, e: string, f: string, g: string, h: string, i: string) -> tuple<string, string, string, string, string, string, string, string, string>;
        points: func(p: point, c: color, s: small, m: mid, w: wide) -> tuple<point, color, small, mid, wide>;
        shapes: func(s: list<shape>) -> list<shape>;
        hold: func(h: holder) -> holder;
        maybe: func(a: option<string>, b: option<option<u32>>, c: option<shape>) -> tuple<option<string>, option<option<u32>>, option<shape>>;
        numbers: func(a: list<f64>, b: list<f32>, c: list<u8>, d: list<u64>, e: list<s16>) -> tuple<list<f64>, list<f32>, list<u8>, list<u64>, list<s16>>;
        nested: func(x: list<list<string>>) -> list<list<string>>;
        res: func(x: result<u32, string>) -> result<u32, string>;
        unit: func(x: result) -> result;
        pick: func(c: color) -> color;
        wrap: func(s: single) -> single;
        echo: func(s: string) -> string;
        chars: func(x: list<char>, b: list<bool>) -> tuple<list<char>, list<bool>>;
        fixed: func(x: list<u16, 3>, names: list<string, 2>) -> tuple<list<u16, 3>, list<string, 2>>;
        counts: func(m: map<string, u32>) -> map<string, u32>;
        one: func(t: tuple<u32>) -> tuple<u32>;
        """;

    internal const string DiffWit = $$"""
        package example:diff@0.1.0;

        interface types {
            record point { x: s32, y: s32, label: string }
            enum color { red, green, blue }
            flags small { a, b, c }
            flags mid { m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11 }
            flags wide { w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15, w16, w17, w18, w19, w20, w21, w22, w23, w24, w25, w26, w27, w28, w29, w30, w31 }
            variant shape { circle(f64), line(tuple<point, point>), empty, label(string), id(u64), ratio(f32) }
            record holder { names: list<string>, tag: option<string>, shapes: list<shape> }
            record single { v: u32 }
        }

        interface host {
            use types.{point, color, small, mid, wide, shape, holder, single};
        {{DiffFunctions}}
        }

        interface api {
            use types.{point, color, small, mid, wide, shape, holder, single};
        {{DiffFunctions}}
        }

        world diff {
            import host;
            export api;
        }
        """;

    private const string DiffDriver = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using WitBindgen.Bindings;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;
        using Example.Diff.Types;

        // The host side of the mirror: every import returns what it was given.
        public class Identity : Example.Diff.Host.IHost
        {
            public virtual (bool, byte, sbyte, ushort, short, uint, int, ulong, long, float, double, Rune) Scalars(bool a, byte b, sbyte c, ushort d, short e, uint f, int g, ulong h, long i, float j, double k, Rune l) => (a, b, c, d, e, f, g, h, i, j, k, l);
            public virtual (string, string, string, string, string, string, string, string, string) Spill(string a, string b, string c, string d, string e, string f, string g, string h, string i) => (a, b, c, d, e, f, g, h, i);
            public virtual (Point, Color, Small, Mid, Wide) Points(Point p, Color c, Small s, Mid m, Wide w) => (p, c, s, m, w);
            public virtual IReadOnlyList<Shape> Shapes(IReadOnlyList<Shape> s) => s;
            public virtual Holder Hold(Holder h) => h;
            public virtual (string?, Option<uint?>, Shape?) Maybe(string? a, Option<uint?> b, Shape? c) => (a, b, c);
            public virtual (ReadOnlyMemory<double>, ReadOnlyMemory<float>, ReadOnlyMemory<byte>, ReadOnlyMemory<ulong>, ReadOnlyMemory<short>) Numbers(ReadOnlyMemory<double> a, ReadOnlyMemory<float> b, ReadOnlyMemory<byte> c, ReadOnlyMemory<ulong> d, ReadOnlyMemory<short> e) => (a, b, c, d, e);
            public virtual IReadOnlyList<IReadOnlyList<string>> Nested(IReadOnlyList<IReadOnlyList<string>> x) => x;
            public virtual Result<uint, string> Res(Result<uint, string> x) => x;
            public virtual Result<Unit, Unit> Unit(Result<Unit, Unit> x) => x;
            public virtual Color Pick(Color c) => c;
            public virtual Example.Diff.Types.Single Wrap(Example.Diff.Types.Single s) => s;
            public virtual string Echo(string s) => s;
            public virtual (IReadOnlyList<Rune>, IReadOnlyList<bool>) Chars(IReadOnlyList<Rune> x, IReadOnlyList<bool> b) => (x, b);
            public virtual (ReadOnlyMemory<ushort>, IReadOnlyList<string>) Fixed(ReadOnlyMemory<ushort> x, IReadOnlyList<string> names) => (x, names);
            public virtual IReadOnlyDictionary<string, uint> Counts(IReadOnlyDictionary<string, uint> m) => m;
            public virtual ValueTuple<uint> One(ValueTuple<uint> t) => t;
        }

        // A host that fails: throws, returns values outside their type (null records, an enum case out of range, a lone surrogate).
        public sealed class Faulty : Identity
        {
            public override string Echo(string s) { throw new InvalidOperationException("host failed on purpose"); }
            public override Color Pick(Color c) { return (Color)7; }
            public override Holder Hold(Holder h) { return null!; }
            public override (string?, Option<uint?>, Shape?) Maybe(string? a, Option<uint?> b, Shape? c) { return ("a\uD800", b, c); }
            public override (Point, Color, Small, Mid, Wide) Points(Point p, Color c, Small s, Mid m, Wide w) { return (null!, c, s, m, w); }
            public override IReadOnlyList<Shape> Shapes(IReadOnlyList<Shape> s) { return new Shape[] { null! }; }
        }

        public static class Driver
        {
            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                Example.Diff.Types.TypesImports.AddToLinker(linker);
                Example.Diff.Host.HostImports.AddToLinker(linker, new Identity());
                var component = Component.FromBytes(engine, bytes);

                // Each scenario in a fresh instance (the mirror's bump allocator never frees); the input is logged beside
                // the output, which the identity host makes equal on a correct path.
                void Case(string name, object? input, Func<Example.Diff.Api.ApiExports, object?> call)
                {
                    var w = Example.Diff.Diff.DiffWorld.Instantiate(new Store(engine), component, linker);
                    string output;
                    try { output = Show.Of(call(w.Api)); }
                    catch (Exception e) { output = Show.Failure(e); }
                    log.Add(name + " | " + Show.Of(input) + " | " + output);
                }

                var nan = BitConverter.Int32BitsToSingle(0x7fc00123);
                var nan64 = BitConverter.Int64BitsToDouble(0x7ff8000000000123);
                foreach (var s in new[] { (true, (byte)0, (sbyte)-128, (ushort)65535, (short)-32768, 0u, int.MinValue, ulong.MaxValue, long.MinValue, -0.0f, double.Epsilon, new Rune(0x10FFFF)),
                                          (false, (byte)255, (sbyte)127, (ushort)0, (short)32767, uint.MaxValue, int.MaxValue, 0UL, long.MaxValue, nan, nan64, new Rune('a')) })
                    Case("scalars", s, a => a.Scalars(s.Item1, s.Item2, s.Item3, s.Item4, s.Item5, s.Item6, s.Item7, s.Item8, s.Item9, s.Item10, s.Item11, s.Item12));
                var nine = new[] { "", "a", "é", "€", "\U0001F600", new string('z', 300), "ü€\U0001F600", "x", "last" };
                Case("spill", (nine[0], nine[1], nine[2], nine[3], nine[4], nine[5], nine[6], nine[7], nine[8]), a => a.Spill(nine[0], nine[1], nine[2], nine[3], nine[4], nine[5], nine[6], nine[7], nine[8]));
                foreach (var p in new[] { (new Point(-1, 2, "abc"), Color.Red, Small.A | Small.C, Mid.M0 | Mid.M11, Wide.W0 | Wide.W31),
                                          (new Point(int.MaxValue, int.MinValue, ""), Color.Blue, (Small)0, (Mid)0x0FFF, (Wide)0xFFFFFFFF) })
                    Case("points", p, a => a.Points(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5));
                var shapes = new Shape[] { new Shape.Circle(2.5), new Shape.Line((new Point(0, 0, "o"), new Point(3, 4, "p"))), new Shape.Empty(), new Shape.Label("ünïcode"), new Shape.Id(ulong.MaxValue), new Shape.Ratio(nan) };
                Case("shapes", shapes, a => a.Shapes(shapes));
                Case("shapes-empty", Array.Empty<Shape>(), a => a.Shapes(Array.Empty<Shape>()));
                var many = Enumerable.Range(0, 600).Select(i => (Shape)(i % 3 == 0 ? new Shape.Label("s" + i) : i % 3 == 1 ? new Shape.Id((ulong)i) : new Shape.Empty())).ToArray();
                Case("shapes-large", many.Length, a => a.Shapes(many).Count);
                var holder = new Holder(Enumerable.Range(0, 100).Select(i => "name" + i).ToArray(), "tag", shapes);
                Case("hold", holder, a => a.Hold(holder));
                var bare = new Holder(Array.Empty<string>(), null, Array.Empty<Shape>());
                Case("hold-empty", bare, a => a.Hold(bare));
                foreach (var m in new (string?, Option<uint?>, Shape?)[] { (null, Option<uint?>.None, null), ("x", Option<uint?>.Some(null), new Shape.Empty()), ("", Option<uint?>.Some(42), new Shape.Line((new Point(1, 1, "a"), new Point(2, 2, "b")))) })
                    Case("maybe", m, a => a.Maybe(m.Item1, m.Item2, m.Item3));
                var doubles = new[] { 1.0, -0.0, double.PositiveInfinity, nan64, 1e300 };
                var floats = new[] { 1.5f, nan, float.NegativeInfinity };
                var octets = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
                var longs = Enumerable.Range(0, 5000).Select(i => (ulong)i * 0x0101010101UL).ToArray();
                var shorts = new short[] { short.MinValue, -1, 0, 1, short.MaxValue };
                Case("numbers", (doubles, floats, octets, longs.Length, shorts), a => { var r = a.Numbers(doubles, floats, octets, longs, shorts); return (r.Item1, r.Item2, r.Item3, r.Item4.Length, r.Item5); });
                Case("numbers-sum", longs.Aggregate(0UL, (x, y) => x + y), a => a.Numbers(doubles, floats, octets, longs, shorts).Item4.ToArray().Aggregate(0UL, (x, y) => x + y));
                Case("numbers-empty", 0, a => { var r = a.Numbers(default, default, default, default, default); return r.Item1.Length + r.Item2.Length + r.Item3.Length + r.Item4.Length + r.Item5.Length; });
                var nested = new IReadOnlyList<string>[] { new[] { "a", "b" }, Array.Empty<string>(), new[] { "ü€\U0001F600" } };
                Case("nested", nested, a => a.Nested(nested));
                Case("nested-empty", Array.Empty<string>(), a => a.Nested(Array.Empty<IReadOnlyList<string>>()));
                Case("res-ok", Result<uint, string>.Ok(7), a => a.Res(Result<uint, string>.Ok(7)));
                Case("res-err", Result<uint, string>.Err("bad"), a => a.Res(Result<uint, string>.Err("bad")));
                Case("unit-ok", "ok", a => a.Unit(Result<Unit, Unit>.Ok(Unit.Value)).IsOk ? "ok" : "err");
                Case("unit-err", "err", a => a.Unit(Result<Unit, Unit>.Err(Unit.Value)).IsOk ? "ok" : "err");
                foreach (var c in new[] { Color.Red, Color.Green, Color.Blue })
                    Case("pick", c, a => a.Pick(c));
                Case("pick-out-of-range", "ArgumentException", a => a.Pick((Color)7));
                Case("wrap", new Example.Diff.Types.Single(uint.MaxValue), a => a.Wrap(new Example.Diff.Types.Single(uint.MaxValue)));
                foreach (var s in new[] { "", "a", "héllo wörld", "\U0001F600 emoji", new string('x', 1024), string.Concat(Enumerable.Repeat("ü€\U0001F600", 300)) })
                    Case("echo", s, a => a.Echo(s));
                Case("echo-lone-surrogate", "ArgumentException", a => a.Echo("a\uD800b"));
                var runes = new[] { new Rune(0), new Rune('é'), new Rune(0xFFFD), new Rune(0x10FFFF) };
                var bools = new[] { true, false, true };
                Case("chars", (runes, bools), a => a.Chars(runes, bools));
                Case("fixed", (new ushort[] { 1, 2, 65535 }, new[] { "x", "y" }), a => a.Fixed(new ushort[] { 1, 2, 65535 }, new[] { "x", "y" }));
                Case("fixed-wrong-length", "ArgumentException", a => a.Fixed(new ushort[] { 1, 2 }, new[] { "x", "y" }));
                var counts = new Dictionary<string, uint> { ["a"] = 1, ["bé"] = 41, [""] = 0 };
                Case("counts", counts, a => a.Counts(counts));
                Case("one", ValueTuple.Create(5u), a => a.One(ValueTuple.Create(5u)));
                // The failing host: each failure traps the calling instance (which is poisoned afterwards).
                var faulty = new ComponentLinker(engine);
                Example.Diff.Types.TypesImports.AddToLinker(faulty);
                Example.Diff.Host.HostImports.AddToLinker(faulty, new Faulty());
                void Fails(string name, Func<Example.Diff.Api.ApiExports, object?> call)
                {
                    var w = Example.Diff.Diff.DiffWorld.Instantiate(new Store(engine), component, faulty);
                    string output, after;
                    try { output = Show.Of(call(w.Api)); }
                    catch (Exception e) { output = Show.Failure(e); }
                    try { after = Show.Of(w.Api.One(ValueTuple.Create(1u))); }
                    catch (Exception e) { after = Show.Failure(e); }
                    log.Add("faulty " + name + " | " + output + " | " + after);
                }
                Fails("echo", a => a.Echo("x"));
                Fails("pick", a => a.Pick(Color.Red));
                Fails("hold", a => a.Hold(bare));
                Fails("maybe", a => a.Maybe("x", Option<uint?>.None, null));
                Fails("points", a => a.Points(new Point(1, 2, "p"), Color.Red, Small.A, Mid.M0, Wide.W0));
                Fails("shapes", a => a.Shapes(shapes));
                log.AddRange(Show.Typed(Example.Diff.Diff.DiffWorld.Instantiate(new Store(engine), component, linker).Instance, typeof(Example.Diff.Diff.DiffWorld), "example:diff/api@0.1.0").Split((char)10));
                return log;
            }
        }
        """;

    [Fact]
    public void EveryValueKindGivesTheSameResultsOnBothPaths()
    {
        var bytes = HostRunTests.MirrorComponent(DiffWit, "diff", "host", "api", new Dictionary<string, string>());
        var load = WitLoader.LoadText("diff.wit", DiffWit, new WitOptions { AllFeatures = true });
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld("diff");
        var (fast, dynamic) = RunBoth(WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host), DiffDriver, bytes);
        // A failing host traps the same way on both paths; the detail after the wording may differ (an enum case out of
        // range is described by the value's type on the dynamic path, by its case count on the typed one).
        static string Wording(string line) => Regex.Replace(line, "(failed|does not match its type): [^|]*", "$1: ");
        Assert.Equal(dynamic.Select(Wording), fast.Select(Wording));
        Assert.Equal(dynamic.Where(l => !l.StartsWith("faulty pick", StringComparison.Ordinal)), fast.Where(l => !l.StartsWith("faulty pick", StringComparison.Ordinal)));
        Assert.True(fast.Count >= 35, $"{fast.Count} scenarios");
        Assert.Equal(6, fast.Count(l => l.StartsWith("faulty ", StringComparison.Ordinal)));
        foreach (var line in fast.Where(l => !l.StartsWith("faulty ", StringComparison.Ordinal)))
        {
            var parts = line.Split(" | ");
            // The identity host gives every input back (NaN payloads canonicalized on the way; out-of-range and malformed
            // arguments are the host's errors, rejected before the component runs).
            if (parts[1] == "\"ArgumentException\"") Assert.StartsWith("ArgumentException", parts[2]);
            else Assert.Equal(parts[1].Replace("NaNf7fc00123", "NaNf7fc00000").Replace("NaN7ff8000000000123", "NaN7ff8000000000000"), parts[2]);
        }
    }

    // ---- allocation: a primitive import call (guest export -> host import -> back) allocates nothing on the typed path

    private const string AddWit = """
        package example:adder@0.1.0;

        interface host {
            add: func(a: s32, b: s32) -> s32;
        }

        interface api {
            add: func(a: s32, b: s32) -> s32;
        }

        world adder {
            import host;
            export api;
        }
        """;

    private const string AddDriver = """
        using System;
        using System.Collections.Generic;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;

        public sealed class Adder : Example.Adder.Host.IHost
        {
            public int Add(int a, int b) => a + b;
        }

        public static class Driver
        {
            public static List<string> Run(byte[] bytes)
            {
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                Example.Adder.Host.HostImports.AddToLinker(linker, new Adder());
                var w = Example.Adder.Adder.AdderWorld.Instantiate(new Store(engine), Component.FromBytes(engine, bytes), linker);
                long sum = 0;
                for (int i = 0; i < 1000; i++) sum += w.Api.Add(i, 1);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10000; i++) sum += w.Api.Add(i, 1);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                return new List<string> { "sum " + sum, "allocated " + allocated };
            }
        }
        """;

    [Fact]
    public void PrimitiveImportCallsAllocateNothing()
    {
        var bytes = HostRunTests.MirrorComponent(AddWit, "adder", "host", "api", new Dictionary<string, string>());
        var load = WitLoader.LoadText("adder.wit", AddWit);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var result = WitBindingsGenerator.Generate(load.Resolve!, load.SelectWorld("adder"), null, GenerationMode.Host);
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var fast = HostRunTests.CompileAndRun(result, AddDriver, bytes).ToList();
        foreach (var line in fast) _output.WriteLine(line);
        // 1000 warm-up calls then 10000 measured: sum of (i + 1) over both loops.
        Assert.Equal("sum " + (500_500L + 50_005_000L), fast[0]);
        Assert.Equal("allocated 0", fast[1]);
        // The same calls on the dynamic path (keys altered) allocate, so the count above measures the import call.
        var keys = new Regex("(internal const string Key[0-9]+ = )\"[^\"]*\";");
        var dynamicFiles = result.Files.Select(f => f with { Text = keys.Replace(f.Text, "$1\"(forced onto the dynamic path)\";") }).ToEquatableArray();
        var dynamic = HostRunTests.CompileAndRun(result with { Files = dynamicFiles }, AddDriver, bytes).ToList();
        _output.WriteLine("dynamic: " + dynamic[1]);
        Assert.Equal(fast[0], dynamic[0]);
        Assert.NotEqual("allocated 0", dynamic[1]);
    }

    // ---- malformed guests: invalid values returned, realloc misbehaving, traps, post-return; three string encodings

    private const string BadWit = """
        package example:bad;

        world bad {
            export echo: func(s: string) -> string;
            export echo16: func(s: string) -> string;
            export echo-latin: func(s: string) -> string;
            export sum: func(xs: list<u32>) -> u32;
            export bad-utf8: func() -> string;
            export bad-utf16: func() -> string;
            export oob-string: func() -> string;
            export unaligned-list: func() -> list<u32>;
            export oob-list: func() -> list<u32>;
            export bad-area: func() -> list<u32>;
            export bad-char: func() -> char;
            export bad-option: func() -> option<u32>;
            export bad-result: func() -> result<u32, u32>;
            export bool-two: func() -> bool;
            export set-mode: func(m: u32);
            export posts: func() -> u32;
            export boom: func(s: string);
        }
        """;

    /// <summary>
    /// The core module returns fixed return areas from data segments (bad UTF-8 and UTF-16, out-of-bounds and misaligned
    /// strings and lists, discriminants 7 and 2, char U+D800, bool 2); <c>set-mode</c> makes realloc answer out of bounds
    /// (1) or one byte past an aligned pointer (2); post-return resets the bump allocator and counts its calls.
    /// </summary>
    private const string BadWat = """
        (component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (global $mode (mut i32) (i32.const 0))
            (global $posts (mut i32) (i32.const 0))
            (data (i32.const 16) "\64\00\00\00\02\00\00\00")
            (data (i32.const 100) "\ff\fe\00\d8")
            (data (i32.const 24) "\f0\ff\ff\ff\10\00\00\00")
            (data (i32.const 32) "\65\00\00\00\01\00\00\00")
            (data (i32.const 40) "\f8\ff\00\00\64\00\00\00")
            (data (i32.const 48) "\07\00\00\00\05\00\00\00")
            (data (i32.const 56) "\02\00\00\00\05\00\00\00")
            (data (i32.const 80) "\66\00\00\00\01\00\00\00")
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (if (i32.eq (global.get $mode) (i32.const 1)) (then (return (i32.const 0x7fff0000))))
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
              (if (i32.eq (global.get $mode) (i32.const 2)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
              (local.get $p))
            (func (export "post") (param i32)
              (global.set $next (i32.const 1024))
              (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 64) (local.get 0))
              (i32.store (i32.const 68) (local.get 1))
              (i32.const 64))
            (func (export "sum") (param i32 i32) (result i32)
              (local $i i32) (local $s i32)
              (block $done (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get 1)))
                (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get 0) (i32.shl (local.get $i) (i32.const 2))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
              (local.get $s))
            (func (export "bad-utf8") (result i32) (i32.const 16))
            (func (export "bad-utf16") (result i32) (i32.const 16))
            (func (export "oob-string") (result i32) (i32.const 24))
            (func (export "unaligned-list") (result i32) (i32.const 32))
            (func (export "oob-list") (result i32) (i32.const 40))
            (func (export "bad-area") (result i32) (i32.const 65532))
            (func (export "bad-char") (result i32) (i32.const 0xD800))
            (func (export "bad-option") (result i32) (i32.const 48))
            (func (export "bad-result") (result i32) (i32.const 56))
            (func (export "bool-two") (result i32) (i32.const 2))
            (func (export "set-mode") (param i32) (global.set $mode (local.get 0)))
            (func (export "posts") (result i32) (global.get $posts))
            (func (export "boom") (param i32 i32) unreachable))
          (core instance $i (instantiate $m))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "post"))))
          (func (export "echo16") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) string-encoding=utf16 (post-return (func $i "post"))))
          (func (export "echo-latin") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) string-encoding=latin1+utf16 (post-return (func $i "post"))))
          (func (export "sum") (param "xs" (list u32)) (result u32)
            (canon lift (core func $i "sum") (memory $i "memory") (realloc (func $i "realloc"))))
          (func (export "bad-utf8") (result string) (canon lift (core func $i "bad-utf8") (memory $i "memory")))
          (func (export "bad-utf16") (result string) (canon lift (core func $i "bad-utf16") (memory $i "memory") string-encoding=utf16))
          (func (export "oob-string") (result string) (canon lift (core func $i "oob-string") (memory $i "memory")))
          (func (export "unaligned-list") (result (list u32)) (canon lift (core func $i "unaligned-list") (memory $i "memory")))
          (func (export "oob-list") (result (list u32)) (canon lift (core func $i "oob-list") (memory $i "memory")))
          (func (export "bad-area") (result (list u32)) (canon lift (core func $i "bad-area") (memory $i "memory")))
          (func (export "bad-char") (result char) (canon lift (core func $i "bad-char")))
          (func (export "bad-option") (result (option u32)) (canon lift (core func $i "bad-option") (memory $i "memory")))
          (func (export "bad-result") (result (result u32 (error u32))) (canon lift (core func $i "bad-result") (memory $i "memory")))
          (func (export "bool-two") (result bool) (canon lift (core func $i "bool-two")))
          (func (export "set-mode") (param "m" u32) (canon lift (core func $i "set-mode")))
          (func (export "posts") (result u32) (canon lift (core func $i "posts")))
          (func (export "boom") (param "s" string)
            (canon lift (core func $i "boom") (memory $i "memory") (realloc (func $i "realloc"))))
        )
        """;

    private const string BadDriver = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using WitBindgen.Runtime;
        using WitBindgen.Runtime.Components;
        using W = Example.Bad.Bad.BadWorld;

        public static class Driver
        {
            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                var component = Component.FromBytes(engine, bytes);

                // Each scenario in a fresh instance; then what the instance answers next (poisoned or not) and how many
                // times post-return ran.
                void Case(string name, Func<W, object?> call)
                {
                    var w = W.Instantiate(new Store(engine), component, linker);
                    string output, after;
                    try { output = Show.Of(call(w)); }
                    catch (Exception e) { output = Show.Failure(e); }
                    try { after = "posts " + w.Posts(); }
                    catch (Exception e) { after = Show.Failure(e); }
                    log.Add(name + " | " + output + " | " + after);
                }

                var texts = new[] { "", "a", "latin é ÿ", "bmp € 中", "astral \U0001F600", new string('k', 1024), string.Concat(Enumerable.Repeat("ü€\U0001F600", 200)), "é" + new string('x', 100) + "€" };
                for (int i = 0; i < texts.Length; i++)
                {
                    var s = texts[i];
                    Case("echo " + i, w => w.Echo(s));
                    Case("echo16 " + i, w => w.Echo16(s));
                    Case("echo-latin " + i, w => w.EchoLatin(s));
                }
                Case("echo-twice", w => w.Echo("one") + w.Echo("two"));
                Case("echo-lone-surrogate", w => w.Echo("a\uD800"));
                Case("sum", w => w.Sum(new uint[] { 1, 2, 3 }));
                Case("sum-empty", w => w.Sum(Array.Empty<uint>()));
                Case("sum-large", w => w.Sum(Enumerable.Range(0, 10000).Select(i => (uint)i).ToArray()));
                Case("realloc-oob-string", w => { w.SetMode(1); return w.Echo("x"); });
                Case("realloc-oob-list", w => { w.SetMode(1); return w.Sum(new uint[] { 1, 2 }); });
                Case("realloc-misaligned-list", w => { w.SetMode(2); return w.Sum(new uint[] { 1, 2 }); });
                Case("realloc-misaligned-utf16", w => { w.SetMode(2); return w.Echo16("x"); });
                Case("realloc-misaligned-utf8", w => { w.SetMode(2); return w.Echo("byte-aligned is fine"); });
                Case("bad-utf8", w => w.BadUtf8());
                Case("bad-utf16", w => w.BadUtf16());
                Case("oob-string", w => w.OobString());
                Case("unaligned-list", w => w.UnalignedList());
                Case("oob-list", w => w.OobList());
                Case("bad-area", w => w.BadArea());
                Case("bad-char", w => w.BadChar());
                Case("bad-option", w => w.BadOption());
                Case("bad-result", w => w.BadResult());
                Case("bool-two", w => w.BoolTwo());
                Case("boom", w => { w.Boom("x"); return null; });
                log.AddRange(Show.Typed(W.Instantiate(new Store(engine), component, linker).Instance, typeof(W), null).Split((char)10));
                return log;
            }
        }
        """;

    [Fact]
    public void MalformedGuestsTrapTheSameOnBothPaths()
    {
        var load = WitLoader.LoadText("bad.wit", BadWit);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld("bad");
        var (fast, dynamic) = RunBoth(WitBindingsGenerator.Generate(load.Resolve!, id, null, GenerationMode.Host), BadDriver, WatAssembler.Assemble(BadWat, "bad.wat"), imports: false);
        Assert.Equal(dynamic, fast);
        var byName = fast.ToDictionary(l => l.Split(" | ")[0], l => l.Split(" | ")[1] + " | " + l.Split(" | ")[2]);
        // Strings round-trip in every encoding, post-return runs once per call that has it.
        Assert.Equal("\"bmp € 中\" | posts 1", byName["echo-latin 3"]);
        Assert.Equal("\"onetwo\" | posts 2", byName["echo-twice"]);
        Assert.Equal("ArgumentException | posts 0", byName["echo-lone-surrogate"]);
        Assert.Equal("49995000 | posts 0", byName["sum-large"]);
        Assert.StartsWith("Trap: ", byName["bad-utf8"]);
        Assert.EndsWith("cannot enter component instance", byName["bad-utf8"]);
        Assert.Equal("True | posts 0", byName["bool-two"]);
        foreach (var name in new[] { "realloc-oob-string", "realloc-oob-list", "realloc-misaligned-list", "realloc-misaligned-utf16", "bad-utf16", "oob-string", "unaligned-list", "oob-list", "bad-area", "bad-char", "bad-option", "bad-result", "boom" })
            Assert.StartsWith("Trap: ", byName[name]);
    }
    // ---- resources: guest-defined (own, borrow, moved, dropped, of another instance) and host-defined

    private const string ResourceDriver = $$"""
        {{HostResourceTests.DriverHeader}}

        public static class Driver
        {
            public static List<string> Run(byte[] bytes)
            {
                var log = new List<string>();
                var engine = new Engine();
                var linker = new ComponentLinker(engine);
                var host = new Store();
                HostStoreImports.AddToLinker(linker, host);
                var component = Component.FromBytes(engine, bytes);
                Example.Res.App.AppWorld New() => Example.Res.App.AppWorld.Instantiate(new WitBindgen.Runtime.Store(engine) { Data = host }, component, linker);

                void Case(string name, Func<CountersExports, object?> call)
                {
                    var w = New();
                    MyBucket.Disposed.Clear();
                    string output, after;
                    try { output = Show.Of(call(w.Counters)); }
                    catch (Exception e) { output = Show.Failure(e); }
                    try { after = "live " + w.Counters.Live() + ", disposed [" + string.Join(",", MyBucket.Disposed) + "]"; }
                    catch (Exception e) { after = Show.Failure(e); }
                    log.Add(name + " | " + output + " | " + after);
                }

                Case("create-add-get", a => { var c = a.CreateCounter(5); c.Add(3); return c.Get(); });
                Case("static", a => a.CounterZero().Get());
                Case("total", a => a.Total(a.CreateCounter(2), a.CreateCounter(40)));
                Case("total-same-handle", a => { var c = a.CreateCounter(21); return a.Total(c, c); });
                Case("dispose", a => { var c = a.CreateCounter(1); c.Dispose(); c.Dispose(); return a.Live(); });
                Case("use-after-drop", a => { var c = a.CreateCounter(1); c.Dispose(); return c.Get(); });
                Case("consume", a => { var c = a.CreateCounter(9); return (a.Consume(c), a.Live()); });
                Case("use-after-move", a => { var c = a.CreateCounter(9); a.Consume(c); c.Add(1); return null; });
                Case("other-instance", a => { var mine = New().Counters.CreateCounter(1); return a.Total(mine, mine); });
                Case("store-in", a => { var b = new MyBucket("mine"); var c = a.CreateCounter(7); a.StoreIn(c, b); return b.Get(1); });
                Case("make-bucket", a => a.MakeBucket("x").Name());
                Case("drop-bucket", a => { a.DropBucket(a.MakeBucket("y")); return "dropped"; });
                Case("many", a =>
                {
                    uint sum = 0;
                    for (uint i = 0; i < 200; i++) { using var c = a.CreateCounter(i); c.Add(1); sum += c.Get(); }
                    return sum;
                });
                log.AddRange(Show.Typed(New().Instance, typeof(Example.Res.App.AppWorld), "example:res/counters@0.1.0").Split((char)10));
                return log;
            }
        }
        """;

    [Fact]
    public void ResourcesBehaveTheSameOnBothPaths()
    {
        var (fast, dynamic) = RunBoth(HostResourceTests.Generate(), ResourceDriver, HostResourceTests.Component());
        Assert.Equal(dynamic, fast);
        var byName = fast.ToDictionary(l => l.Split(" | ")[0], l => l.Split(" | ")[1]);
        Assert.Equal("8", byName["create-add-get"]);
        Assert.Equal("42", byName["total"]);
        Assert.Equal("42", byName["total-same-handle"]);
        Assert.Equal("0", byName["dispose"]);
        Assert.Equal("ObjectDisposedException", byName["use-after-drop"]);
        Assert.Equal("(9, 0)", byName["consume"]);
        Assert.Equal("ObjectDisposedException", byName["use-after-move"]);
        Assert.Equal("InvalidOperationException", byName["other-instance"]);
        Assert.Equal("7", byName["store-in"]);
        Assert.Equal("\"new x\"", byName["make-bucket"]);
        Assert.Equal("20100", byName["many"]);
        Assert.EndsWith("disposed [new y]", fast.Single(l => l.StartsWith("drop-bucket", StringComparison.Ordinal)));
    }

    /// <summary>
    /// No import carries a handle of a resource the component implements: a world importing an interface that uses a
    /// resource of an interface it also exports imports that resource too, so the import's typed body lifts and lowers
    /// the host-implemented class (in the implementation's <c>ResourceTable</c>), and the export-side copy is a class of its own. (A component
    /// import naming a resource the component defines is rejected by validation:
    /// <c>AliasAndVisibilityValidationTests.ImportsMayNotUseLocallyDefinedResources</c>.)
    /// </summary>
    [Fact]
    public void ImportsUsingAnExportedInterfacesResourceGetTheImportedResource()
    {
        var result = HostSnapshotTests.FromText("""
            package example:both@0.1.0;
            interface store { resource item { constructor(); } }
            interface user { use store.{item}; take: func(x: borrow<item>); give: func(x: item) -> item; }
            world w { import user; export store; }
            """, "w");
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var text = string.Concat(result.Files.Select(f => f.Text));
        const string imported = "global::Example.Both.Store.Item";
        Assert.Contains($"void Take({imported} x);", text, StringComparison.Ordinal);
        Assert.Contains($"{imported} Give({imported} x);", text, StringComparison.Ordinal);
        Assert.Contains("namespace Example.Both.Store.Exports", text, StringComparison.Ordinal);
        // Every import (the resource's constructor, take, give) is registered once, with its typed body, in the one
        // __Register both AddToLinker overloads call (with a fixed implementation or the per-store function).
        var registrations = Regex.Matches(text, "instance\\.DefineFunction\\(\"([^\"]+)\", (.*)$", RegexOptions.Multiline);
        Assert.Equal(new[] { "[constructor]item", "take", "give" }, registrations.Select(m => m.Groups[1].Value));
        Assert.Contains("__Register(linker, new __Fixed(implementation));", text, StringComparison.Ordinal);
        Assert.Contains("__Register(linker, new __PerStore(implementation));", text, StringComparison.Ordinal);
        // The per-store function is called in __PerStore.Get only (one per import class): the fixed path has no delegate call.
        Assert.All(Regex.Matches(text, "\\S*implementation\\(\\w*\\)"), m => Assert.Equal("_implementation(store)", m.Value));
        Assert.All(registrations, m => Assert.Contains("(ref global::WitBindgen.Runtime.Components.ComponentCall __call) =>", m.Groups[2].Value, StringComparison.Ordinal));
        Assert.Contains($"var __a0 = __table.Get<{imported}>(__call.LiftRep(", text, StringComparison.Ordinal);
        Assert.Contains($"var __a0 = __table.Remove<{imported}>(__call.LiftRep(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("__call.LiftResource(__call.ParamType(", text, StringComparison.Ordinal);
    }
}
