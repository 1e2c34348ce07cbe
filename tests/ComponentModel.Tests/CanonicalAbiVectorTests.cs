using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using WitBindgen.ComponentModel.Abi;
using CoreValType = WitBindgen.ComponentModel.Types.CoreValType;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests;

/// <summary>
/// Runs the table-driven vectors in Vectors/canonical-abi.json (expected values produced by running a
/// local transcription of the spec's definitions): layouts, function flattening, store/load and
/// lower/lift of values (both directions, with the exact realloc call sequence), lift-only
/// canonicalization, all nine string transcoding pairs (plus host strings, lowered at their exact length: see
/// Vectors/README.md) and every trap.
/// </summary>
public sealed class CanonicalAbiVectorTests
{
    private const int MinimumVectors = 300;
    private readonly ITestOutputHelper _output;

    public CanonicalAbiVectorTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void AllVectorsPass()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "canonical-abi.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var counts = new SortedDictionary<string, int>();
        var failures = new List<string>();
        int index = 0;
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            string kind = c.GetProperty("kind").GetString()!;
            counts[kind] = counts.TryGetValue(kind, out var n) ? n + 1 : 1;
            try
            {
                var problem = kind switch
                {
                    "value" => RunValue(c),
                    "lift" => RunLift(c),
                    "trap" => RunTrap(c),
                    "transcode" => RunTranscode(c),
                    "func" => RunFunc(c),
                    "layout" => RunLayout(c),
                    _ => "unknown vector kind",
                };
                if (problem is not null) failures.Add($"#{index} {kind}: {problem} :: {Describe(c)}");
            }
            catch (Exception e)
            {
                failures.Add($"#{index} {kind}: unexpected {e.GetType().Name}: {e.Message} :: {Describe(c)}");
            }
            index++;
        }
        _output.WriteLine($"canonical ABI vectors: {index} total ({string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))}), {index - failures.Count} passed");
        foreach (var f in failures.Take(40)) _output.WriteLine(f);
        Assert.True(index >= MinimumVectors, $"only {index} vectors");
        Assert.Empty(failures);
    }

    private static string Describe(JsonElement c)
    {
        var s = c.GetRawText();
        return s.Length > 300 ? s.Substring(0, 300) + "..." : s;
    }

    private static string? RunValue(JsonElement c)
    {
        var t = VectorJson.Type(c.GetProperty("type"));
        var v = VectorJson.Value(t, c.GetProperty("value"));
        var enc = VectorJson.Encoding(c.GetProperty("enc").GetString());
        uint ptr = c.GetProperty("ptr").GetUInt32(), heapStart = c.GetProperty("heap").GetUInt32();
        int memSize = c.GetProperty("memSize").GetInt32();

        if (t.Size != c.GetProperty("size").GetUInt32()) return $"size {t.Size}";
        if (t.Alignment != c.GetProperty("align").GetUInt32()) return $"alignment {t.Alignment}";
        if (VectorJson.FlatTypes(t.FlatTypes!) != c.GetProperty("flatTypes").GetString()) return $"flat types {VectorJson.FlatTypes(t.FlatTypes!)}";

        // store, compare memory and realloc calls; load back
        var heap = new BumpHeap(memSize, heapStart);
        CanonicalAbi.Store(heap.Options(enc), t, v, ptr);
        if (heap.Used != c.GetProperty("mem").GetString()) return $"stored memory {heap.Used}";
        var log = c.GetProperty("reallocs").EnumerateArray().Select(VectorJson.Slots).ToList();
        if (log.Count != heap.Log.Count || log.Zip(heap.Log).Any(p => !p.First.SequenceEqual(p.Second))) return "realloc calls differ";
        var loaded = CanonicalAbi.Load(heap.Options(enc), t, ptr);
        if (!loaded.Equals(v)) return $"loaded {loaded}";

        // lower flat, compare slots and memory; lift back
        var heap2 = new BumpHeap(memSize, heapStart);
        var slots = new ulong[t.FlatCount];
        int i = 0;
        CanonicalAbi.LowerFlat(heap2.Options(enc), t, v, slots, ref i);
        if (i != slots.Length) return $"lowered {i} slots";
        if (!slots.SequenceEqual(VectorJson.Slots(c.GetProperty("flat")))) return $"flat {string.Join(",", slots)}";
        if (heap2.Used != c.GetProperty("flatMem").GetString()) return $"flat memory {heap2.Used}";
        i = 0;
        var lifted = CanonicalAbi.LiftFlat(heap2.Options(enc), t, slots, ref i);
        if (i != slots.Length) return $"lifted {i} slots";
        if (!lifted.Equals(v)) return $"lifted {lifted}";
        return null;
    }

    private static CanonicalOptions MemoryOptions(JsonElement c, BumpHeap heap)
    {
        var mem = VectorJson.Bytes(c.GetProperty("mem"));
        mem.CopyTo(heap.Memory.Bytes, 0);
        return heap.Options(VectorJson.Encoding(c.GetProperty("enc").GetString()));
    }

    private static string? RunLift(JsonElement c)
    {
        var t = VectorJson.Type(c.GetProperty("type"));
        var expected = VectorJson.Value(t, c.GetProperty("value"));
        var heap = new BumpHeap(c.GetProperty("memSize").GetInt32(), 0);
        var cx = MemoryOptions(c, heap);
        ComponentValue got;
        if (c.GetProperty("flat").ValueKind == JsonValueKind.Null) got = CanonicalAbi.Load(cx, t, c.GetProperty("ptr").GetUInt32());
        else
        {
            int i = 0;
            var slots = VectorJson.Slots(c.GetProperty("flat"));
            got = CanonicalAbi.LiftFlat(cx, t, slots, ref i);
            if (i != t.FlatCount) return $"consumed {i} slots";
        }
        return got.Equals(expected) ? null : $"lifted {got}, expected {expected}";
    }

    private static string? RunTrap(JsonElement c)
    {
        var t = VectorJson.Type(c.GetProperty("type"));
        var expected = Enum.Parse<TrapKind>(c.GetProperty("trap").GetString()!);
        var reallocResult = c.GetProperty("realloc");
        var heap = new BumpHeap(c.GetProperty("memSize").GetInt32(), 0,
            reallocResult.ValueKind == JsonValueKind.Null ? null : reallocResult.GetUInt32());
        var cx = MemoryOptions(c, heap);
        try
        {
            switch (c.GetProperty("mode").GetString())
            {
                case "load": CanonicalAbi.Load(cx, t, c.GetProperty("ptr").GetUInt32()); break;
                case "liftflat": { int i = 0; CanonicalAbi.LiftFlat(cx, t, VectorJson.Slots(c.GetProperty("flat")), ref i); break; }
                case "lowerflat":
                {
                    var v = VectorJson.Value(t, c.GetProperty("value"));
                    var slots = new ulong[t.FlatCount];
                    int i = 0;
                    CanonicalAbi.LowerFlat(cx, t, v, slots, ref i);
                    break;
                }
                default: return "unknown mode";
            }
        }
        catch (CanonicalAbiTrap trap)
        {
            return trap.Kind == expected ? null : $"trapped {trap.Kind} ({trap.Message})";
        }
        return "did not trap";
    }

    private static string? RunTranscode(JsonElement c)
    {
        string s = c.GetProperty("string").GetString()!;
        string src = c.GetProperty("src").GetString()!;
        var dst = VectorJson.Encoding(c.GetProperty("dst").GetString());
        ComponentValue value;
        if (src == "host") value = ComponentValue.String(s);
        else
        {
            var bytes = VectorJson.Bytes(c.GetProperty("srcMem"));
            var srcMemory = new ArrayAbiMemory(bytes.Length + 256);
            bytes.CopyTo(srcMemory.Bytes, 0);
            var srcCx = new CanonicalOptions(srcMemory, null, VectorJson.Encoding(src));
            int i = 0;
            value = CanonicalAbi.LiftFlat(srcCx, Types.ValType.String, new ulong[] { 8, c.GetProperty("srcUnits").GetUInt32() }, ref i);
            if (value.AsString() != s) return $"lifted \"{value.AsString()}\"";
        }
        var heap = new BumpHeap(c.GetProperty("memSize").GetInt32(), c.GetProperty("heap").GetUInt32());
        var slots = new ulong[2];
        int k = 0;
        CanonicalAbi.LowerFlat(heap.Options(dst), Types.ValType.String, value, slots, ref k);
        if (slots[0] != c.GetProperty("ptr").GetUInt32() || slots[1] != c.GetProperty("units").GetUInt32())
            return $"lowered ({slots[0]}, 0x{slots[1]:x})";
        if (heap.Used != c.GetProperty("mem").GetString()) return $"memory {heap.Used}";
        var log = c.GetProperty("reallocs").EnumerateArray().Select(VectorJson.Slots).ToList();
        if (log.Count != heap.Log.Count || log.Zip(heap.Log).Any(p => !p.First.SequenceEqual(p.Second)))
            return "realloc calls " + string.Join(" ", heap.Log.Select(l => "(" + string.Join(",", l) + ")"));
        // and back: lifting what was lowered gives the string again
        k = 0;
        var back = CanonicalAbi.LiftFlat(heap.Options(dst), Types.ValType.String, slots, ref k);
        return back.AsString() == s ? null : "round trip differs";
    }

    private static string? RunFunc(JsonElement c)
    {
        var ps = c.GetProperty("params").EnumerateArray().Select(VectorJson.Type).ToArray();
        var r = c.GetProperty("result");
        var plan = FunctionAbiPlan.Create(ps, r.ValueKind == JsonValueKind.Null ? null : VectorJson.Type(r));
        string F(IReadOnlyList<CoreValType> t) => VectorJson.FlatTypes(t);
        if (F(plan.Lift.Params) != c.GetProperty("liftParams").GetString()) return "lift params " + F(plan.Lift.Params);
        if (F(plan.Lift.Results) != c.GetProperty("liftResults").GetString()) return "lift results " + F(plan.Lift.Results);
        if (F(plan.Lower.Params) != c.GetProperty("lowerParams").GetString()) return "lower params " + F(plan.Lower.Params);
        if (F(plan.Lower.Results) != c.GetProperty("lowerResults").GetString()) return "lower results " + F(plan.Lower.Results);
        if (plan.ParamsIndirect != c.GetProperty("paramsIndirect").GetBoolean()) return "params indirect";
        if (plan.ResultIndirect != c.GetProperty("resultIndirect").GetBoolean()) return "result indirect";
        if (plan.ParamAreaSize != c.GetProperty("paramSize").GetUInt32() || plan.ParamAreaAlignment != c.GetProperty("paramAlign").GetUInt32()) return "param area";
        if (plan.ResultAreaSize != c.GetProperty("resultSize").GetUInt32() || plan.ResultAreaAlignment != c.GetProperty("resultAlign").GetUInt32()) return "result area";
        return null;
    }

    private static string? RunLayout(JsonElement c)
    {
        var t = VectorJson.Type(c.GetProperty("type"));
        if (t.Size != c.GetProperty("size").GetUInt32()) return $"size {t.Size}";
        if (t.Alignment != c.GetProperty("align").GetUInt32()) return $"alignment {t.Alignment}";
        if (t.FlatCount != c.GetProperty("flatCount").GetInt64()) return $"flat count {t.FlatCount}";
        var ft = c.GetProperty("flatTypes");
        if (ft.ValueKind == JsonValueKind.Null ? t.FlatTypes is not null : (t.FlatTypes is null || VectorJson.FlatTypes(t.FlatTypes) != ft.GetString()))
            return "flat types " + (t.FlatTypes is null ? "null" : VectorJson.FlatTypes(t.FlatTypes));
        var offsets = c.GetProperty("offsets");
        if (offsets.ValueKind != JsonValueKind.Null && !t.FieldOffsets.SequenceEqual(offsets.EnumerateArray().Select(o => o.GetUInt32())))
            return "offsets " + string.Join(",", t.FieldOffsets);
        return null;
    }
}
