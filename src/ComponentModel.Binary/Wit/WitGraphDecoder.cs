using System;
using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Turns resolved component types (<see cref="TypeNode"/>s) into a WIT <see cref="Resolve"/>: interfaces from
/// instance types, worlds from component types, types from exported type declarations (an export equal to an
/// already-known type becomes an alias, i.e. a <c>use</c>), and packages for foreign interfaces named by
/// <c>ns:pkg/iface@v</c> imports (only the items actually referenced are filled in).
/// </summary>
internal sealed class WitGraphDecoder
{
    private readonly Resolve _resolve = new();
    private readonly Dictionary<TypeNode, Id<TypeDef>> _typeMap = new();
    private readonly OrderedMap<string, ForeignPackage> _foreign = new();
    // Foreign interface to the position of its package in _foreign.
    private readonly Dictionary<Id<Interface>, int> _interfaceToForeign = new();
    private readonly Dictionary<string, Id<Interface>> _named = new();
    private readonly Dictionary<TypeOwner, Dictionary<string, Id<TypeDef>>> _resources = new();

    /// <summary>Called when an import names an interface of the package being decoded that is not decoded yet.</summary>
    public Func<string, bool>? DecodeLocal { get; set; }

    public Resolve Resolve => _resolve;

    private sealed class ForeignPackage
    {
        public ForeignPackage(PackageId name) => Name = name;
        public PackageId Name { get; }
        public OrderedMap<string, Id<Interface>> Interfaces { get; } = new();
    }

    /// <summary>Interfaces and worlds collected for the package being decoded.</summary>
    internal sealed class PackageFields
    {
        public OrderedMap<string, Id<Interface>> Interfaces { get; } = new();
        public OrderedMap<string, Id<World>> Worlds { get; } = new();
    }

    // ---------------------------------------------------------------- names

    /// <summary>Splits <c>ns:pkg/iface@v</c>; null when the name is a plain label.</summary>
    public static (PackageId Package, string Interface)? ParseInterfaceName(string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0) return null;
        string pkg = name.Substring(0, slash), rest = name.Substring(slash + 1);
        SemVersion? version = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            version = SemVersion.TryParse(rest.Substring(at + 1)) ?? throw Error($"invalid version in name `{name}`");
            rest = rest.Substring(0, at);
        }
        int colon = pkg.LastIndexOf(':');
        if (colon <= 0 || colon == pkg.Length - 1 || rest.Length == 0) throw Error($"`{name}` is not a valid interface name (expected ns:pkg/name)");
        return (new PackageId(pkg.Substring(0, colon), pkg.Substring(colon + 1), version), rest);
    }

    private static ComponentFormatException Error(string message) => new(message, 0);

    // ---------------------------------------------------------------- interfaces

    /// <summary>An import of <c>ns:pkg/iface</c>: a local interface already decoded, or a foreign one filled in lazily.</summary>
    public Id<Interface> RegisterImport(string name, InstanceTypeNode type)
    {
        bool local = _named.TryGetValue(name, out var id);
        if (!local && DecodeLocal?.Invoke(name) == true) local = _named.TryGetValue(name, out id);
        if (!local) id = ExtractDepInterface(name);
        var outer = _internScope;
        if (!local) _internScope = ParseInterfaceName(name)!.Value.Package.ToString();
        try { FillImport(name, local, id, type); }
        finally { _internScope = outer; }
        return id;
    }

    private void FillImport(string name, bool local, Id<Interface> id, InstanceTypeNode type)
    {
        var iface = _resolve.Interfaces[id];
        var owner = new InterfaceOwner(id);
        foreach (var export in type.Exports)
        {
            switch (export.Kind)
            {
                case ExternKind.Type:
                    if (iface.Types.TryGetValue(export.Name, out var existing))
                    {
                        if (!_typeMap.ContainsKey(export.Node)) _typeMap[export.Node] = existing;
                        if (export.Node is ExportedTypeNode { Referenced: DefinedTypeNode defined }) Register(existing, defined);
                    }
                    else
                    {
                        if (local) throw Error($"instance type export `{export.Name}` is not defined in interface `{name}`");
                        iface.Types[export.Name] = RegisterTypeExport(export.Name, owner, export.Node);
                    }
                    break;
                case ExternKind.Func:
                    if (iface.Functions.ContainsKey(export.Name)) continue;
                    if (local) throw Error($"instance function export `{export.Name}` is not defined in interface `{name}`");
                    iface.Functions[export.Name] = ConvertFunction(export.Name, (FuncTypeNode)export.Node, owner);
                    break;
                default:
                    throw Error($"instance export `{export.Name}` of `{name}` is not a type or function");
            }
        }
    }

    private Id<Interface> ExtractDepInterface(string name)
    {
        var parsed = ParseInterfaceName(name) ?? throw Error($"`{name}` is not an interface name");
        var key = parsed.Package.ToString();
        if (!_foreign.TryGetValue(key, out var package))
        {
            package = new ForeignPackage(parsed.Package);
            _foreign[key] = package;
        }
        if (!package.Interfaces.TryGetValue(parsed.Interface, out var id))
        {
            id = _resolve.Interfaces.Add(new Interface { Name = parsed.Interface });
            package.Interfaces[parsed.Interface] = id;
        }
        _interfaceToForeign[id] = _foreign.IndexOf(key);
        return id;
    }

    /// <summary>A new interface from an instance type: named (<c>ns:pkg/x</c>) or inline (a plain label).</summary>
    public (WorldKey Key, Id<Interface> Id) RegisterInterface(string name, InstanceTypeNode type, PackageFields fields)
    {
        if (_named.ContainsKey(name))
        {
            var existing = RegisterImport(name, type);
            return (WorldKey.Interface(existing), existing);
        }
        var interfaceName = ParseInterfaceName(name)?.Interface;
        var iface = new Interface { Name = interfaceName };
        var id = _resolve.Interfaces.Add(iface);
        var owner = new InterfaceOwner(id);
        foreach (var export in type.Exports)
        {
            switch (export.Kind)
            {
                case ExternKind.Type: iface.Types[export.Name] = RegisterTypeExport(export.Name, owner, export.Node); break;
                case ExternKind.Func: iface.Functions[export.Name] = ConvertFunction(export.Name, (FuncTypeNode)export.Node, owner); break;
                default: throw Error($"instance export `{export.Name}` of `{name}` is not a type or function");
            }
        }
        if (interfaceName is null) return (WorldKey.Named(name), id);
        if (!fields.Interfaces.TryAdd(interfaceName, id)) throw Error($"interface `{interfaceName}` is defined twice");
        _named[name] = id;
        return (WorldKey.Interface(id), id);
    }

    // ---------------------------------------------------------------- worlds

    /// <summary>A world from a component type exported as <c>ns:pkg/world</c>.</summary>
    public Id<World> RegisterWorld(string name, ComponentTypeNode type, PackageFields fields)
    {
        var worldName = ParseInterfaceName(name)?.Interface ?? throw Error($"world name `{name}` is not of the form ns:pkg/world");
        var world = new World { Name = worldName };
        var id = _resolve.Worlds.Add(world);
        var owner = new WorldOwner(id);
        foreach (var import in type.Imports)
        {
            var (key, item) = WorldEntry(import, owner, fields, true);
            world.Imports[key] = item;
        }
        foreach (var export in type.Exports)
        {
            var (key, item) = WorldEntry(export, owner, fields, false);
            world.Exports[key] = item;
        }
        if (!fields.Worlds.TryAdd(worldName, id)) throw Error($"world `{worldName}` is defined twice");
        return id;
    }

    /// <summary>Adds a world import or export (used for worlds and for concrete components' root world).</summary>
    public (WorldKey, WorldItem) WorldEntry(ExternEntry entry, TypeOwner owner, PackageFields fields, bool import)
    {
        var (key, item) = WorldEntryCore(entry, owner, fields, import);
        if (entry.ExternalId is { } external)
        {
            switch (item)
            {
                case InterfaceWorldItem i: item = i with { ExternalId = external }; break;
                case FunctionWorldItem f: f.Function.ExternalId = external; break;
                case TypeWorldItem t: _resolve.Types[t.Id].ExternalId = external; break;
            }
        }
        return (key, item);
    }

    private (WorldKey, WorldItem) WorldEntryCore(ExternEntry entry, TypeOwner owner, PackageFields fields, bool import)
    {
        switch (entry.Kind)
        {
            case ExternKind.Instance:
            {
                var type = (InstanceTypeNode)entry.Node;
                if (entry.Implements is not null)
                {
                    var id = RegisterImport(entry.Implements, type);
                    return (WorldKey.Named(entry.Name), new InterfaceWorldItem(id, Stability.Unknown));
                }
                if (entry.Name.IndexOf('/') >= 0)
                {
                    var id = RegisterImport(entry.Name, type);
                    return (WorldKey.Interface(id), new InterfaceWorldItem(id, Stability.Unknown));
                }
                var (key, iface) = RegisterInterface(entry.Name, type, fields);
                return (key, new InterfaceWorldItem(iface, Stability.Unknown));
            }
            case ExternKind.Func:
                return (WorldKey.Named(entry.Name), new FunctionWorldItem(ConvertFunction(entry.Name, (FuncTypeNode)entry.Node, owner)));
            case ExternKind.Type when import:
                return (WorldKey.Named(entry.Name), new TypeWorldItem(RegisterTypeExport(entry.Name, owner, entry.Node)));
            default:
                throw Error($"component {(import ? "import" : "export")} `{entry.Name}` is not an instance, function{(import ? " or type" : "")}");
        }
    }

    // ---------------------------------------------------------------- types

    private Id<TypeDef>? FindAlias(TypeNode node)
    {
        for (var cur = node; ; )
        {
            if (_typeMap.TryGetValue(cur, out var id)) return id;
            if (cur is ExportedTypeNode e) cur = e.Referenced;
            else return null;
        }
    }

    private static TypeNode Peel(TypeNode node)
    {
        while (node is ExportedTypeNode e) node = e.Referenced;
        return node;
    }

    private Id<TypeDef> RegisterTypeExport(string name, TypeOwner owner, TypeNode created)
    {
        var referenced = created is ExportedTypeNode e ? e.Referenced : created;
        TypeDefKind kind;
        if (FindAlias(referenced) is { } previous) kind = new AliasKind(WitType.Id(previous));
        else
        {
            kind = Peel(referenced) switch
            {
                ResourceNode => ResourceKind.Instance,
                DefinedTypeNode d => ConvertDefined(d),
                _ => throw Error($"type export `{name}` is not a value type or resource"),
            };
        }
        var id = _resolve.Types.Add(new TypeDef(name, kind, owner));
        if (kind is ResourceKind)
        {
            if (!_resources.TryGetValue(owner, out var map)) _resources[owner] = map = new Dictionary<string, Id<TypeDef>>();
            map[name] = id;
        }
        _typeMap[created] = id;
        return id;
    }

    private WitType ConvertValType(ValType type, TypeScopeSpace scope)
    {
        if (type.IsPrimitive) return new WitType(Primitive(type.Primitive));
        var node = scope.Type(type.Index);
        if (FindAlias(node) is { } known) return WitType.Id(known);
        var target = Peel(node);
        if (target is not DefinedTypeNode defined) throw Error("a resource is used as a value type before it is named");
        var kind = ConvertDefined(defined);
        if (kind is RecordKind or VariantKind or EnumKind or FlagsKind)
            throw Error($"unexpected unnamed {KindName(kind)} type");
        // Structurally equal anonymous types are one type in a resolved graph (the resolver interns them).
        var key = AnonymousKey(kind) is { } k ? _internScope + "|" + k : null;
        if (key is not null && _anonymous.TryGetValue(key, out var interned))
        {
            _typeMap[target] = interned;
            return WitType.Id(interned);
        }
        var id = _resolve.Types.Add(new TypeDef(null, kind, TypeOwner.None));
        _typeMap[target] = id;
        if (key is not null) _anonymous[key] = id;
        return WitType.Id(id);
    }

    private readonly Dictionary<string, Id<TypeDef>> _anonymous = new();
    // The resolver interns anonymous types per package: a foreign interface's `list<u8>` (decoded from a world's
    // import of it) is not the decoded package's own `list<u8>`. Empty while decoding the package itself.
    private string _internScope = "";

    private static string? AnonymousKey(TypeDefKind kind) => kind switch
    {
        ListKind l => $"list<{l.Element}>",
        FixedListKind f => $"list<{f.Element},{f.Length}>",
        OptionKind o => $"option<{o.Element}>",
        ResultKind r => $"result<{r.Ok},{r.Err}>",
        TupleKind t => $"tuple<{string.Join(",", t.Types)}>",
        HandleKind h => $"{(h.IsBorrow ? "borrow" : "own")}<{h.Resource}>",
        FutureKind f => $"future<{f.Element}>",
        StreamKind st => $"stream<{st.Element}>",
        MapKind m => $"map<{m.Key},{m.Value}>",
        AliasKind a => $"alias<{a.Target}>",
        _ => null,
    };

    private static string KindName(TypeDefKind kind) => kind switch
    {
        RecordKind => "record", VariantKind => "variant", EnumKind => "enum", FlagsKind => "flags", _ => "type",
    };

    private WitType? ConvertOptional(ValType? type, TypeScopeSpace scope) => type is { } t ? ConvertValType(t, scope) : null;

    private Id<TypeDef> ResourceId(uint index, TypeScopeSpace scope)
    {
        var node = scope.Type(index);
        return FindAlias(node) ?? throw Error($"handle refers to type {index}, which is not a known resource");
    }

    private TypeDefKind ConvertDefined(DefinedTypeNode node)
    {
        var s = node.Scope;
        switch (node.Definition)
        {
            case PrimitiveDefinedType p: return new AliasKind(new WitType(Primitive(p.Primitive)));
            case ListType l: return new ListKind(ConvertValType(l.Element, s));
            case FixedListType fl: return new FixedListKind(ConvertValType(fl.Element, s), fl.Length);
            case TupleType t:
            {
                var types = new List<WitType>(t.Types.Count);
                foreach (var x in t.Types) types.Add(ConvertValType(x, s));
                return new TupleKind(types);
            }
            case OptionType o: return new OptionKind(ConvertValType(o.Element, s));
            case ResultType r:
            {
                var ok = ConvertOptional(r.Ok, s);
                var err = ConvertOptional(r.Err, s);
                return new ResultKind(ok, err);
            }
            case RecordType rec:
            {
                var fields = new List<Field>(rec.Fields.Count);
                foreach (var f in rec.Fields) fields.Add(new Field(f.Name, ConvertValType(f.Type, s), null));
                return new RecordKind(fields);
            }
            case VariantType v:
            {
                var cases = new List<VariantCase>(v.Cases.Count);
                foreach (var c in v.Cases) cases.Add(new VariantCase(c.Name, ConvertOptional(c.Type, s), null));
                return new VariantKind(cases);
            }
            case FlagsType f:
            {
                var flags = new List<NamedCase>(f.Names.Count);
                foreach (var n in f.Names) flags.Add(new NamedCase(n, null));
                return new FlagsKind(flags);
            }
            case EnumType e:
            {
                var cases = new List<NamedCase>(e.Names.Count);
                foreach (var n in e.Names) cases.Add(new NamedCase(n, null));
                return new EnumKind(cases);
            }
            case OwnType own: return new HandleKind(false, ResourceId(own.Resource, s));
            case BorrowType borrow: return new HandleKind(true, ResourceId(borrow.Resource, s));
            case StreamType st: return new StreamKind(ConvertOptional(st.Element, s));
            case FutureType fu: return new FutureKind(ConvertOptional(fu.Element, s));
            case MapType m:
            {
                var k = ConvertValType(m.Key, s);
                var v2 = ConvertValType(m.Value, s);
                return new MapKind(k, v2);
            }
            default:
                throw Error($"{node.Definition.GetType().Name} is not a value type");
        }
    }

    // Links anonymous types inside an already-known type to the structure seen again in another instance type,
    // so that e.g. a `list<u8>` inside a reused record is not decoded a second time.
    private void Register(Id<TypeDef> id, DefinedTypeNode node)
    {
        var kind = _resolve.Types[id].Kind;
        var s = node.Scope;
        switch (node.Definition, kind)
        {
            case (ListType l, ListKind lk): RegisterValType(l.Element, lk.Element, s); break;
            case (FixedListType l, FixedListKind lk): RegisterValType(l.Element, lk.Element, s); break;
            case (OptionType o, OptionKind ok): RegisterValType(o.Element, ok.Element, s); break;
            case (ResultType r, ResultKind rk):
                if (r.Ok is { } a && rk.Ok is { } b) RegisterValType(a, b, s);
                if (r.Err is { } c && rk.Err is { } d) RegisterValType(c, d, s);
                break;
            case (TupleType t, TupleKind tk) when t.Types.Count == tk.Types.Count:
                for (int i = 0; i < t.Types.Count; i++) RegisterValType(t.Types[i], tk.Types[i], s);
                break;
            case (RecordType r, RecordKind rk) when r.Fields.Count == rk.Fields.Count:
                for (int i = 0; i < r.Fields.Count; i++) RegisterValType(r.Fields[i].Type, rk.Fields[i].Type, s);
                break;
            case (VariantType v, VariantKind vk) when v.Cases.Count == vk.Cases.Count:
                for (int i = 0; i < v.Cases.Count; i++)
                    if (v.Cases[i].Type is { } x && vk.Cases[i].Type is { } y) RegisterValType(x, y, s);
                break;
            case (MapType m, MapKind mk): RegisterValType(m.Key, mk.Key, s); RegisterValType(m.Value, mk.Value, s); break;
            case (StreamType st, StreamKind sk) when st.Element is { } e && sk.Element is { } f: RegisterValType(e, f, s); break;
            case (FutureType fu, FutureKind fk) when fu.Element is { } e && fk.Element is { } f: RegisterValType(e, f, s); break;
        }
    }

    private void RegisterValType(ValType type, WitType wit, TypeScopeSpace scope)
    {
        if (type.IsPrimitive || !wit.IsId) return;
        var node = scope.Type(type.Index);
        if (_typeMap.ContainsKey(node)) return;
        _typeMap[node] = wit.TypeId;
        if (node is DefinedTypeNode d) Register(wit.TypeId, d);
    }

    // ---------------------------------------------------------------- functions

    private Function ConvertFunction(string name, FuncTypeNode node, TypeOwner owner)
    {
        var ps = new List<Param>(node.Type.Params.Count);
        foreach (var p in node.Type.Params) ps.Add(new Param(p.Name, ConvertValType(p.Type, node.Scope)));
        var result = ConvertOptional(node.Type.Result, node.Scope);
        bool isAsync = node.Type.IsAsync;
        FunctionKind kind;
        Id<TypeDef>? resource = null;
        string bare = name;
        if (bare.StartsWith("[async]", StringComparison.Ordinal)) { isAsync = true; bare = bare.Substring(7); }
        if (bare.StartsWith("[constructor]", StringComparison.Ordinal))
        {
            kind = FunctionKind.Constructor;
            resource = Resource(owner, bare.Substring(13), name);
        }
        else if (StripPrefix(ref bare, "[method]", "[async method]", ref isAsync))
        {
            kind = isAsync ? FunctionKind.AsyncMethod : FunctionKind.Method;
            resource = Resource(owner, ResourcePart(bare, name), name);
        }
        else if (StripPrefix(ref bare, "[static]", "[async static]", ref isAsync))
        {
            kind = isAsync ? FunctionKind.AsyncStatic : FunctionKind.Static;
            resource = Resource(owner, ResourcePart(bare, name), name);
        }
        else kind = isAsync ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding;
        return new Function(name, kind, resource, ps, result);
    }

    private static bool StripPrefix(ref string name, string sync, string async, ref bool isAsync)
    {
        if (name.StartsWith(sync, StringComparison.Ordinal)) { name = name.Substring(sync.Length); return true; }
        if (name.StartsWith(async, StringComparison.Ordinal)) { name = name.Substring(async.Length); isAsync = true; return true; }
        return false;
    }

    private static string ResourcePart(string rest, string name)
    {
        int dot = rest.IndexOf('.');
        if (dot <= 0) throw Error($"function name `{name}` lacks a `resource.name` part");
        return rest.Substring(0, dot);
    }

    private Id<TypeDef> Resource(TypeOwner owner, string resource, string function)
    {
        if (_resources.TryGetValue(owner, out var map) && map.TryGetValue(resource, out var id)) return id;
        throw Error($"function `{function}` refers to resource `{resource}`, which is not defined alongside it");
    }

    private static WitTypeKind Primitive(PrimitiveValType p) => p switch
    {
        PrimitiveValType.Bool => WitTypeKind.Bool,
        PrimitiveValType.U8 => WitTypeKind.U8, PrimitiveValType.U16 => WitTypeKind.U16,
        PrimitiveValType.U32 => WitTypeKind.U32, PrimitiveValType.U64 => WitTypeKind.U64,
        PrimitiveValType.S8 => WitTypeKind.S8, PrimitiveValType.S16 => WitTypeKind.S16,
        PrimitiveValType.S32 => WitTypeKind.S32, PrimitiveValType.S64 => WitTypeKind.S64,
        PrimitiveValType.F32 => WitTypeKind.F32, PrimitiveValType.F64 => WitTypeKind.F64,
        PrimitiveValType.Char => WitTypeKind.Char, PrimitiveValType.String => WitTypeKind.String,
        _ => WitTypeKind.ErrorContext,
    };

    // ---------------------------------------------------------------- finish

    /// <summary>Adds foreign packages in dependency order, then the decoded package; returns its id.</summary>
    public Id<Package> Finish(PackageId name, PackageFields fields)
    {
        var order = new List<int>();
        for (int i = 0; i < _foreign.Count; i++) Visit(i, order, new HashSet<int>());
        foreach (var i in order)
        {
            var p = _foreign.At(i).Value;
            InsertPackage(p.Name, p.Interfaces, new OrderedMap<string, Id<World>>());
        }
        return InsertPackage(name, fields.Interfaces, fields.Worlds);
    }

    private void Visit(int index, List<int> order, HashSet<int> active)
    {
        if (order.Contains(index) || !active.Add(index)) return;
        foreach (var iface in _foreign.At(index).Value.Interfaces.Values)
        {
            foreach (var dep in WitTypeEncoder.InterfaceDirectDeps(_resolve, iface))
            {
                if (_interfaceToForeign.TryGetValue(dep, out var depIndex) && depIndex != index) Visit(depIndex, order, active);
            }
        }
        order.Add(index);
    }

    private Id<Package> InsertPackage(PackageId name, OrderedMap<string, Id<Interface>> interfaces, OrderedMap<string, Id<World>> worlds)
    {
        var found = _resolve.FindPackage(name.Namespace, name.Name, name.Version);
        var id = found is { } existing && Equals(_resolve.Packages[existing].Name.Version, name.Version)
            ? existing
            : _resolve.Packages.Add(new Package(name));
        var package = _resolve.Packages[id];
        foreach (var entry in interfaces)
        {
            package.Interfaces[entry.Key] = entry.Value;
            _resolve.Interfaces[entry.Value].Package = id;
        }
        foreach (var entry in worlds)
        {
            package.Worlds[entry.Key] = entry.Value;
            var world = _resolve.Worlds[entry.Value];
            world.Package = id;
            foreach (var item in world.Imports) if (!item.Key.IsInterface && item.Value is InterfaceWorldItem i) _resolve.Interfaces[i.Id].Package = id;
            foreach (var item in world.Exports) if (!item.Key.IsInterface && item.Value is InterfaceWorldItem i) _resolve.Interfaces[i.Id].Package = id;
        }
        return id;
    }
}
