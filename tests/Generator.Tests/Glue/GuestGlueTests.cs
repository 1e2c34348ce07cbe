using System.Linq;
using System;
using System.Collections.Generic;
using WitBindgen.Bindings.Abi;
using WitBindgen.ComponentModel.Abi;
using CV = WitBindgen.ComponentModel.Abi.ComponentValue;

namespace WitBindgen.Generator.Tests.Glue;

/// <summary>
/// Drives the generated guest glue in-process against a test linear memory and checks what it
/// writes and reads against the canonical ABI of WitBindgen.ComponentModel (the "host" side here):
/// exports get arguments lowered by the reference and their results are lifted by the reference;
/// imports have their arguments lifted by the reference and results lowered by it.
/// </summary>
[Collection(LinearMemoryCollection.Name)]
public sealed class GuestGlueTests : IClassFixture<GlueFixture>
{
    private readonly GlueFixture _f;

    public GuestGlueTests(GlueFixture fixture)
    {
        _f = fixture;
        _f.Attach();
        _f.Invoke("Register");
        _f.Invoke("InstallHooks");
    }

    /// <summary>The harness's Sample() as a component value (every value kind of WASI 0.2 + map + fixed list).</summary>
    private static CV Everything() => CV.Record(
        CV.Bool(true), CV.U8(200), CV.S16(-1234), CV.U64(ulong.MaxValue - 5), CV.F64(Math.PI), CV.Char(0x1F600),
        CV.List(CV.U8(1), CV.U8(2), CV.U8(3), CV.U8(250)),
        CV.List(CV.String("alpha"), CV.String(""), CV.String("ünïcödé")),
        CV.Some(CV.String("maybe")),
        CV.Some(CV.None),
        CV.Variant(1, CV.Record(CV.S32(7), CV.S32(-8))),
        CV.Tuple(CV.U64(42), CV.String("pair")),
        CV.Map(CV.Tuple(CV.String("one"), CV.U32(1)), CV.Tuple(CV.String("two"), CV.U32(2))),
        CV.FixedList(CV.U16(10), CV.U16(20), CV.U16(30), CV.U16(40)),
        CV.List(CV.Record(CV.S32(1), CV.S32(2)), CV.Record(CV.S32(-3), CV.S32(4))),
        CV.Enum(2),
        CV.Flags(0b110),
        CV.String("self"),
        CV.S8(-7), CV.F32(2.5f),
        CV.List(CV.Bool(true), CV.Bool(false), CV.Bool(true)),
        CV.List(CV.Char('a'), CV.Char(0x10FFFF)),
        CV.Tuple(CV.U8(9)),
        CV.Err(CV.String("bad")),
        CV.Some(CV.Record(CV.S32(5), CV.S32(6))));

    private CV? CallExport(string name, params CV[] args)
    {
        var plan = _f.Plan("api", name);
        var flat = new ulong[plan.FlatArgumentCount];
        plan.LowerArguments(_f.Cx, args, flat);
        var results = (ulong[])_f.Invoke("CallExport", name, flat)!;
        var value = plan.LiftResult(_f.Cx, results);
        if (plan.ResultIndirect) _f.Invoke("Post", name, (int)results[0]);
        return value;
    }

    private void AssertNoLeaks()
    {
        Assert.True(_f.BadFrees.Count == 0, "bad frees at " + string.Join(", ", _f.BadFrees));
        Assert.True(_f.Live.Count == 0, "leaked blocks at " + string.Join(", ", _f.Live));
        Assert.Equal(0, LinearMemory.PendingCount);
    }

    [Fact]
    public void ExportEchoesEveryValueKindThroughMemory()
    {
        var value = Everything();
        Assert.Equal(value, CallExport("echo-all", value));
        // Arguments were freed once lifted, results by cabi_post.
        AssertNoLeaks();
    }

    [Theory]
    [InlineData(0, "circle 1.5 😀")]
    [InlineData(1, "rect 3x-4 😀")]
    [InlineData(2, "value hi 😀")]
    [InlineData(3, "none 😀")]
    public void ExportLiftsJoinedFlatVariants(int which, string expected)
    {
        var shape = which switch
        {
            0 => CV.Variant(0, CV.F32(1.5f)),
            1 => CV.Variant(1, CV.Record(CV.S32(3), CV.S32(-4))),
            2 => CV.Variant(2, CV.String("hi")),
            _ => CV.Variant(3),
        };
        var result = CallExport("classify-all", shape, CV.Enum(1), CV.Flags(0b101), CV.Char(0x1F600));
        Assert.Equal(CV.Tuple(CV.U64(105), CV.String(expected)), result);
        AssertNoLeaks();
    }

    [Fact]
    public void ExportNestedOptionsAndResults()
    {
        Assert.Equal(CV.Ok(CV.String("none/y")), CallExport("maybe", CV.None, CV.Some(CV.String("y"))));
        Assert.Equal(CV.Ok(CV.String("some(none)/y")), CallExport("maybe", CV.Some(CV.None), CV.Some(CV.String("y"))));
        Assert.Equal(CV.Ok(CV.String("some(some(5))/")), CallExport("maybe", CV.Some(CV.Some(CV.U32(5))), CV.Some(CV.String(""))));
        Assert.Equal(CV.Err(CV.Enum(0)), CallExport("maybe", CV.None, CV.None));
        AssertNoLeaks();
    }

    [Fact]
    public void WorldLevelExportWithFlatFixedList()
    {
        var world = _f.Resolve.Worlds[_f.World];
        var fn = ((WitBindgen.WitParser.Model.FunctionWorldItem)world.Exports[WitBindgen.WitParser.Model.WorldKey.Named("tick")]).Function;
        var plan = FunctionAbiPlan.FromWit(_f.Layouts, fn);
        Assert.False(plan.ParamsIndirect);
        var flat = new ulong[plan.FlatArgumentCount];
        plan.LowerArguments(_f.Cx, new[] { CV.FixedList(CV.U16(4), CV.U16(2)), CV.F64(0.5) }, flat);
        var results = (ulong[])_f.Invoke("CallExport", "tick", flat)!;
        Assert.Equal(CV.F64(21.0), plan.LiftResult(_f.Cx, results));
        AssertNoLeaks();
    }

    [Fact]
    public void ExportStringsListsAndMaps()
    {
        Assert.Equal(CV.String("Hello, wörld!"), CallExport("greet", CV.String("wörld")));
        var sum = CallExport("sum",
            CV.List(CV.Record(CV.S32(1), CV.S32(2)), CV.Record(CV.S32(3), CV.S32(4))),
            CV.Map(CV.Tuple(CV.String("a"), CV.U32(10))));
        Assert.Equal(CV.S64(20), sum);
        Assert.Equal(CV.Err(CV.Enum(1)), CallExport("run", CV.Record(CV.S32(1), CV.S32(2)), CV.Variant(3), CV.List()));
        AssertNoLeaks();
    }

    [Fact]
    public void ExportedResourceLifecycle()
    {
        var newCalls = new List<int>();
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            Assert.Equal("[resource-new]counter", name);
            newCalls.Add((int)args[0]);
            return new ulong[] { 100 + args[0] };
        }));
        var handle = (ulong[])_f.Invoke("CallExport", "[constructor]counter", new ulong[] { 41 })!;
        Assert.Single(newCalls);
        int rep = newCalls[0];
        Assert.Equal((ulong)(100 + rep), handle[0]);
        // Methods get `self` as a borrow of the instance's own resource: the rep itself.
        Assert.Equal(42UL, ((ulong[])_f.Invoke("CallExport", "[method]counter.increment", new ulong[] { (ulong)rep })!)[0]);
        Assert.Equal(43UL, ((ulong[])_f.Invoke("CallExport", "[method]counter.increment", new ulong[] { (ulong)rep })!)[0]);
        int disposedBefore = (int)_f.Glue.GetProperty("Disposed")!.GetValue(null)!;
        _f.Invoke("CallExport", "[dtor]counter", new ulong[] { (ulong)rep });
        Assert.Equal(disposedBefore + 1, (int)_f.Glue.GetProperty("Disposed")!.GetValue(null)!);
    }

    [Fact]
    public void OwnedExportedResourcePassedBackIsUnwrappedNotDisposed()
    {
        // Host model: handle = 100 + rep.
        var log = new List<string>();
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            log.Add(name + " " + args[0]);
            return name switch
            {
                "[resource-new]counter" => new[] { 100 + args[0] },
                _ => new[] { args[0] - 100 },
            };
        }));
        int a = (int)((ulong[])_f.Invoke("CallExport", "[constructor]counter", new ulong[] { 2 })!)[0];
        int b = (int)((ulong[])_f.Invoke("CallExport", "[constructor]counter", new ulong[] { 3 })!)[0];
        int disposedBefore = (int)_f.Glue.GetProperty("Disposed")!.GetValue(null)!;
        // merge(a: borrow<counter> (the rep), b: own<counter> (a handle)) -> own<counter>
        var merged = ((ulong[])_f.Invoke("CallExport", "[static]counter.merge", new ulong[] { (ulong)(a - 100), (ulong)b })!)[0];
        Assert.Contains($"[resource-rep]counter {b}", log);
        Assert.Contains($"[resource-drop]counter {b}", log);
        Assert.Equal(disposedBefore, (int)_f.Glue.GetProperty("Disposed")!.GetValue(null)!);
        // The merged counter is a new resource: 2 + 3, incremented to 6.
        Assert.Equal(6UL, ((ulong[])_f.Invoke("CallExport", "[method]counter.increment", new ulong[] { merged - 100 })!)[0]);
    }

    [Fact]
    public void ExportReleasesBorrowedImportedHandlesBeforeReturning()
    {
        var drops = new List<ulong>();
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            Assert.Equal("[resource-drop]file", name);
            drops.Add(args[0]);
            return Array.Empty<ulong>();
        }));
        // borrow<file> 5 and list<borrow<file>> [6, 7], written as the caller would (handle indices).
        var plan = _f.Plan("api", "inspect");
        var flat = new ulong[plan.FlatArgumentCount];
        Assert.Equal(3, flat.Length);
        flat[0] = 5;
        var list = (uint)_f.Cx.Realloc!(0, 0, 4, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_f.Memory.Span.Slice((int)list), 6);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_f.Memory.Span.Slice((int)list + 4), 7);
        flat[1] = list;
        flat[2] = 2;
        var results = (ulong[])_f.Invoke("CallExport", "inspect", flat)!;
        Assert.Equal(3UL, results[0]);
        Assert.Equal(new ulong[] { 7, 6, 5 }, drops);
        AssertNoLeaks();
    }

    private List<CV> HostEchoing(string function)
    {
        var seen = new List<CV>();
        var plan = _f.Plan("types", function);
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            Assert.Equal(function, name);
            var values = new CV[plan.Params.Count];
            plan.LiftArguments(_f.Cx, args, values);
            seen.AddRange(values);
            var results = new ulong[1];
            var result = function switch
            {
                "echo" => values[0],
                "class" => values[1],
                _ => throw new InvalidOperationException(),
            };
            plan.LowerResult(_f.Cx, result, args, results);
            return results;
        }));
        return seen;
    }

    [Fact]
    public void ImportLowersEveryValueKindAndLiftsTheResult()
    {
        var seen = HostEchoing("echo");
        var described = (string)_f.Invoke("EchoTwice")!;
        // The reference lifted the same value from both calls: the second call passed what the glue
        // lifted from the first call's result, so lowering and lifting agree with the reference.
        Assert.Equal(new[] { Everything(), Everything() }, seen);
        Assert.Contains("ünïcödé", described);
        Assert.Contains("-7 2.5 [True,False,True] [a,\U0010FFFF] (9) Err(bad) Point { X = 5, Y = 6 }", described);
        AssertNoLeaks();
    }

    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "some(none)")]
    [InlineData(2, "some(some(42))")]
    public void ImportNestedOptionFlat(int depth, string expected)
    {
        var seen = HostEchoing("class");
        Assert.Equal(expected, (string)_f.Invoke("Class", true, depth)!);
        var option = depth switch { 0 => CV.None, 1 => CV.Some(CV.None), _ => CV.Some(CV.Some(CV.U32(42))) };
        Assert.Equal(new[] { CV.Bool(true), option }, seen);
        AssertNoLeaks();
    }

    [Fact]
    public void ImportJoinedVariantFlatValues()
    {
        var plan = _f.Plan("types", "classify");
        var seen = new List<CV[]>();
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            var values = new CV[4];
            plan.LiftArguments(_f.Cx, args, values);
            seen.Add(values);
            plan.LowerResult(_f.Cx, CV.Tuple(CV.U64(7), CV.String("ok")), args, new ulong[1]);
            return Array.Empty<ulong>();
        }));
        for (int which = 0; which < 4; which++) Assert.Equal("7:ok", (string)_f.Invoke("Classify", which)!);
        Assert.Equal(CV.Variant(0, CV.F32(1.5f)), seen[0][0]);
        Assert.Equal(CV.Variant(1, CV.Record(CV.S32(3), CV.S32(-4))), seen[1][0]);
        Assert.Equal(CV.Variant(2, CV.String("hi")), seen[2][0]);
        Assert.Equal(CV.Variant(3), seen[3][0]);
        Assert.Equal(new[] { CV.Enum(1), CV.Flags(0b101), CV.Char(0x1F600) }, seen[0][1..]);
        AssertNoLeaks();
    }

    [Fact]
    public void ImportResultsThroughReturnArea()
    {
        var plan = _f.Plan("types", "lookup");
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            var values = new CV[1];
            plan.LiftArguments(_f.Cx, args, values);
            var key = values[0].AsString();
            plan.LowerResult(_f.Cx, key == "x" ? CV.Ok(CV.String("found " + key)) : CV.Err(CV.Enum(1)), args, new ulong[1]);
            return Array.Empty<ulong>();
        }));
        Assert.Equal("Ok(found x)", (string)_f.Invoke("Lookup", "x")!);
        Assert.Equal("Err(NotFound)", (string)_f.Invoke("Lookup", "y")!);
        Assert.Equal(5u, ImportAdd(2, 3));
        AssertNoLeaks();
    }

    private uint ImportAdd(uint a, uint b)
    {
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) => new[] { args[0] + args[1] }));
        return (uint)_f.Invoke("Add", a, b)!;
    }

    [Fact]
    public void ImportedResourceOwnershipAndDrop()
    {
        var calls = new List<string>();
        var readPlan = _f.Plan("types", "[method]file.read");
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            calls.Add(name + "(" + args[0] + ")");
            switch (name)
            {
                case "[constructor]file": return new ulong[] { 7 };
                case "[method]file.read":
                    readPlan.LowerResult(_f.Cx, CV.List(CV.U8(9), CV.U8(8), CV.U8(7)), args, new ulong[1]);
                    return Array.Empty<ulong>();
                case "close": return new ulong[] { 0 };
                default: return Array.Empty<ulong>();
            }
        }));
        Assert.Equal("9,8,7 True moved File", (string)_f.Invoke("FileLifecycle")!);
        // The handle moved into close (own), so Dispose does not drop it; a string arg was lowered for the constructor.
        Assert.Equal("[method]file.read(7)", calls[1]);
        Assert.Equal("close(7)", calls[2]);
        // Only the second file, which kept its owned handle, is dropped, and only once.
        Assert.Equal(new[] { "[resource-drop]file(7)" }, calls.Where(c => c.StartsWith("[resource-drop]", StringComparison.Ordinal)));
        Assert.Equal("[constructor]file", calls[3].Substring(0, calls[3].IndexOf('(')));
        AssertNoLeaks();
    }
}
