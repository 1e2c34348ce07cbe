using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Reads a component binary into <see cref="ComponentBinary"/>: every section, nested components, and the 13 index
/// spaces. Indices are checked against the spaces as they are built (outer aliases against the enclosing
/// components), so a reference to something not yet defined is reported with its section and byte offset as a
/// <see cref="ComponentFormatException"/>.
/// </summary>
public static class ComponentReader
{
    /// <summary>The component preamble (magic, version 0x0d, layer 1).</summary>
    public static readonly byte[] Preamble = { 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00 };

    private const int MaxDepth = 64;

    /// <summary>Whether the bytes start with a component preamble (as opposed to a core module).</summary>
    public static bool IsComponent(byte[] bytes) =>
        bytes.Length >= 8 && bytes[0] == 0 && bytes[1] == 0x61 && bytes[2] == 0x73 && bytes[3] == 0x6d && bytes[6] == 1 && bytes[7] == 0;

    /// <summary>Whether the bytes start with a core module preamble.</summary>
    public static bool IsCoreModule(byte[] bytes) =>
        bytes.Length >= 8 && bytes[0] == 0 && bytes[1] == 0x61 && bytes[2] == 0x73 && bytes[3] == 0x6d && bytes[4] == 1 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0;

    /// <summary>
    /// Reads a whole component. With <paramref name="validate"/> (the default) the local validity rules of type
    /// definitions and names are checked too, and the whole component is type-checked afterwards
    /// (<see cref="Validation.ComponentValidator"/>); decoding WIT turns them off so that WIT the component model
    /// cannot express (an empty record) still round-trips.
    /// </summary>
    public static ComponentBinary Read(byte[] bytes, bool validate = true)
    {
        var r = ComponentBytes.Reader(bytes);
        var component = ReadComponent(r, new List<ComponentIndexSpaces>(), 0, validate);
        if (!r.AtEnd) throw r.Error("trailing bytes after the component");
        if (validate) Validation.ComponentValidator.Validate(component);
        return component;
    }

    private static ComponentBinary ReadComponent(WasmReader r, List<ComponentIndexSpaces> enclosing, int depth, bool validate)
    {
        if (depth > MaxDepth) throw r.Error("components nested too deeply");
        ReadPreamble(r);
        var spaces = new ComponentIndexSpaces();
        var sections = new List<ComponentSection>();
        var reader = new SectionReader(spaces, enclosing, validate);
        while (!r.AtEnd)
        {
            int offset = r.Position;
            r.Section = null;
            byte id = r.ReadByte();
            uint size = r.ReadU32();
            if (size > r.Remaining) throw r.Error($"section size {size} exceeds the {r.Remaining} remaining bytes", offset);
            var s = r.Sub((int)size);
            s.Section = SectionName(id);
            int index = sections.Count;
            ComponentSection section = id switch
            {
                0 => new CustomSection(offset, s.ReadName(), s.ReadBytes(s.Remaining).ToArray()),
                1 => reader.CoreModule(s, offset, index),
                2 => reader.CoreInstances(s, offset, index),
                3 => reader.CoreTypes(s, offset, index),
                4 => reader.NestedComponent(s, offset, index, depth),
                5 => reader.Instances(s, offset, index),
                6 => reader.Aliases(s, offset, index),
                7 => reader.Types(s, offset, index),
                8 => reader.Canons(s, offset, index),
                9 => reader.Start(s, offset, index),
                10 => reader.Imports(s, offset, index),
                11 => reader.Exports(s, offset, index),
                12 => throw s.Error("value sections are not supported", offset),
                _ => throw r.Error($"unknown section id {id}", offset),
            };
            if (!s.AtEnd) throw s.Error($"{s.Remaining} unread bytes at the end of the section");
            sections.Add(section);
        }
        return new ComponentBinary(sections, spaces);
    }

    private static void ReadPreamble(WasmReader r)
    {
        int at = r.Position;
        if (r.Remaining < 8) throw r.Error("too short for a component preamble");
        var p = r.ReadBytes(8);
        if (p[0] != 0 || p[1] != 0x61 || p[2] != 0x73 || p[3] != 0x6d) throw r.Error("bad magic number (not a WebAssembly binary)", at);
        if (p[6] == 0 && p[7] == 0) throw r.Error("this is a core WebAssembly module, not a component", at);
        if (p[6] != 1 || p[7] != 0) throw r.Error($"unknown binary layer {p[6] | (p[7] << 8)}", at);
        int version = p[4] | (p[5] << 8);
        if (version != 0x0d) throw r.Error($"unknown binary version 0x{version:x} (expected 0xd)", at);
    }

    /// <summary>Section name for messages.</summary>
    public static string SectionName(byte id) => id switch
    {
        0 => "custom", 1 => "core module", 2 => "core instance", 3 => "core type", 4 => "component",
        5 => "instance", 6 => "alias", 7 => "type", 8 => "canon", 9 => "start", 10 => "import", 11 => "export",
        12 => "value", _ => $"unknown ({id})",
    };

    private sealed class SectionReader
    {
        private readonly ComponentIndexSpaces _spaces;
        private readonly List<ComponentIndexSpaces> _enclosing;
        private readonly bool _validate;
        private readonly Dictionary<string, string> _importNames = new(System.StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _exportNames = new(System.StringComparer.OrdinalIgnoreCase);

        public SectionReader(ComponentIndexSpaces spaces, List<ComponentIndexSpaces> enclosing, bool validate)
        {
            _spaces = spaces;
            _enclosing = enclosing;
            _validate = validate;
        }

        private void CheckName(WasmReader s, int at, ExternName name, Dictionary<string, string> seen, string what)
        {
            if (!_validate) return;
            if (TypeValidation.ExternNameProblem(name.Name) is { } problem) throw s.Error($"{what} {problem}", at);
            if (seen.TryGetValue(name.Name, out var previous))
                throw s.Error($"{what} name `{name.Name}` conflicts with previous name `{previous}`", at);
            seen[name.Name] = name.Name;
        }

        private void Check(WasmReader r, int at, Sort sort, uint index)
        {
            int count = _spaces.Count(sort);
            if (index >= count)
                throw r.Error($"{SortCodes.Name(sort)} index {index} is out of bounds ({count} defined so far)", at);
        }

        private uint ReadIndex(WasmReader r, Sort sort)
        {
            int at = r.Position;
            uint index = r.ReadU32();
            Check(r, at, sort, index);
            return index;
        }

        public ComponentSection CoreModule(WasmReader s, int offset, int section)
        {
            var bytes = s.ReadBytes(s.Remaining).ToArray();
            if (!IsCoreModule(bytes)) throw s.Error("core module section does not hold a core module (bad preamble)", offset);
            _spaces.Add(Sort.CoreModule, new IndexEntry(IndexOrigin.CoreModule, section, 0));
            return new CoreModuleSection(offset, bytes);
        }

        public ComponentSection CoreInstances(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<CoreInstanceDefinition>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                switch (s.ReadByte())
                {
                    case 0x00:
                    {
                        uint module = ReadIndex(s, Sort.CoreModule);
                        uint count = (uint)s.ReadLength();
                        var args = new List<CoreInstantiateArg>((int)count);
                        for (int a = 0; a < count; a++)
                        {
                            var name = s.ReadName();
                            int k = s.Position;
                            if (s.ReadByte() != 0x12) throw s.Error("core instantiation arguments must be instances (0x12)", k);
                            args.Add(new CoreInstantiateArg(name, ReadIndex(s, Sort.CoreInstance)));
                        }
                        list.Add(new CoreInstantiate(module, args));
                        break;
                    }
                    case 0x01:
                    {
                        uint count = (uint)s.ReadLength();
                        var exports = new List<CoreInlineExport>((int)count);
                        for (int e = 0; e < count; e++)
                        {
                            var name = s.ReadName();
                            var sort = SortCodes.ReadCore(s);
                            exports.Add(new CoreInlineExport(name, sort, ReadIndex(s, sort)));
                        }
                        list.Add(new CoreInlineExports(exports));
                        break;
                    }
                    default:
                        throw s.Error("invalid core instance form", at);
                }
                _spaces.Add(Sort.CoreInstance, new IndexEntry(IndexOrigin.CoreInstance, section, i));
            }
            return new CoreInstanceSection(offset, list);
        }

        public ComponentSection CoreTypes(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<CoreType>((int)n);
            for (int i = 0; i < n; i++)
            {
                var type = CoreTypeCodec.Read(s);
                list.Add(type);
                // A rec group defines one type index per member.
                int defined = type is CoreRecGroup g ? g.Types.Count : 1;
                for (int k = 0; k < defined; k++) _spaces.Add(Sort.CoreType, new IndexEntry(IndexOrigin.CoreType, section, i));
            }
            return new CoreTypeSection(offset, list);
        }

        public ComponentSection NestedComponent(WasmReader s, int offset, int section, int depth)
        {
            var enclosing = new List<ComponentIndexSpaces>(_enclosing) { _spaces };
            var inner = ReadComponent(s, enclosing, depth + 1, _validate);
            _spaces.Add(Sort.Component, new IndexEntry(IndexOrigin.Component, section, 0));
            return new NestedComponentSection(offset, inner);
        }

        public ComponentSection Instances(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<InstanceDefinition>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                switch (s.ReadByte())
                {
                    case 0x00:
                    {
                        uint component = ReadIndex(s, Sort.Component);
                        uint count = (uint)s.ReadLength();
                        var args = new List<InstantiateArg>((int)count);
                        for (int a = 0; a < count; a++)
                        {
                            var name = s.ReadName();
                            var sort = SortCodes.Read(s);
                            args.Add(new InstantiateArg(name, sort, ReadIndex(s, sort)));
                        }
                        list.Add(new Instantiate(component, args));
                        break;
                    }
                    case 0x01:
                    {
                        uint count = (uint)s.ReadLength();
                        var exports = new List<InlineExport>((int)count);
                        for (int e = 0; e < count; e++)
                        {
                            var name = TypeCodec.ReadExternName(s);
                            var sort = SortCodes.Read(s);
                            exports.Add(new InlineExport(name, sort, ReadIndex(s, sort)));
                        }
                        list.Add(new InlineExports(exports));
                        break;
                    }
                    default:
                        throw s.Error("invalid instance form", at);
                }
                _spaces.Add(Sort.Instance, new IndexEntry(IndexOrigin.Instance, section, i));
            }
            return new InstanceSection(offset, list);
        }

        public ComponentSection Aliases(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<Alias>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                var alias = TypeCodec.ReadAlias(s);
                switch (alias.Target)
                {
                    case InstanceExportAlias e:
                        Check(s, at, Sort.Instance, e.Instance);
                        break;
                    case CoreInstanceExportAlias c:
                        Check(s, at, Sort.CoreInstance, c.Instance);
                        if (!SortCodes.IsCore(alias.Sort)) throw s.Error("core instance export aliases must have a core sort", at);
                        break;
                    case OuterAlias o:
                        if (alias.Sort is not (Sort.Type or Sort.CoreType or Sort.CoreModule or Sort.Component))
                            throw s.Error($"outer aliases cannot refer to {SortCodes.Name(alias.Sort)} definitions", at);
                        if (o.Count == 0) Check(s, at, alias.Sort, o.Index);
                        else
                        {
                            if (o.Count > _enclosing.Count) throw s.Error($"outer alias count {o.Count} exceeds the {_enclosing.Count} enclosing components", at);
                            var target = _enclosing[_enclosing.Count - (int)o.Count];
                            if (o.Index >= target.Count(alias.Sort))
                                throw s.Error($"outer alias {SortCodes.Name(alias.Sort)} index {o.Index} is out of bounds in the enclosing component", at);
                        }
                        break;
                }
                list.Add(alias);
                _spaces.Add(alias.Sort, new IndexEntry(IndexOrigin.Alias, section, i));
            }
            return new AliasSection(offset, list);
        }

        public ComponentSection Types(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<TypeDefinition>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                var def = TypeCodec.ReadTypeDefinition(s);
                CheckValTypes(s, at, def);
                if (_validate) TypeValidation.Check(s, at, def, false);
                list.Add(def);
                _spaces.Add(Sort.Type, new IndexEntry(IndexOrigin.Type, section, i));
            }
            return new TypeSection(offset, list);
        }

        // Value types of a top-level defined type must refer to earlier types.
        private void CheckValTypes(WasmReader s, int at, TypeDefinition def)
        {
            void V(ValType? t) { if (t is { IsPrimitive: false } v) Check(s, at, Sort.Type, v.Index); }
            switch (def)
            {
                case RecordType rec: foreach (var f in rec.Fields) V(f.Type); break;
                case VariantType v: foreach (var c in v.Cases) V(c.Type); break;
                case ListType l: V(l.Element); break;
                case FixedListType fl: V(fl.Element); break;
                case TupleType t: foreach (var x in t.Types) V(x); break;
                case OptionType o: V(o.Element); break;
                case ResultType res: V(res.Ok); V(res.Err); break;
                case OwnType own: Check(s, at, Sort.Type, own.Resource); break;
                case BorrowType b: Check(s, at, Sort.Type, b.Resource); break;
                case StreamType st: V(st.Element); break;
                case FutureType fu: V(fu.Element); break;
                case MapType m: V(m.Key); V(m.Value); break;
                case FuncType f: foreach (var p in f.Params) V(p.Type); V(f.Result); break;
                case ResourceTypeDefinition rt when rt.Destructor is { } d: Check(s, at, Sort.CoreFunc, d); break;
            }
        }

        public ComponentSection Canons(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<CanonFunction>((int)n);
            for (int i = 0; i < n; i++)
            {
                var canon = ReadCanon(s);
                list.Add(canon);
                _spaces.Add(canon.DefinesComponentFunc ? Sort.Func : Sort.CoreFunc, new IndexEntry(IndexOrigin.Canon, section, i));
            }
            return new CanonSection(offset, list);
        }

        private CanonFunction ReadCanon(WasmReader s)
        {
            int at = s.Position;
            byte op = s.ReadByte();
            var none = new List<CanonOption>();
            switch ((CanonOp)op)
            {
                case CanonOp.Lift:
                {
                    ExpectByte(s, 0x00, "canon lift must name a core func (0x00)");
                    uint f = ReadIndex(s, Sort.CoreFunc);
                    var opts = ReadOptions(s);
                    uint t = ReadIndex(s, Sort.Type);
                    return new CanonFunction(CanonOp.Lift, f, t, opts);
                }
                case CanonOp.Lower:
                {
                    ExpectByte(s, 0x00, "canon lower must name a func (0x00)");
                    uint f = ReadIndex(s, Sort.Func);
                    var opts = ReadOptions(s);
                    if (_validate && opts.Exists(o => o.Kind == CanonOptionKind.PostReturn))
                        throw s.Error("canonical option `post-return` cannot be specified for lowerings", at);
                    return new CanonFunction(CanonOp.Lower, f, 0, opts);
                }
                case CanonOp.ResourceNew:
                case CanonOp.ResourceDrop:
                case CanonOp.ResourceDropAsync:
                case CanonOp.ResourceRep:
                case CanonOp.StreamNew:
                case CanonOp.StreamDropReadable:
                case CanonOp.StreamDropWritable:
                case CanonOp.FutureNew:
                case CanonOp.FutureDropReadable:
                case CanonOp.FutureDropWritable:
                    return new CanonFunction((CanonOp)op, ReadIndex(s, Sort.Type), 0, none);
                case CanonOp.ThreadSpawnRef:
                {
                    bool shared = ReadAsync(s);
                    return new CanonFunction(CanonOp.ThreadSpawnRef, ReadIndex(s, Sort.CoreType), 0, none, shared);
                }
                case CanonOp.StreamRead:
                case CanonOp.StreamWrite:
                case CanonOp.FutureRead:
                case CanonOp.FutureWrite:
                {
                    uint t = ReadIndex(s, Sort.Type);
                    return new CanonFunction((CanonOp)op, t, 0, ReadOptions(s));
                }
                case CanonOp.StreamCancelRead:
                case CanonOp.StreamCancelWrite:
                case CanonOp.FutureCancelRead:
                case CanonOp.FutureCancelWrite:
                {
                    uint t = ReadIndex(s, Sort.Type);
                    return new CanonFunction((CanonOp)op, t, 0, none, ReadAsync(s));
                }
                case CanonOp.TaskReturn:
                {
                    int rt = s.Position;
                    ValType? result = s.ReadByte() switch
                    {
                        0x00 => TypeCodec.ReadValType(s),
                        0x01 => s.ReadByte() == 0x00 ? null : throw s.Error("invalid task.return result list", rt),
                        _ => throw s.Error("invalid task.return result list", rt),
                    };
                    return new CanonFunction(CanonOp.TaskReturn, 0, 0, ReadOptions(s), false, result);
                }
                case CanonOp.ContextGet:
                case CanonOp.ContextSet:
                {
                    int t = s.Position;
                    byte type = s.ReadByte();
                    if (type is not (0x7f or 0x7e)) throw s.Error("context slots must be i32 (0x7f) or i64 (0x7e)", t);
                    return new CanonFunction((CanonOp)op, s.ReadU32(), type, none);
                }
                case CanonOp.Yield:
                case CanonOp.SubtaskCancel:
                case CanonOp.ThreadSuspend:
                case CanonOp.ThreadSuspendThenResume:
                case CanonOp.ThreadYieldThenResume:
                case CanonOp.ThreadSuspendThenPromote:
                case CanonOp.ThreadYieldThenPromote:
                    return new CanonFunction((CanonOp)op, 0, 0, none, ReadAsync(s));
                case CanonOp.WaitableSetWait:
                case CanonOp.WaitableSetPoll:
                {
                    bool isAsync = ReadAsync(s);
                    return new CanonFunction((CanonOp)op, ReadIndex(s, Sort.CoreMemory), 0, none, isAsync);
                }
                case CanonOp.ErrorContextNew:
                case CanonOp.ErrorContextDebugMessage:
                    return new CanonFunction((CanonOp)op, 0, 0, ReadOptions(s));
                case CanonOp.TaskCancel:
                case CanonOp.BackpressureSet:
                case CanonOp.BackpressureInc:
                case CanonOp.BackpressureDec:
                case CanonOp.SubtaskDrop:
                case CanonOp.ErrorContextDrop:
                case CanonOp.WaitableSetNew:
                case CanonOp.WaitableSetDrop:
                case CanonOp.WaitableJoin:
                case CanonOp.ThreadIndex:
                case CanonOp.ThreadResumeLater:
                    return new CanonFunction((CanonOp)op, 0, 0, none);
                case CanonOp.ThreadAvailableParallelism:
                    return new CanonFunction((CanonOp)op, 0, 0, none, ReadAsync(s));
                case CanonOp.ThreadNewIndirect:
                {
                    uint t = ReadIndex(s, Sort.CoreType);
                    return new CanonFunction(CanonOp.ThreadNewIndirect, t, ReadIndex(s, Sort.CoreTable), none);
                }
                case CanonOp.ThreadSpawnIndirect:
                {
                    bool shared = ReadAsync(s);
                    uint t = ReadIndex(s, Sort.CoreType);
                    return new CanonFunction(CanonOp.ThreadSpawnIndirect, t, ReadIndex(s, Sort.CoreTable), none, shared);
                }
                default:
                    throw s.Error($"unknown canon opcode 0x{op:x2}", at);
            }
        }

        private static void ExpectByte(WasmReader s, byte expected, string problem)
        {
            int at = s.Position;
            if (s.ReadByte() != expected) throw s.Error(problem, at);
        }

        private static bool ReadAsync(WasmReader s)
        {
            int at = s.Position;
            return s.ReadByte() switch { 0x00 => false, 0x01 => true, _ => throw s.Error("invalid async flag", at) };
        }

        private List<CanonOption> ReadOptions(WasmReader s)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<CanonOption>((int)n);
            var seen = new HashSet<CanonOptionKind>();
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                byte b = s.ReadByte();
                var option = (CanonOptionKind)b switch
                {
                    CanonOptionKind.Utf8 or CanonOptionKind.Utf16 or CanonOptionKind.Latin1Utf16 or CanonOptionKind.Async => new CanonOption((CanonOptionKind)b),
                    CanonOptionKind.Memory => new CanonOption(CanonOptionKind.Memory, ReadIndex(s, Sort.CoreMemory)),
                    CanonOptionKind.Realloc or CanonOptionKind.PostReturn or CanonOptionKind.Callback => new CanonOption((CanonOptionKind)b, ReadIndex(s, Sort.CoreFunc)),
                    _ => throw s.Error($"unknown canon option 0x{b:x2}", at),
                };
                var group = option.Kind <= CanonOptionKind.Latin1Utf16 ? CanonOptionKind.Utf8 : option.Kind;
                if (!seen.Add(group))
                    throw s.Error(group == CanonOptionKind.Utf8 ? "canonical encoding option `string-encoding` given more than once" : $"canonical option `{option.Kind}` given more than once", at);
                list.Add(option);
            }
            if (_validate)
            {
                if (seen.Contains(CanonOptionKind.Realloc) && !seen.Contains(CanonOptionKind.Memory))
                    throw s.Error("canonical option `realloc` requires `memory` to also be specified", s.Position);
                if (seen.Contains(CanonOptionKind.Callback) && !seen.Contains(CanonOptionKind.Async))
                    throw s.Error("canonical option `callback` requires `async` to also be specified", s.Position);
            }
            return list;
        }

        public ComponentSection Start(WasmReader s, int offset, int section)
        {
            uint f = ReadIndex(s, Sort.Func);
            uint n = (uint)s.ReadLength();
            var args = new List<uint>((int)n);
            for (int i = 0; i < n; i++) args.Add(ReadIndex(s, Sort.Value));
            uint results = s.ReadU32();
            for (uint i = 0; i < results; i++) _spaces.Add(Sort.Value, new IndexEntry(IndexOrigin.Start, section, (int)i));
            return new StartSection(offset, f, args, results);
        }

        public ComponentSection Imports(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<ComponentImport>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                var name = TypeCodec.ReadExternName(s);
                CheckName(s, at, name, _importNames, "import");
                var desc = TypeCodec.ReadExternDesc(s);
                CheckDesc(s, at, desc);
                list.Add(new ComponentImport(name, desc));
                _spaces.Add(SortOf(desc.Kind), new IndexEntry(IndexOrigin.Import, section, i));
            }
            return new ImportSection(offset, list);
        }

        private void CheckDesc(WasmReader s, int at, ExternDesc desc)
        {
            switch (desc.Kind)
            {
                case ExternKind.Module: Check(s, at, Sort.CoreType, desc.Index); break;
                case ExternKind.Type: if (!desc.Bound.IsSubResource) Check(s, at, Sort.Type, desc.Bound.Index); break;
                case ExternKind.Value: if (!desc.Value.IsPrimitive && desc.Value.Index != 0) Check(s, at, Sort.Type, desc.Value.Index); break;
                default: Check(s, at, Sort.Type, desc.Index); break;
            }
        }

        public ComponentSection Exports(WasmReader s, int offset, int section)
        {
            uint n = (uint)s.ReadLength();
            var list = new List<ComponentExport>((int)n);
            for (int i = 0; i < n; i++)
            {
                int at = s.Position;
                var name = TypeCodec.ReadExternName(s);
                CheckName(s, at, name, _exportNames, "export");
                var sort = SortCodes.Read(s);
                if (sort is not (Sort.CoreModule or Sort.Func or Sort.Value or Sort.Type or Sort.Component or Sort.Instance))
                    throw s.Error($"{SortCodes.Name(sort)} definitions cannot be exported from a component", at);
                uint index = ReadIndex(s, sort);
                ExternDesc? ascribed = null;
                int d = s.Position;
                switch (s.ReadByte())
                {
                    case 0x00: break;
                    case 0x01: ascribed = TypeCodec.ReadExternDesc(s); CheckDesc(s, d, ascribed); break;
                    default: throw s.Error("invalid export type ascription marker", d);
                }
                list.Add(new ComponentExport(name, sort, index, ascribed));
                _spaces.Add(sort, new IndexEntry(IndexOrigin.Export, section, i));
            }
            return new ExportSection(offset, list);
        }
    }

    /// <summary>The index space an extern kind adds to.</summary>
    public static Sort SortOf(ExternKind kind) => kind switch
    {
        ExternKind.Module => Sort.CoreModule, ExternKind.Func => Sort.Func, ExternKind.Value => Sort.Value,
        ExternKind.Type => Sort.Type, ExternKind.Component => Sort.Component, _ => Sort.Instance,
    };
}
