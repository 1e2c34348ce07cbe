using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.CoreWasm.Binary;

using Global = WitBindgen.CoreWasm.Modules.Global;

/// <summary>Decodes a core WebAssembly module binary into a <see cref="ModuleDefinition"/>.</summary>
internal static class ModuleReader
{
    private const int MaxLocals = 50000;

    /// <summary>Decodes <paramref name="wasm"/>; throws <see cref="WasmDecodeException"/> when it is malformed.</summary>
    public static ModuleDefinition Read(ReadOnlySpan<byte> wasm)
    {
        var state = new ReaderState(wasm.ToArray());
        return ReadModule(new WasmReader(state.Bytes) { Deferred = state.Deferred }, state);
    }

    private sealed class ReaderState
    {
        public ReaderState(byte[] bytes) => Bytes = bytes;

        public readonly byte[] Bytes;
        public readonly List<FunctionType> Types = new();
        public readonly List<DefinedType> TypeDefs = new();
        public readonly List<Import> Imports = new();
        public readonly List<uint> Functions = new();
        public readonly List<TableType> Tables = new();
        public readonly List<ConstantExpression?> TableInitializers = new();
        public readonly List<MemoryType> Memories = new();
        public readonly List<Global> Globals = new();
        public readonly List<Export> Exports = new();
        public readonly List<ElementSegment> Elements = new();
        public readonly List<DataSegment> Datas = new();
        public readonly List<FunctionBody> Codes = new();
        public readonly List<CustomSection> Customs = new();
        public readonly Dictionary<uint, string> FunctionNames = new();
        public readonly DeferredError Deferred = new();
        public string? ModuleName;
        public uint? Start;
        public uint? DataCount;
        public readonly List<uint> Tags = new();
        public uint TagCount;
        public bool SawCode;
        public bool SawData;
        public bool SawFunction;
    }

    private static ModuleDefinition ReadModule(WasmReader c, ReaderState s)
    {
        ReadHeader(c);
        var lastOrder = 0;
        while (c.Position < c.Length)
        {
            c.Section = null;
            c.Limit = c.Length;
            c.EndMessage = "unexpected end";
            var idOffset = c.Position;
            var id = c.ReadByte();
            var size = c.ReadLength();
            var start = c.Position;
            var end = start + size;
            if (id != 0)
            {
                var order = SectionOrder(id);
                if (order == 0)
                {
                    throw new WasmDecodeException("malformed section id", null, idOffset);
                }
                if (order <= lastOrder) throw new WasmDecodeException("unexpected content after last section", SectionName(id), idOffset);
                lastOrder = order;
            }
            // Like the reference interpreter, contents are read up to the end of the module and the
            // declared size is checked afterwards ("section size mismatch").
            c.Section = SectionName(id);
            c.EndMessage = "unexpected end of section or function";
            switch (id)
            {
                case 0: ReadCustom(c, s, end); break;
                case 1: ReadTypes(c, s); break;
                case 2: ReadImports(c, s); break;
                case 3: ReadFunctions(c, s); break;
                case 4: ReadTables(c, s); break;
                case 5: ReadMemories(c, s); break;
                case 6: ReadGlobals(c, s); break;
                case 7: ReadExports(c, s); break;
                case 8: s.Start = c.ReadU32(); break;
                case 9: ReadElements(c, s); break;
                case 10: ReadCode(c, s); break;
                case 11: ReadData(c, s); break;
                case 12: s.DataCount = c.ReadU32(); break;
                case 13: ReadTags(c, s); break;
            }
            if (c.Position != end) throw c.Error("section size mismatch");
        }
        c.Section = null;
        if (s.Codes.Count != s.Functions.Count)
            throw c.Error("function and code section have inconsistent lengths");
        if (s.DataCount is { } dc && dc != (uint)s.Datas.Count)
            throw c.Error("data count and data section have inconsistent lengths");
        if (s.Deferred.Reason is { } unsupported) throw new WasmDecodeException(unsupported, s.Deferred.Section, s.Deferred.Offset);

        return new ModuleDefinition
        {
            Types = s.Types.ToImmutableArray(),
            Imports = s.Imports.ToImmutableArray(),
            Functions = s.Functions.ToImmutableArray(),
            Tables = s.Tables.ToImmutableArray(),
            TableInitializers = s.TableInitializers.ToImmutableArray(),
            Memories = s.Memories.ToImmutableArray(),
            Globals = s.Globals.ToImmutableArray(),
            Exports = s.Exports.ToImmutableArray(),
            Start = s.Start,
            Elements = s.Elements.ToImmutableArray(),
            Datas = s.Datas.ToImmutableArray(),
            DataCount = s.DataCount,
            Codes = s.Codes.ToImmutableArray(),
            ModuleName = s.ModuleName,
            FunctionNames = s.FunctionNames,
            CustomSections = s.Customs.ToImmutableArray(),
            Tags = s.Tags.ToImmutableArray(),
            TypeDefs = s.TypeDefs.ToImmutableArray(),
            GcUseOffset = s.Deferred.GcOffset,
        };
    }

    private static void ReadHeader(WasmReader c)
    {
        if (c.Length < 4) throw new WasmDecodeException("unexpected end", null, c.Length);
        var magic = c.ReadBytes(4);
        if (magic[0] != 0x00 || magic[1] != 0x61 || magic[2] != 0x73 || magic[3] != 0x6D) throw c.Error("magic header not detected", 0);
        if (c.Length < 8) throw new WasmDecodeException("unexpected end", null, c.Length);
        var version = c.ReadBytes(4);
        if (version[0] == 0x0D && version[1] == 0x00 && version[2] == 0x01 && version[3] == 0x00)
            throw c.Error("unsupported feature: component (this is a component binary, not a core module)", 4);
        if (version[0] != 1 || version[1] != 0 || version[2] != 0 || version[3] != 0) throw c.Error("unknown binary version", 4);
    }

    /// <summary>The required position of a non-custom section (0 when the id is unknown).</summary>
    private static int SectionOrder(byte id) => id switch
    {
        1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 13 => 6, 6 => 7, 7 => 8, 8 => 9, 9 => 10, 12 => 11, 10 => 12, 11 => 13,
        _ => 0,
    };

    internal static string SectionName(byte id) => id switch
    {
        0 => "custom", 1 => "type", 2 => "import", 3 => "function", 4 => "table", 5 => "memory", 6 => "global",
        7 => "export", 8 => "start", 9 => "element", 10 => "code", 11 => "data", 12 => "data count", 13 => "tag",
        _ => "unknown",
    };

    private static void ReadCustom(WasmReader c, ReaderState s, int end)
    {
        var name = c.ReadName();
        var start = c.Position;
        if (start > end) throw c.Error("unexpected end", end);
        c.Position = end;
        var data = new ReadOnlyMemory<byte>(s.Bytes, start, end - start);
        s.Customs.Add(new CustomSection(name, data));
        if (name == "name") NameSectionReader.TryRead(s.Bytes, start, end, s.FunctionNames, ref s.ModuleName);
    }

    private static void ReadTypes(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var formOffset = c.Position;
            var form = c.ReadByte();
            if ((form & 0x80) != 0) throw c.Error("integer representation too long", formOffset);
            if (form == 0x4E)
            {
                c.MarkGc(formOffset);
                var members = c.ReadCount();
                var recStart = s.Types.Count;
                for (var k = 0; k < members; k++) ReadSubType(c, s, c.Position, c.ReadByte(), recStart, members);
            }
            else
            {
                ReadSubType(c, s, formOffset, form, s.Types.Count, 1);
            }
        }
    }

    // A sub type: optional sub/sub final with its supertypes, then a function, struct or array type. Struct and
    // array types stand in the function type list as empty function types so that type indices stay in step.
    private static void ReadSubType(WasmReader c, ReaderState s, int formOffset, byte form, int recStart, int recSize)
    {
        var final = true;
        var supertype = -1;
        var supertypeCount = 0;
        if (form is 0x50 or 0x4F)
        {
            c.MarkGc(formOffset);
            final = form == 0x4F;
            supertypeCount = c.ReadCount();
            for (var k = 0; k < supertypeCount; k++)
            {
                var index = c.ReadU32();
                if (k == 0) supertype = index > int.MaxValue ? int.MaxValue : (int)index;
            }
            formOffset = c.Position;
            form = c.ReadByte();
        }
        DefinedType def;
        switch (form)
        {
            case 0x60:
                var parameters = ReadValueTypes(c);
                var results = ReadValueTypes(c);
                var function = new FunctionType(parameters, results);
                s.Types.Add(function);
                s.TypeDefs.Add(new DefinedType { Final = final, Supertype = supertype, SupertypeCount = supertypeCount, RecStart = recStart, RecSize = recSize, Function = function });
                return;
            case 0x5F:
            {
                c.MarkGc(formOffset);
                var count = c.ReadCount();
                var fields = ImmutableArray.CreateBuilder<FieldType>(Math.Min(count, c.Remaining));
                for (var k = 0; k < count; k++) fields.Add(ReadFieldType(c));
                def = new DefinedType { Kind = CompositeKind.Struct, Fields = fields.ToImmutable(), Final = final, Supertype = supertype, SupertypeCount = supertypeCount, RecStart = recStart, RecSize = recSize };
                break;
            }
            case 0x5E:
                c.MarkGc(formOffset);
                def = new DefinedType { Kind = CompositeKind.Array, Fields = ImmutableArray.Create(ReadFieldType(c)), Final = final, Supertype = supertype, SupertypeCount = supertypeCount, RecStart = recStart, RecSize = recSize };
                break;
            case 0x5D:
                throw c.Unsupported("stack switching (continuation types)", formOffset);
            case 0x65:
                throw c.Unsupported("shared-everything threads (shared types)", formOffset);
            default:
                if ((form & 0x80) != 0) throw c.Error("integer representation too long", formOffset);
                throw c.Error("malformed function type", formOffset);
        }
        s.Types.Add(FunctionType.Empty);
        s.TypeDefs.Add(def);
    }

    /// <summary>A struct field or array element: a storage type (a value type or i8/i16) and its mutability.</summary>
    private static FieldType ReadFieldType(WasmReader c)
    {
        var offset = c.Position;
        var storage = c.ReadByte();
        var type = storage switch
        {
            0x78 => ValueTypes.I8,
            0x77 => ValueTypes.I16,
            _ => ValueTypeFromByte(c, storage, offset, "malformed value type"),
        };
        var mutOffset = c.Position;
        var mutability = c.ReadByte();
        if (mutability > 1) throw c.Error("malformed mutability", mutOffset);
        return new FieldType(type, mutability == 1);
    }

    /// <summary>A tag type: attribute 0 (exception) and the index of its function type.</summary>
    private static uint ReadTagType(WasmReader c)
    {
        var attributeOffset = c.Position;
        if (c.ReadByte() != 0x00) throw c.Error("malformed tag attribute", attributeOffset);
        return c.ReadU32();
    }

    private static void ReadTags(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++) s.Tags.Add(ReadTagType(c));
        s.TagCount += (uint)count;
    }

    private static ImmutableArray<Modules.ValueType> ReadValueTypes(WasmReader c)
    {
        var count = c.ReadCount();
        var builder = ImmutableArray.CreateBuilder<Modules.ValueType>(Math.Min(count, c.Remaining));
        for (var i = 0; i < count; i++) builder.Add(ReadValueType(c));
        return builder.ToImmutable();
    }

    internal static Modules.ValueType ReadValueType(WasmReader c)
    {
        var offset = c.Position;
        var b = c.ReadByte();
        return ValueTypeFromByte(c, b, offset, "malformed value type");
    }

    internal static Modules.ValueType ValueTypeFromByte(WasmReader c, byte b, int offset, string malformed)
    {
        switch (b)
        {
            case 0x7F: return Modules.ValueType.I32;
            case 0x7E: return Modules.ValueType.I64;
            case 0x7D: return Modules.ValueType.F32;
            case 0x7C: return Modules.ValueType.F64;
            case 0x7B: return Modules.ValueType.V128;
            case 0x70: return Modules.ValueType.FuncRef;
            case 0x6F: return Modules.ValueType.ExternRef;
            // Typed references (function references): (ref null? heap). (ref null func) and (ref null extern)
            // are funcref and externref spelled out.
            case 0x63 or 0x64:
                return Modules.ValueTypes.Ref(b == 0x63, ReadHeapType(c));
            case 0x73: return Modules.ValueTypes.Ref(true, Modules.ValueTypes.HeapNoFunc);
            case 0x72: return Modules.ValueTypes.Ref(true, Modules.ValueTypes.HeapNoExtern);
            case 0x69: return Modules.ValueTypes.ExnRef;
            case 0x74: return Modules.ValueTypes.Ref(true, Modules.ValueTypes.HeapNoExn);
            case 0x6E or 0x6D or 0x6C or 0x6B or 0x6A or 0x71:
                c.MarkGc(offset);
                return Modules.ValueTypes.Ref(true, Modules.ValueTypes.AbstractFlag | b);
            case 0x68 or 0x75: throw c.Unsupported(StackSwitchingHeap, offset);
            default: throw c.Error(malformed, offset);
        }
    }

    /// <summary>A heap type (s33): a type index, or an abstract heap type the engine's proposals know
    /// (<see cref="Modules.ValueTypes.HeapFunc"/>..., GC's any/eq/i31/struct/array/none).</summary>
    internal static int ReadHeapType(WasmReader c)
    {
        var offset = c.Position;
        var value = c.ReadS33();
        if (value >= 0) return value > Modules.ValueTypes.MaxTypeIndex ? Modules.ValueTypes.MaxTypeIndex : (int)value;
        return (value & 0x7F) switch
        {
            _ when value < -0x40 => throw c.Error("malformed reference type", offset),
            0x70 => Modules.ValueTypes.HeapFunc,
            0x6F => Modules.ValueTypes.HeapExtern,
            0x73 => Modules.ValueTypes.HeapNoFunc,
            0x72 => Modules.ValueTypes.HeapNoExtern,
            0x69 => Modules.ValueTypes.HeapExn,
            0x74 => Modules.ValueTypes.HeapNoExn,
            0x6E or 0x6D or 0x6C or 0x6B or 0x6A or 0x71 => GcHeapType(c, (int)(value & 0x7F), offset),
            0x68 or 0x75 => throw c.Unsupported(StackSwitchingHeap, offset),
            _ => throw c.Error("malformed reference type", offset),
        };
    }

    /// <summary>The engine knows <c>cont</c>/<c>nocont</c> (component core types use them) but runs no stack switching.</summary>
    private const string StackSwitchingHeap = "stack switching (continuation heap types)";

    private static int GcHeapType(WasmReader c, int code, int offset)
    {
        c.MarkGc(offset);
        return Modules.ValueTypes.AbstractFlag | code;
    }

    internal static Modules.ValueType ReadReferenceType(WasmReader c)
    {
        var offset = c.Position;
        var b = c.ReadByte();
        var type = ValueTypeFromByte(c, b, offset, "malformed reference type");
        if (!type.IsReference()) throw c.Error("malformed reference type", offset);
        return type;
    }

    private static void ReadImports(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var module = c.ReadName();
            var name = c.ReadName();
            var kindOffset = c.Position;
            var kind = c.ReadByte();
            switch (kind)
            {
                case 0:
                    s.Imports.Add(new Import(module, name, ExternalKind.Function, c.ReadU32(), null, null, null));
                    break;
                case 1:
                    s.Imports.Add(new Import(module, name, ExternalKind.Table, 0, ReadTableType(c), null, null));
                    break;
                case 2:
                    s.Imports.Add(new Import(module, name, ExternalKind.Memory, 0, null, ReadMemoryType(c), null));
                    break;
                case 3:
                    s.Imports.Add(new Import(module, name, ExternalKind.Global, 0, null, null, ReadGlobalType(c)));
                    break;
                case 4:
                    s.Imports.Add(new Import(module, name, ExternalKind.Tag, ReadTagType(c), null, null, null));
                    s.TagCount++;
                    break;
                default:
                    throw c.Error("malformed import kind", kindOffset);
            }
        }
    }

    private static void ReadFunctions(WasmReader c, ReaderState s)
    {
        s.SawFunction = true;
        var count = c.ReadCount();
        for (var i = 0; i < count; i++) s.Functions.Add(c.ReadU32());
    }

    private static TableType ReadTableType(WasmReader c)
    {
        var elementType = ReadReferenceType(c);
        var limits = ReadLimits(c, isMemory: false);
        return new TableType(elementType, limits);
    }

    private static MemoryType ReadMemoryType(WasmReader c) => new(ReadLimits(c, isMemory: true));

    private static Limits ReadLimits(WasmReader c, bool isMemory)
    {
        var flagsOffset = c.Position;
        var flags = c.ReadByte();
        switch (flags)
        {
            case 0x00 or 0x01 or 0x04 or 0x05:
                break;
            case 0x02 or 0x03 or 0x06 or 0x07:
                if (!isMemory) throw c.Error("malformed limits flags", flagsOffset);
                c.Defer("threads (shared memory)", flagsOffset);
                break;
            default:
                throw c.Error("malformed limits flags", flagsOffset);
        }
        var is64 = (flags & 4) != 0;
        var min = ReadLimitValue(c, isMemory, is64);
        ulong? max = (flags & 1) != 0 ? ReadLimitValue(c, isMemory, is64) : null;
        return new Limits(min, max, is64);
    }

    /// <summary>Limits are u64 in the binary; for a 32-bit memory or table, values beyond 32 bits make the module invalid.</summary>
    private static ulong ReadLimitValue(WasmReader c, bool isMemory, bool is64)
    {
        var offset = c.Position;
        var value = c.ReadU64();
        if (!is64 && value > uint.MaxValue)
        {
            if (isMemory) throw new WasmValidationException("memory size must be at most 65536 pages (4GiB)", c.Section + " section", offset);
            throw new WasmValidationException("table size must be at most 2^32-1", c.Section + " section", offset);
        }
        return value;
    }

    private static GlobalType ReadGlobalType(WasmReader c)
    {
        var type = ReadValueType(c);
        var mutOffset = c.Position;
        var mutability = c.ReadByte();
        return mutability switch
        {
            0 => new GlobalType(type, false),
            1 => new GlobalType(type, true),
            2 or 3 => SharedGlobal(c, type, mutability == 3, mutOffset),
            _ => throw c.Error("malformed mutability", mutOffset),
        };
    }

    private static GlobalType SharedGlobal(WasmReader c, Modules.ValueType type, bool mutable, int offset)
    {
        c.Defer("threads (shared globals)", offset);
        return new GlobalType(type, mutable);
    }

    private static void ReadTables(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            if (c.PeekByte() == 0x40)
            {
                c.ReadByte();
                var reservedOffset = c.Position;
                if (c.ReadByte() != 0x00) throw c.Error("malformed table", reservedOffset);
                s.Tables.Add(ReadTableType(c));
                s.TableInitializers.Add(ReadConstantExpression(c, s));
            }
            else
            {
                s.Tables.Add(ReadTableType(c));
                s.TableInitializers.Add(null);
            }
        }
    }

    private static void ReadMemories(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++) s.Memories.Add(ReadMemoryType(c));
    }

    private static void ReadGlobals(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var type = ReadGlobalType(c);
            var init = ReadConstantExpression(c, s);
            s.Globals.Add(new Global(type, init));
        }
    }

    private static void ReadExports(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var name = c.ReadName();
            var kindOffset = c.Position;
            var kind = c.ReadByte();
            if (kind > 4) throw c.Error("malformed export kind", kindOffset);
            s.Exports.Add(new Export(name, (ExternalKind)kind, c.ReadU32()));
        }
    }

    private static void ReadElements(WasmReader c, ReaderState s)
    {
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var flagsOffset = c.Position;
            var flags = c.ReadU32();
            if (flags > 7) throw c.Error("malformed elements segment kind", flagsOffset);
            var mode = (flags & 1) == 0 ? SegmentMode.Active : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
            uint table = 0;
            ConstantExpression? offset = null;
            if (mode == SegmentMode.Active)
            {
                if ((flags & 2) != 0) table = c.ReadU32();
                offset = ReadConstantExpression(c, s);
            }
            var usesExpressions = (flags & 4) != 0;
            var elementType = Modules.ValueType.FuncRef;
            if ((flags & 3) != 0)
            {
                if (usesExpressions)
                {
                    elementType = ReadReferenceType(c);
                }
                else
                {
                    var kindOffset = c.Position;
                    if (c.ReadByte() != 0x00) throw c.Error("malformed element kind", kindOffset);
                }
            }
            var n = c.ReadCount();
            if (usesExpressions)
            {
                var items = ImmutableArray.CreateBuilder<ConstantExpression>(Math.Min(n, c.Remaining));
                for (var k = 0; k < n; k++) items.Add(ReadConstantExpression(c, s));
                s.Elements.Add(new ElementSegment(mode, table, offset, elementType, default, items.ToImmutable()));
            }
            else
            {
                var items = ImmutableArray.CreateBuilder<uint>(Math.Min(n, c.Remaining));
                for (var k = 0; k < n; k++) items.Add(c.ReadU32());
                s.Elements.Add(new ElementSegment(mode, table, offset, elementType, items.ToImmutable(), default));
            }
        }
    }

    private static void ReadData(WasmReader c, ReaderState s)
    {
        s.SawData = true;
        var count = c.ReadCount();
        if (s.DataCount is { } dc && dc != (uint)count) throw c.Error("data count and data section have inconsistent lengths");
        for (var i = 0; i < count; i++)
        {
            var flagsOffset = c.Position;
            var flags = c.ReadU32();
            SegmentMode mode;
            uint memory = 0;
            ConstantExpression? offset = null;
            switch (flags)
            {
                case 0:
                    mode = SegmentMode.Active;
                    offset = ReadConstantExpression(c, s);
                    break;
                case 1:
                    mode = SegmentMode.Passive;
                    break;
                case 2:
                    mode = SegmentMode.Active;
                    memory = c.ReadU32();
                    offset = ReadConstantExpression(c, s);
                    break;
                default:
                    throw c.Error("malformed data segment kind", flagsOffset);
            }
            var length = c.ReadCount();
            var start = c.Position;
            c.ReadBytes(length);
            s.Datas.Add(new DataSegment(mode, memory, offset, new ReadOnlyMemory<byte>(s.Bytes, start, length)));
        }
    }

    private static void ReadCode(WasmReader c, ReaderState s)
    {
        s.SawCode = true;
        var count = c.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var bodyOffset = c.Position;
            var size = c.ReadLength();
            var bodyEnd = c.Position + size;
            var locals = ReadLocals(c);
            var instructions = new CodeReader(s.DataCount.HasValue, s.Deferred, s.TagCount);
            var body = instructions.ReadBody(c, locals, bodyOffset, size);
            if (c.Position != bodyEnd) throw c.Error("section size mismatch");
            s.Codes.Add(body);
        }
    }

    private static ImmutableArray<Modules.ValueType> ReadLocals(WasmReader c)
    {
        var groups = c.ReadCount();
        ulong total = 0;
        var builder = ImmutableArray.CreateBuilder<Modules.ValueType>();
        for (var g = 0; g < groups; g++)
        {
            var countOffset = c.Position;
            var n = c.ReadU32();
            total += n;
            if (total > MaxLocals) throw c.Error("too many locals", countOffset);
            var type = ReadValueType(c);
            for (var k = 0; k < n; k++) builder.Add(type);
        }
        return builder.ToImmutable();
    }

    private static ConstantExpression ReadConstantExpression(WasmReader c, ReaderState s)
    {
        var reader = new CodeReader(s.DataCount.HasValue, s.Deferred, s.TagCount);
        return new ConstantExpression(reader.ReadConstant(c));
    }
}
