using WitBindgen.WitParser.Model;
using static WitBindgen.Generator.Tests.Support.ResolveBuilder;

namespace WitBindgen.Generator.Tests.Support;

/// <summary>Hand-built worlds covering every WASI 0.2 value kind plus map and fixed-length lists.</summary>
internal static class Samples
{
    /// <summary>
    /// <c>test:pkg/types</c> (imported) with every value kind, a resource and functions using them;
    /// <c>test:pkg/api</c> (exported) using the same types and an exported resource.
    /// </summary>
    public static (Resolve Resolve, Id<World> World) KitchenSink()
    {
        var b = new ResolveBuilder();
        var types = b.Interface("types", docs: "Types <shared> & used by \"both\" */ sides.");
        var point = b.Type(types, "point", new RecordKind(new[]
        {
            new Field("x", P(WitTypeKind.S32), "The x <coordinate>."),
            new Field("y", P(WitTypeKind.S32), null),
        }));
        var color = b.Type(types, "color", new EnumKind(new[] { new NamedCase("red", null), new NamedCase("green", null), new NamedCase("new", "a keyword") }));
        var perms = b.Type(types, "permissions", new FlagsKind(new[] { new NamedCase("read", null), new NamedCase("write", null), new NamedCase("exec", null) }));
        var listU8 = b.Anon(new ListKind(P(WitTypeKind.U8)));
        var listStr = b.Anon(new ListKind(P(WitTypeKind.String)));
        var optStr = b.Anon(new OptionKind(P(WitTypeKind.String)));
        var optU32 = b.Anon(new OptionKind(P(WitTypeKind.U32)));
        var optOptU32 = b.Anon(new OptionKind(optU32));
        var shape = b.Type(types, "shape", new VariantKind(new[]
        {
            new VariantCase("circle", P(WitTypeKind.F32), null),
            new VariantCase("rect", point, "A rectangle."),
            new VariantCase("value", P(WitTypeKind.String), null),
            new VariantCase("none", null, null),
        }));
        var tuple = b.Anon(new TupleKind(new[] { P(WitTypeKind.U64), P(WitTypeKind.String) }));
        var map = b.Anon(new MapKind(P(WitTypeKind.String), P(WitTypeKind.U32)));
        var fixedList = b.Anon(new FixedListKind(P(WitTypeKind.U16), 4));
        var listPoint = b.Anon(new ListKind(point));
        var errCode = b.Type(types, "error-code", new EnumKind(new[] { new NamedCase("denied", null), new NamedCase("not-found", null) }));
        var resultStr = b.Anon(new ResultKind(P(WitTypeKind.String), errCode));
        var resultUnit = b.Anon(new ResultKind(null, null));
        var everything = b.Type(types, "everything", new RecordKind(new[]
        {
            new Field("b", P(WitTypeKind.Bool), null), new Field("u8", P(WitTypeKind.U8), null), new Field("s16", P(WitTypeKind.S16), null),
            new Field("u64", P(WitTypeKind.U64), null), new Field("f64", P(WitTypeKind.F64), null), new Field("c", P(WitTypeKind.Char), null),
            new Field("bytes", listU8, null), new Field("names", listStr, null), new Field("maybe", optStr, null),
            new Field("nested", optOptU32, null), new Field("shape", shape, null), new Field("pair", tuple, null),
            new Field("map", map, null), new Field("fixed", fixedList, null), new Field("points", listPoint, null),
            new Field("color", color, null), new Field("perms", perms, null), new Field("everything", P(WitTypeKind.String), "same name as the record"),
            new Field("s8", P(WitTypeKind.S8), null), new Field("f32", P(WitTypeKind.F32), null),
            new Field("bools", b.Anon(new ListKind(P(WitTypeKind.Bool))), null), new Field("chars", b.Anon(new ListKind(P(WitTypeKind.Char))), null),
            new Field("single", b.Anon(new TupleKind(new[] { P(WitTypeKind.U8) })), null),
            new Field("outcome", b.Anon(new ResultKind(null, P(WitTypeKind.String))), null),
            new Field("maybe-point", b.Anon(new OptionKind(point)), null),
        }));
        var file = b.Type(types, "file", ResourceKind.Instance, "An open file.");
        var ownFile = b.Anon(new HandleKind(false, file.TypeId));
        var borrowFile = b.Anon(new HandleKind(true, file.TypeId));
        b.Func(types, "[constructor]file", new[] { ("path", P(WitTypeKind.String)) }, ownFile, FunctionKind.Constructor, file.TypeId);
        b.Func(types, "[method]file.read", new[] { ("self", borrowFile), ("len", P(WitTypeKind.U32)) }, listU8, FunctionKind.Method, file.TypeId);
        b.Func(types, "[static]file.open-default", System.Array.Empty<(string, WitType)>(), ownFile, FunctionKind.Static, file.TypeId);
        b.Func(types, "echo", new[] { ("value", everything) }, everything, docs: "Echoes <everything> & more.");
        b.Func(types, "add", new[] { ("a", P(WitTypeKind.U32)), ("b", P(WitTypeKind.U32)) }, P(WitTypeKind.U32));
        b.Func(types, "lookup", new[] { ("key", P(WitTypeKind.String)) }, resultStr);
        b.Func(types, "close", new[] { ("f", ownFile) }, resultUnit);
        b.Func(types, "size", new[] { ("f", borrowFile) }, P(WitTypeKind.U64));
        b.Func(types, "class", new[] { ("event", P(WitTypeKind.Bool)), ("object", optOptU32) }, optOptU32);
        b.Func(types, "classify", new[] { ("s", shape), ("c", color), ("p", perms), ("ch", P(WitTypeKind.Char)) }, tuple);

        var api = b.Interface("api");
        var counter = b.Type(api, "counter", ResourceKind.Instance);
        var ownCounter = b.Anon(new HandleKind(false, counter.TypeId));
        var borrowCounter = b.Anon(new HandleKind(true, counter.TypeId));
        var usePoint = b.Type(api, "point", new AliasKind(point));
        b.Func(api, "[constructor]counter", new[] { ("start", P(WitTypeKind.U32)) }, ownCounter, FunctionKind.Constructor, counter.TypeId);
        b.Func(api, "[method]counter.increment", new[] { ("self", borrowCounter) }, P(WitTypeKind.U32), FunctionKind.Method, counter.TypeId);
        b.Func(api, "[static]counter.merge", new[] { ("a", borrowCounter), ("b", ownCounter) }, ownCounter, FunctionKind.Static, counter.TypeId);
        b.Func(api, "run", new[] { ("p", usePoint), ("s", shape), ("bytes", listU8) }, resultStr);
        b.Func(api, "greet", new[] { ("name", P(WitTypeKind.String)) }, P(WitTypeKind.String));
        b.Func(api, "sum", new[] { ("values", listPoint), ("m", map) }, P(WitTypeKind.S64));
        b.Func(api, "echo-all", new[] { ("value", everything) }, everything);
        b.Func(api, "classify-all", new[] { ("s", shape), ("c", color), ("p", perms), ("ch", P(WitTypeKind.Char)) }, tuple);
        b.Func(api, "maybe", new[] { ("x", optOptU32), ("y", optStr) }, resultStr);
        b.Func(api, "inspect", new[] { ("f", borrowFile), ("more", b.Anon(new ListKind(borrowFile))) }, P(WitTypeKind.U32));
        var world = b.World("kitchen-sink", new[] { types }, new[] { api });
        // A world-level export whose fixed-length list travels as flat values (not through memory).
        var tick = new Function("tick", FunctionKind.Freestanding, null,
            new[] { new Param("pair", b.Anon(new FixedListKind(P(WitTypeKind.U16), 2))), new Param("scale", P(WitTypeKind.F64)) }, P(WitTypeKind.F64));
        b.Resolve.Worlds[world].Exports[WorldKey.Named("tick")] = new FunctionWorldItem(tick);
        return (b.Resolve, world);
    }
}
