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
        // Every index space is sized up front (imports counted by kind) and filled in place: no lists to grow and copy.
        int importedFunctions = 0, importedTables = 0, importedMemories = 0, importedGlobals = 0, importedTags = 0;
        foreach (var import in definition.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: importedFunctions++; break;
                case ExternalKind.Table: importedTables++; break;
                case ExternalKind.Memory: importedMemories++; break;
                case ExternalKind.Tag: importedTags++; break;
                default: importedGlobals++; break;
            }
        }
        var functions = Allocate<Function>(importedFunctions + definition.Functions.Length);
        var tables = Allocate<Table>(importedTables + definition.Tables.Length);
        var memories = Allocate<Memory>(importedMemories + definition.Memories.Length);
        var globals = Allocate<Global>(importedGlobals + definition.Globals.Length);
        var tags = Allocate<Tag>(importedTags + definition.Tags.Length);
        int functionCount = 0, tableCount = 0, memoryCount = 0, globalCount = 0, tagCount = 0;
        var ids = compiled.TypeIds;

        foreach (var import in definition.Imports)
        {
            var item = resolve(import) ?? throw new LinkException($"unknown import: {import.Module}::{import.Name} has not been defined");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    var expected = definition.Types[(int)import.FunctionTypeIndex];
                    if (item is not Function function || !TypeRegistry.IsSubtype(function.TypeId, ids[(int)import.FunctionTypeIndex]))
                        throw Incompatible(import, $"expected func of type {expected}, found {Describe(item)}");
                    if (function.Context.HostDataType is { } dataType && !Function.IsStoreOf(store, dataType))
                        throw Incompatible(import, $"the host function takes a Caller<{dataType.Name}>, but the store is a {HostCalls.StoreName(store)}");
                    // A host function is called with this instance as its caller: direct calls, ref.func and the
                    // tables this instance fills use a copy bound to it (exports keep the host's function). A function
                    // the runtime made for one component instance (canon lower, resource.new...) needs no caller.
                    functions[functionCount++] = !function.IsHost ? function
                        : function.Context.CallerFree ? function.Named(import)
                        : function.BindTo(context, import);
                    break;
                case ExternalKind.Table:
                    if (item is not Table table || !table.IsCompatibleWith(Canonical(ids, import.Table!)))
                        throw Incompatible(import, $"expected table {import.Table}, found {Describe(item)}");
                    tables[tableCount++] = table;
                    break;
                case ExternalKind.Memory:
                    if (item is not Memory memory || !memory.IsCompatibleWith(import.Memory!))
                        throw Incompatible(import, $"expected memory {import.Memory}, found {Describe(item)}");
                    memories[memoryCount++] = memory;
                    break;
                case ExternalKind.Tag:
                    // Tag types match exactly (they are used both ways: thrown and caught).
                    if (item is not Tag tag || tag.TypeId != ids[(int)import.FunctionTypeIndex])
                        throw Incompatible(import, $"expected tag of type {definition.Types[(int)import.FunctionTypeIndex]}, found {Describe(item)}");
                    tags[tagCount++] = tag;
                    break;
                default:
                    if (item is not Global global || !Matches(global.CoreType, Canonical(ids, import.Global!)))
                        throw Incompatible(import, $"expected global {import.Global}, found {Describe(item)}");
                    globals[globalCount++] = global;
                    break;
            }
        }

        // The store-wide limits are checked before anything is made, so a refused instance leaves nothing behind.
        store.AddInstance(definition.Memories.Length, definition.Tables.Length, MinimumBytes(definition.Memories));

        foreach (var type in definition.Tags) tags[tagCount++] = new Tag(definition.Types[(int)type], ids[(int)type]);

        // Defined functions exist before globals/segments so ref.func can name them.
        for (var i = 0; i < definition.Functions.Length; i++)
        {
            var index = importedFunctions + i;
            definition.FunctionNames.TryGetValue((uint)index, out var name);
            functions[functionCount++] = new Function(compiled.FunctionTypes[index], compiled.InitialCode(i), context, name, ids[(int)definition.Functions[i]]) { DefinedIndex = i };
        }
        try
        {
            for (var i = 0; i < definition.Tables.Length; i++)
            {
                var init = i < definition.TableInitializers.Length ? definition.TableInitializers[i] : null;
                // Initializers see imported globals only (defined globals do not exist yet).
                var initial = init is null ? default : ConstantEvaluator.Evaluate(init, globals, functions, ids);
                var table = new Table(store, Canonical(ids, definition.Tables[i]), initial);
                tables[tableCount++] = table; // counted once made: a failure above leaves no empty slot to release
            }
            foreach (var type in definition.Memories)
            {
                var memory = new Memory(store, type);
                memories[memoryCount++] = memory;
            }
        }
        catch (Exception e)
        {
            // Nothing ran yet: what this instance made is given back whole.
            var own = new CreatedItems();
            own.Add(memories.AsSpan(importedMemories, memoryCount - importedMemories), tableCount - importedTables);
            own.Release(store);
            if (e is ArgumentException) throw new LinkException(e.Message);
            throw;
        }
        created?.Add(memories.AsSpan(importedMemories), definition.Tables.Length);
        foreach (var global in definition.Globals)
        {
            var cell = new Global(Canonical(ids, global.Type));
            cell.SetCore(ConstantEvaluator.Evaluate(global.Init, globals, functions, ids));
            globals[globalCount++] = cell;
        }

        context.Functions = functions;
        context.Tables = tables;
        context.Globals = globals;
        context.Memories = memories;
        context.Memory0 = memories.Length > 0 ? memories[0] : null;
        context.Tags = tags;

        var elements = Allocate<object?[]>(definition.Elements.Length);
        for (var i = 0; i < elements.Length; i++)
        {
            var segment = definition.Elements[i];
            var items = new object?[segment.Count];
            for (var j = 0; j < items.Length; j++)
            {
                items[j] = segment.UsesFunctionIndices
                    ? functions[(int)segment.FunctionIndices[j]]
                    : ConstantEvaluator.Evaluate(segment.Expressions[j], globals, functions, ids).Ref;
            }
            elements[i] = items;
        }
        context.ElementSegments = elements;
        var datas = Allocate<ReadOnlyMemory<byte>>(definition.Datas.Length);
        for (var i = 0; i < datas.Length; i++) datas[i] = definition.Datas[i].Bytes;
        context.DataSegments = datas;

        var instance = new Instance(module, context);
        context.Instance = instance;

        for (var i = 0; i < elements.Length; i++)
        {
            var segment = definition.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = SegmentOffset(ConstantEvaluator.Evaluate(segment.Offset!, globals, functions, ids));
                TableHelpers.Init(offset, 0, elements[i].Length, context, i, tables[(int)segment.TableIndex]);
            }
            if (segment.Mode != SegmentMode.Passive) TableHelpers.ElemDrop(context, i);
        }
        for (var i = 0; i < datas.Length; i++)
        {
            var segment = definition.Datas[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var offset = SegmentOffset(ConstantEvaluator.Evaluate(segment.Offset!, globals, functions, ids));
            MemoryHelpers.Init(offset, 0, datas[i].Length, context, i, memories[(int)segment.MemoryIndex]);
            MemoryHelpers.DataDrop(context, i);
        }

        if (definition.Start is { } start) functions[(int)start].Invoke();
        return instance;
    }

    private static T[] Allocate<T>(int length) => length == 0 ? Array.Empty<T>() : new T[length];

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
