using System;
using System.Collections.Generic;
using WitBindgen.Runtime.Compilation;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Execution;

/// <summary>Links imports and builds an instance: globals, tables, memories, segments (in order, trapping
/// on out-of-bounds active segments), then the start function.</summary>
internal static class Instantiator
{
    /// <summary>Instantiates <paramref name="module"/>; <paramref name="created"/>, if given, records what the instance adds to
    /// the store (a component's instantiation gives it back if it fails later).</summary>
    /// <exception cref="LinkException">An import does not link, or the store's limits would be passed (then nothing was created).</exception>
    public static Instance Instantiate(Store store, Module module, Func<Import, Extern?> resolve, CreatedItems? created = null)
    {
        var definition = module.Definition;
        var compiled = module.Compiled;
        var context = new InstanceContext { Store = store, Module = compiled };
        var functions = new List<Function>();
        var tables = new List<Table>();
        var memories = new List<Memory>();
        var globals = new List<Global>();
        var tags = new List<Tag>();
        var ids = compiled.TypeIds;

        foreach (var import in definition.Imports)
        {
            var item = resolve(import) ?? throw new LinkException($"unknown import: {import.Module}::{import.Name} has not been defined");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    var expected = definition.Types[(int)import.FunctionTypeIndex];
                    if (item is not Function function || function.TypeId != ids[(int)import.FunctionTypeIndex])
                        throw Incompatible(import, $"expected func of type {expected}, found {Describe(item)}");
                    if (function.Context.HostDataType is { } dataType && !Function.IsStoreOf(store, dataType))
                        throw Incompatible(import, $"the host function takes a Caller<{dataType.Name}>, but the store is a {HostCalls.StoreName(store)}");
                    // A host function is called with this instance as its caller: direct calls, ref.func and the
                    // tables this instance fills use a copy bound to it (exports keep the host's function).
                    functions.Add(function.IsHost ? function.BindTo(context, $"{import.Module}::{import.Name}") : function);
                    break;
                case ExternalKind.Table:
                    if (item is not Table table || !table.IsCompatibleWith(Canonical(ids, import.Table!)))
                        throw Incompatible(import, $"expected table {import.Table}, found {Describe(item)}");
                    tables.Add(table);
                    break;
                case ExternalKind.Memory:
                    if (item is not Memory memory || !memory.IsCompatibleWith(import.Memory!))
                        throw Incompatible(import, $"expected memory {import.Memory}, found {Describe(item)}");
                    memories.Add(memory);
                    break;
                case ExternalKind.Tag:
                    // Tag types match exactly (they are used both ways: thrown and caught).
                    if (item is not Tag tag || tag.TypeId != ids[(int)import.FunctionTypeIndex])
                        throw Incompatible(import, $"expected tag of type {definition.Types[(int)import.FunctionTypeIndex]}, found {Describe(item)}");
                    tags.Add(tag);
                    break;
                default:
                    if (item is not Global global || !Matches(global.CoreType, Canonical(ids, import.Global!)))
                        throw Incompatible(import, $"expected global {import.Global}, found {Describe(item)}");
                    globals.Add(global);
                    break;
            }
        }

        // The store-wide limits are checked before anything is made, so a refused instance leaves nothing behind.
        store.AddInstance(definition.Memories.Length, definition.Tables.Length, MinimumBytes(definition.Memories));
        var own = new CreatedItems();
        var ownMemories = new List<Memory>(definition.Memories.Length);

        foreach (var type in definition.Tags) tags.Add(new Tag(definition.Types[(int)type], ids[(int)type]));

        // Defined functions exist before globals/segments so ref.func can name them.
        var imported = functions.Count;
        var ownTables = 0;
        for (var i = 0; i < definition.Functions.Length; i++)
        {
            var index = imported + i;
            definition.FunctionNames.TryGetValue((uint)index, out var name);
            functions.Add(new Function(compiled.FunctionTypes[index], compiled.FunctionPointers[i], context, name, ids[(int)definition.Functions[i]]));
        }
        try
        {
            for (var i = 0; i < definition.Tables.Length; i++)
            {
                var init = i < definition.TableInitializers.Length ? definition.TableInitializers[i] : null;
                // Initializers see imported globals only (defined globals do not exist yet).
                var initial = init is null ? default : ConstantEvaluator.Evaluate(init, globals, functions);
                tables.Add(new Table(store, Canonical(ids, definition.Tables[i]), initial));
                ownTables++;
            }
            foreach (var type in definition.Memories)
            {
                var memory = new Memory(store, type);
                memories.Add(memory);
                ownMemories.Add(memory);
            }
        }
        catch (Exception e)
        {
            // Nothing ran yet: what this instance made is given back whole.
            own.Add(ownMemories, ownTables);
            own.Release(store);
            if (e is ArgumentException) throw new LinkException(e.Message);
            throw;
        }
        created?.Add(ownMemories, ownTables);
        foreach (var global in definition.Globals)
        {
            var cell = new Global(Canonical(ids, global.Type));
            cell.SetCore(ConstantEvaluator.Evaluate(global.Init, globals, functions));
            globals.Add(cell);
        }

        context.Functions = functions.ToArray();
        context.Tables = tables.ToArray();
        context.Globals = globals.ToArray();
        context.Memories = memories.ToArray();
        context.Memory0 = memories.Count > 0 ? memories[0] : null;
        context.Tags = tags.ToArray();

        var elements = new object?[definition.Elements.Length][];
        for (var i = 0; i < elements.Length; i++)
        {
            var segment = definition.Elements[i];
            var items = new object?[segment.Count];
            for (var j = 0; j < items.Length; j++)
            {
                items[j] = segment.UsesFunctionIndices
                    ? functions[(int)segment.FunctionIndices[j]]
                    : ConstantEvaluator.Evaluate(segment.Expressions[j], globals, functions).Ref;
            }
            elements[i] = items;
        }
        context.ElementSegments = elements;
        var datas = new ReadOnlyMemory<byte>[definition.Datas.Length];
        for (var i = 0; i < datas.Length; i++) datas[i] = definition.Datas[i].Bytes;
        context.DataSegments = datas;

        var exports = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var export in definition.Exports)
        {
            exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => functions[(int)export.Index] is { Original: { } original } ? original : functions[(int)export.Index],
                ExternalKind.Table => tables[(int)export.Index],
                ExternalKind.Memory => memories[(int)export.Index],
                ExternalKind.Tag => tags[(int)export.Index],
                _ => globals[(int)export.Index],
            };
        }
        var instance = new Instance(module, context, exports);
        context.Instance = instance;

        for (var i = 0; i < elements.Length; i++)
        {
            var segment = definition.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = SegmentOffset(ConstantEvaluator.Evaluate(segment.Offset!, globals, functions));
                TableHelpers.Init(offset, 0, elements[i].Length, context, i, tables[(int)segment.TableIndex]);
            }
            if (segment.Mode != SegmentMode.Passive) TableHelpers.ElemDrop(context, i);
        }
        for (var i = 0; i < datas.Length; i++)
        {
            var segment = definition.Datas[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var offset = SegmentOffset(ConstantEvaluator.Evaluate(segment.Offset!, globals, functions));
            MemoryHelpers.Init(offset, 0, datas[i].Length, context, i, memories[(int)segment.MemoryIndex]);
            MemoryHelpers.DataDrop(context, i);
        }

        if (definition.Start is { } start) functions[(int)start].Invoke();
        return instance;
    }

    /// <summary>The bytes the memories need at their minimum sizes (saturating: a huge minimum fails the limits anyway).</summary>
    private static ulong MinimumBytes(System.Collections.Immutable.ImmutableArray<MemoryType> memories)
    {
        ulong bytes = 0;
        foreach (var m in memories) bytes += Math.Min(m.Limits.Min, uint.MaxValue) * Memory.PageSize;
        return bytes;
    }

    /// <summary>An active segment's offset: an i64 one (64-bit memory or table) is narrowed like the compiled code's operands.</summary>
    private static int SegmentOffset(WasmValue offset) => offset.Type == ValueKind.I64 ? MemoryHelpers.Saturate(offset.I64) : offset.I32;

    private static TableType Canonical(int[] ids, TableType type) =>
        type.ElementType.IsTypedReference() ? type with { ElementType = TypeRegistry.Canonical(ids, type.ElementType) } : type;

    private static GlobalType Canonical(int[] ids, GlobalType type) =>
        type.ValueType.IsTypedReference() ? type with { ValueType = TypeRegistry.Canonical(ids, type.ValueType) } : type;

    /// <summary>Global import matching: the same mutability; a mutable global's type equal, an immutable one's a subtype.</summary>
    private static bool Matches(GlobalType actual, GlobalType expected) =>
        actual.Mutable == expected.Mutable
        && (expected.Mutable ? actual.ValueType == expected.ValueType : TypeRegistry.Matches(actual.ValueType, expected.ValueType));

    private static LinkException Incompatible(Import import, string detail) =>
        new($"incompatible import type for {import.Module}::{import.Name}: {detail}");

    private static string Describe(Extern item) => item switch
    {
        Function f => $"func of type {f.CoreType}",
        Table t => $"table {t.CoreType}",
        Memory m => $"memory {m.CoreType}",
        Global g => $"global {g.CoreType}",
        Tag t => $"tag of type {t.CoreType}",
        _ => item.GetType().Name,
    };
}
