using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Encodes WIT interfaces and worlds as component and instance types the way wit-component does, so that decoding
/// recovers the same WIT: interfaces become instance types whose named types are exported (<c>(eq i)</c> or
/// <c>(sub resource)</c>), types owned by other interfaces are reached through an outer alias of an export of the
/// instance that imports that interface, and functions are exported last, resource functions first.
/// </summary>
internal sealed class WitTypeEncoder
{
    private readonly Resolve _resolve;
    private readonly TypeScope _outer = new();
    private TypeScope? _inner;
    private readonly Dictionary<Id<Interface>, uint> _importMap = new();
    private readonly Dictionary<Id<TypeDef>, uint> _outerTypeMap = new();
    private Id<Interface>? _interface;
    private bool _importTypes;

    public WitTypeEncoder(Resolve resolve) => _resolve = resolve;

    private TypeScope Current => _inner ?? _outer;

    public ComponentTypeDefinition Finish() => new(_outer.Declarations);

    /// <summary>A world as a component type: imports then exports.</summary>
    public static ComponentTypeDefinition EncodeWorld(Resolve resolve, Id<World> worldId)
    {
        var e = new WitTypeEncoder(resolve);
        var world = resolve.Worlds[worldId];
        foreach (var entry in world.Imports)
        {
            var name = ItemName(resolve, entry.Key, entry.Value);
            switch (entry.Value)
            {
                case InterfaceWorldItem item:
                    e._interface = item.Id;
                    e._outer.Import(name, ExternDesc.Instance(e.EncodeInstance(item.Id)));
                    break;
                case FunctionWorldItem f:
                    e._interface = null;
                    e._outer.Import(name, ExternDesc.Func(e.EncodeFuncType(f.Function)));
                    break;
                case TypeWorldItem t:
                    e._interface = null;
                    e._importTypes = true;
                    e.EncodeValType(WitType.Id(t.Id));
                    e._importTypes = false;
                    break;
            }
        }
        foreach (var entry in world.Exports)
        {
            var name = ItemName(resolve, entry.Key, entry.Value);
            switch (entry.Value)
            {
                case InterfaceWorldItem item:
                    e._interface = item.Id;
                    e._outer.Export(name, ExternDesc.Instance(e.EncodeInstance(item.Id)));
                    break;
                case FunctionWorldItem f:
                    e._interface = null;
                    e._outer.Export(name, ExternDesc.Func(e.EncodeFuncType(f.Function)));
                    break;
                case TypeWorldItem:
                    throw new WitEncodingException($"world `{world.Name}` exports a type, which has no component encoding");
            }
        }
        return e.Finish();
    }

    /// <summary>
    /// A package interface as a component type: imports of every interface it depends on (with all their types),
    /// then an export of the interface itself as an instance.
    /// </summary>
    public static ComponentTypeDefinition EncodeInterfaceComponent(Resolve resolve, Id<Interface> interfaceId)
    {
        var e = new WitTypeEncoder(resolve);
        var live = new List<Id<Interface>>();
        AddLiveInterfaces(resolve, live, interfaceId);
        foreach (var id in live)
        {
            e._interface = id;
            var name = resolve.InterfaceQualifiedName(id) ?? throw new WitEncodingException("an interface without a name cannot be encoded standalone");
            if (id == interfaceId)
            {
                e._outer.Export(name, ExternDesc.Instance(e.EncodeInstance(id)));
            }
            else
            {
                e.PushInstance();
                foreach (var t in resolve.Interfaces[id].Types.Values) e.EncodeValType(WitType.Id(t));
                var instance = e.PopInstance();
                uint index = e._outer.Define(instance);
                e._importMap[id] = e._outer.InstanceCount;
                e._outer.Import(name, ExternDesc.Instance(index));
            }
        }
        e._interface = null;
        return e.Finish();
    }

    private static void AddLiveInterfaces(Resolve resolve, List<Id<Interface>> live, Id<Interface> id)
    {
        if (live.Contains(id)) return;
        foreach (var dep in InterfaceDirectDeps(resolve, id)) AddLiveInterfaces(resolve, live, dep);
        if (!live.Contains(id)) live.Add(id);
    }

    /// <summary>Interfaces whose types this interface's <c>use</c>s refer to, in first-use order.</summary>
    public static List<Id<Interface>> InterfaceDirectDeps(Resolve resolve, Id<Interface> id)
    {
        var deps = new List<Id<Interface>>();
        foreach (var t in resolve.Interfaces[id].Types.Values)
        {
            if (resolve.Types[t].Kind is AliasKind { Target.IsId: true } alias
                && resolve.Types[alias.Target.TypeId].Owner is InterfaceOwner owner && owner.Id != id && !deps.Contains(owner.Id))
                deps.Add(owner.Id);
        }
        return deps;
    }

    /// <summary>
    /// The import/export name of a world item; a named interface under a plain label (<c>label: iface</c>) records the
    /// interface through the name's <c>implements</c> option.
    /// </summary>
    public static ExternName ItemName(Resolve resolve, WorldKey key, WorldItem item)
    {
        var name = KeyName(resolve, key);
        if (!key.IsInterface && item is InterfaceWorldItem i && resolve.Interfaces[i.Id].Name is not null)
            return new ExternName(name, resolve.InterfaceQualifiedName(i.Id));
        return name;
    }

    /// <summary>The import/export name of a world key: the plain name or <c>ns:pkg/iface@v</c>.</summary>
    public static string KeyName(Resolve resolve, WorldKey key) =>
        key.Name ?? resolve.InterfaceQualifiedName(key.InterfaceId!.Value) ?? throw new WitEncodingException("world key names an interface without a name");

    private void PushInstance() => _inner = new TypeScope();

    private InstanceTypeDefinition PopInstance()
    {
        var def = new InstanceTypeDefinition(_inner!.Declarations);
        _inner = null;
        return def;
    }

    private uint EncodeInstance(Id<Interface> interfaceId)
    {
        PushInstance();
        var iface = _resolve.Interfaces[interfaceId];
        foreach (var t in iface.Types.Values) EncodeValType(WitType.Id(t));
        foreach (var entry in EncodedFunctionOrder(_resolve, interfaceId))
        {
            uint type = EncodeFuncType(entry.Value);
            _inner!.Export(entry.Key, ExternDesc.Func(type));
        }
        var instance = PopInstance();
        uint index = _outer.Define(instance);
        _importMap[interfaceId] = _outer.InstanceCount;
        return index;
    }

    /// <summary>
    /// The order wit-component exports an interface's functions in: resource functions first, in the order of their
    /// resources among the interface's types, then freestanding functions (a stable sort of the source order).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, Function>> EncodedFunctionOrder(Resolve resolve, Id<Interface> interfaceId)
    {
        var iface = resolve.Interfaces[interfaceId];
        var order = iface.Types.Values.ToList();
        return iface.Functions.Select((f, i) => (f, i))
            .OrderBy(p => p.f.Value.Resource is { } r && order.IndexOf(r) >= 0 ? order.IndexOf(r) : order.Count)
            .ThenBy(p => p.i)
            .Select(p => p.f);
    }

    private uint EncodeFuncType(Function function)
    {
        bool isAsync = function.Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic;
        var key = new StringBuilder(isAsync ? "async(" : "(");
        foreach (var p in function.Params) key.Append(p.Name).Append(':').Append(p.Type).Append(',');
        key.Append(")->").Append(function.Result?.ToString() ?? "");
        var scope = Current;
        if (scope.FuncTypeMap.TryGetValue(key.ToString(), out var existing)) return existing;

        var ps = new List<NamedValType>(function.Params.Count);
        foreach (var p in function.Params) ps.Add(new NamedValType(p.Name, EncodeValType(p.Type)));
        ValType? result = function.Result is { } r ? EncodeValType(r) : null;
        uint index = Current.Define(new FuncType(isAsync, ps, result));
        Current.FuncTypeMap[key.ToString()] = index;
        return index;
    }

    private ValType? EncodeOptional(WitType? type) => type is { } t ? EncodeValType(t) : null;

    public ValType EncodeValType(WitType type)
    {
        if (!type.IsId) return ValType.Of(Primitive(type.Kind));
        var id = type.TypeId;
        if (Current.TypeMap.TryGetValue(id, out var known)) return ValType.Ref(known);

        var def = _resolve.Types[id];
        if (def.Owner is InterfaceOwner owner && owner.Id != _interface)
        {
            uint imported = ImportType(owner.Id, id);
            Current.TypeMap[id] = imported;
            return ValType.Ref(imported);
        }

        ValType encoded;
        switch (def.Kind)
        {
            case RecordKind rec:
            {
                var fields = rec.Fields.Select(f => new NamedValType(f.Name, EncodeValType(f.Type))).ToList();
                encoded = ValType.Ref(Current.Define(new RecordType(fields)));
                break;
            }
            case TupleKind tuple:
            {
                var types = tuple.Types.Select(EncodeValType).ToList();
                encoded = ValType.Ref(Current.Define(new TupleType(types)));
                break;
            }
            case FlagsKind flags:
                encoded = ValType.Ref(Current.Define(new FlagsType(flags.Flags.Select(f => f.Name).ToList())));
                break;
            case VariantKind variant:
            {
                var cases = variant.Cases.Select(c => new CaseType(c.Name, EncodeOptional(c.Type))).ToList();
                encoded = ValType.Ref(Current.Define(new VariantType(cases)));
                break;
            }
            case EnumKind en:
                encoded = ValType.Ref(Current.Define(new EnumType(en.Cases.Select(c => c.Name).ToList())));
                break;
            case OptionKind option:
            {
                var element = EncodeValType(option.Element);
                encoded = ValType.Ref(Current.Define(new OptionType(element)));
                break;
            }
            case ResultKind result:
            {
                var ok = EncodeOptional(result.Ok);
                var err = EncodeOptional(result.Err);
                encoded = ValType.Ref(Current.Define(new ResultType(ok, err)));
                break;
            }
            case ListKind list:
            {
                var element = EncodeValType(list.Element);
                encoded = ValType.Ref(Current.Define(new ListType(element)));
                break;
            }
            case FixedListKind fixedList:
            {
                var element = EncodeValType(fixedList.Element);
                encoded = ValType.Ref(Current.Define(new FixedListType(element, fixedList.Length)));
                break;
            }
            case MapKind map:
            {
                var k = EncodeValType(map.Key);
                var v = EncodeValType(map.Value);
                encoded = ValType.Ref(Current.Define(new MapType(k, v)));
                break;
            }
            case FutureKind future:
            {
                var element = EncodeOptional(future.Element);
                encoded = ValType.Ref(Current.Define(new FutureType(element)));
                break;
            }
            case StreamKind stream:
            {
                var element = EncodeOptional(stream.Element);
                encoded = ValType.Ref(Current.Define(new StreamType(element)));
                break;
            }
            case AliasKind alias:
                encoded = EncodeValType(alias.Target);
                break;
            case ResourceKind:
            {
                var name = def.Name ?? throw new WitEncodingException("resources must be named");
                uint index = ExportResource(name);
                Current.TypeMap[id] = index;
                return ValType.Ref(index);
            }
            case HandleKind handle:
            {
                var resource = EncodeValType(WitType.Id(handle.Resource));
                encoded = ValType.Ref(Current.Define(handle.IsBorrow ? new BorrowType(resource.Index) : new OwnType(resource.Index)));
                break;
            }
            default:
                throw new WitEncodingException($"type kind {def.Kind.GetType().Name} cannot be encoded");
        }

        if (def.Name is { } typeName)
        {
            uint index = encoded.IsPrimitive ? Current.Define(new PrimitiveDefinedType(encoded.Primitive)) : encoded.Index;
            encoded = ValType.Ref(ExportType(index, typeName) ?? index);
        }
        if (!encoded.IsPrimitive) Current.TypeMap[id] = encoded.Index;
        return encoded;
    }

    private uint? ExportType(uint index, string name)
    {
        if (_inner is not null) return _inner.Export(name, ExternDesc.Type(TypeBound.Eq(index)));
        return _importTypes
            ? _outer.Import(name, ExternDesc.Type(TypeBound.Eq(index)))
            : _outer.Export(name, ExternDesc.Type(TypeBound.Eq(index)));
    }

    private uint ExportResource(string name)
    {
        var desc = ExternDesc.Type(TypeBound.SubResource);
        if (_inner is not null) return _inner.Export(name, desc);
        return _importTypes ? _outer.Import(name, desc) : _outer.Export(name, desc);
    }

    private uint ImportType(Id<Interface> owner, Id<TypeDef> id)
    {
        if (!_importMap.TryGetValue(owner, out var instance))
            throw new WitEncodingException($"type `{_resolve.Types[id].Name}` belongs to interface `{_resolve.InterfaceQualifiedName(owner) ?? owner.ToString()}`, which is not imported before its use");
        if (!_outerTypeMap.TryGetValue(id, out var outerIndex))
        {
            var name = _resolve.Types[id].Name ?? throw new WitEncodingException("an anonymous type cannot be imported from another interface");
            outerIndex = _outer.AddAlias(new Alias(Sort.Type, new InstanceExportAlias(instance, name)));
            _outerTypeMap[id] = outerIndex;
        }
        if (_inner is null) return outerIndex;
        return _inner.AddAlias(new Alias(Sort.Type, new OuterAlias(1, outerIndex)));
    }

    private static PrimitiveValType Primitive(WitTypeKind kind) => kind switch
    {
        WitTypeKind.Bool => PrimitiveValType.Bool,
        WitTypeKind.U8 => PrimitiveValType.U8, WitTypeKind.U16 => PrimitiveValType.U16,
        WitTypeKind.U32 => PrimitiveValType.U32, WitTypeKind.U64 => PrimitiveValType.U64,
        WitTypeKind.S8 => PrimitiveValType.S8, WitTypeKind.S16 => PrimitiveValType.S16,
        WitTypeKind.S32 => PrimitiveValType.S32, WitTypeKind.S64 => PrimitiveValType.S64,
        WitTypeKind.F32 => PrimitiveValType.F32, WitTypeKind.F64 => PrimitiveValType.F64,
        WitTypeKind.Char => PrimitiveValType.Char, WitTypeKind.String => PrimitiveValType.String,
        _ => PrimitiveValType.ErrorContext,
    };
}
