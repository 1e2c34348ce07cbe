using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Mapping;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Naming;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Building;

/// <summary>Computes the <see cref="WorldBinding"/> of one world of a resolve.</summary>
internal sealed class BindingBuilder
{
    private readonly Resolve _resolve;
    private readonly Id<World> _worldId;
    private readonly BindingOptions _options;
    private readonly NamespacePlanner _namespaces;
    private readonly Dictionary<Id<TypeDef>, string> _named = new();
    private readonly Dictionary<Id<TypeDef>, string> _simpleNames = new();
    private readonly Dictionary<Id<TypeDef>, Direction> _resourceDirection = new();
    private readonly HashSet<string> _emittedTypes = new();
    private Dictionary<Id<TypeDef>, string>? _copyNames;
    private Dictionary<Id<TypeDef>, string>? _copySimpleNames;
    private readonly TypeMapper _mapper;
    private readonly ShapeBuilder _shapes;
    private Preview3Check? _check;

    public BindingBuilder(Resolve resolve, Id<World> worldId, BindingOptions options)
    {
        _resolve = resolve;
        _worldId = worldId;
        _options = options;
        _namespaces = new NamespacePlanner(resolve, options.RootNamespace);
        _mapper = new TypeMapper(resolve, _named);
        _shapes = new ShapeBuilder(resolve, _mapper, id => ResourceDirection(id) == Direction.Export);
    }

    public WorldBinding Build()
    {
        var world = _resolve.Worlds[_worldId];
        var worldNs = _namespaces.World(_worldId);
        var worldClass = CSharpNames.Pascal(world.Name);

        var check = new Preview3Check(_resolve);
        foreach (var (key, item, _) in Items(world))
        {
            var where = $"world '{world.Name}', {KeyName(key)}";
            switch (item)
            {
                case FunctionWorldItem f: check.CheckFunction(where, f.Function); break;
                case TypeWorldItem t: check.CheckType(where, WitType.Id(t.Id)); break;
                case InterfaceWorldItem i:
                    var iface = _resolve.Interfaces[i.Id];
                    foreach (var t in iface.Types.Values) check.CheckType(where, WitType.Id(t));
                    foreach (var fn in iface.Functions.Values) check.CheckFunction(where, fn);
                    break;
            }
        }
        // What uses a Preview 3 feature is reported (above) and left out; the rest is still generated, so user
        // code that refers to it does not fail with a cascade of missing types while the feature is unsupported.
        _check = check;

        // Name every type first so signatures can refer to types of interfaces declared later.
        var interfaceScopes = new Dictionary<string, NameScope>();
        foreach (var (key, item, direction) in Items(world))
        {
            if (item is InterfaceWorldItem i)
                NameTypes(InterfaceNamespace(key, i.Id, worldNs), _resolve.Interfaces[i.Id].Types.Values, interfaceScopes, direction);
            else if (item is TypeWorldItem t)
                NameTypes(worldNs, new[] { t.Id }, interfaceScopes, direction);
        }

        var decls = new List<InterfaceDecl>();
        var worldFunctions = new Dictionary<Direction, List<Function>> { [Direction.Import] = new(), [Direction.Export] = new() };
        var worldTypes = new List<Id<TypeDef>>();
        foreach (var (key, item, direction) in Items(world))
        {
            switch (item)
            {
                case InterfaceWorldItem i:
                    {
                        var iface = _resolve.Interfaces[i.Id];
                        var ns = InterfaceNamespace(key, i.Id, worldNs);
                        var witName = _resolve.InterfaceQualifiedName(i.Id) ?? key.Name ?? "interface";
                        var label = CSharpNames.Pascal(iface.Name ?? key.Name ?? "interface");
                        bool dual = direction == Direction.Export && world.Imports.ContainsKey(key);
                        if (dual)
                        {
                            // Imported and exported: at the component level these are two instances with
                            // distinct types, so the export side gets its own copies in {ns}.Exports.
                            ns = ns + "." + ScopeOf(ns, interfaceScopes).Claim("Exports");
                            BeginExportCopies(ns, iface.Types.Values, interfaceScopes);
                        }
                        decls.Add(BuildInterface(direction, ns, witName, label, iface.Types.Values, iface.Functions.Values,
                            XmlDocs.Summary(iface.Docs ?? i.Docs), interfaceScopes, isWorld: false));
                        if (dual) EndExportCopies();
                        break;
                    }
                case FunctionWorldItem f: if (check.IsSupported(f.Function)) worldFunctions[direction].Add(f.Function); break;
                case TypeWorldItem t: worldTypes.Add(t.Id); break;
            }
        }
        foreach (var direction in new[] { Direction.Import, Direction.Export })
        {
            var types = direction == Direction.Import ? worldTypes.Where(id => HasName(id) && check.IsSupported(WitType.Id(id))).ToList() : new List<Id<TypeDef>>();
            if (worldFunctions[direction].Count == 0 && types.Count == 0) continue;
            decls.Add(BuildInterface(direction, worldNs, "$root", worldClass, types, worldFunctions[direction],
                XmlDocs.Summary(world.Docs), interfaceScopes, isWorld: true));
        }
        return new WorldBinding(world.Name, worldNs, worldClass, decls.ToEquatableArray(), check.Found.ToEquatableArray(), _options.Internal);
    }

    private bool HasName(Id<TypeDef> id) => (_copySimpleNames?.ContainsKey(id) ?? false) || _simpleNames.ContainsKey(id);
    private string SimpleName(Id<TypeDef> id) => _copySimpleNames is not null && _copySimpleNames.TryGetValue(id, out var s) ? s : _simpleNames[id];
    private string FullName(Id<TypeDef> id) => _copyNames is not null && _copyNames.TryGetValue(id, out var s) ? s : _named[id];

    private Direction ResourceDirection(Id<TypeDef> id)
    {
        if (_copySimpleNames?.ContainsKey(id) ?? false) return Direction.Export;
        return _resourceDirection.TryGetValue(id, out var d) ? d : Direction.Import;
    }

    /// <summary>Names export-side copies of an interface's types; while active, they shadow the import-side names.</summary>
    private void BeginExportCopies(string ns, IEnumerable<Id<TypeDef>> typeIds, Dictionary<string, NameScope> scopes)
    {
        var scope = ScopeOf(ns, scopes);
        _copyNames = new Dictionary<Id<TypeDef>, string>();
        _copySimpleNames = new Dictionary<Id<TypeDef>, string>();
        foreach (var id in typeIds)
        {
            var def = _resolve.Types[id];
            if (def.Name is null || def.Kind is not (RecordKind or FlagsKind or EnumKind or VariantKind or ResourceKind)) continue;
            var name = scope.Claim(CSharpNames.Pascal(def.Name));
            _copySimpleNames[id] = name;
            _copyNames[id] = "global::" + ns + "." + name;
        }
        _mapper.Overrides = _copyNames;
    }

    private void EndExportCopies()
    {
        _copyNames = null;
        _copySimpleNames = null;
        _mapper.Overrides = null;
    }

    private IEnumerable<(WorldKey Key, WorldItem Item, Direction Direction)> Items(World world)
    {
        foreach (var e in world.Imports) yield return (e.Key, e.Value, Direction.Import);
        foreach (var e in world.Exports) yield return (e.Key, e.Value, Direction.Export);
    }

    /// <summary>How diagnostics name a world item: its name, or the interface's qualified name (<c>wasi:http/types@0.3.0</c>).</summary>
    private string KeyName(WorldKey key) => key.Name ?? _resolve.InterfaceQualifiedName(key.InterfaceId!.Value) ?? $"interface #{key.InterfaceId.Value.Index}";

    private string InterfaceNamespace(WorldKey key, Id<Interface> id, string worldNs)
    {
        var iface = _resolve.Interfaces[id];
        if (iface.Name is not null && iface.Package is not null) return _namespaces.Interface(id);
        // Arena index, not the id's ToString: generated names stay what they were.
        return worldNs + "." + CSharpNames.Pascal(key.Name ?? "Interface" + id.Index);
    }

    private static NameScope ScopeOf(string ns, Dictionary<string, NameScope> scopes)
    {
        if (!scopes.TryGetValue(ns, out var scope)) scopes[ns] = scope = new NameScope();
        return scope;
    }

    private void NameTypes(string ns, IEnumerable<Id<TypeDef>> typeIds, Dictionary<string, NameScope> scopes, Direction direction)
    {
        var scope = ScopeOf(ns, scopes);
        foreach (var id in typeIds)
        {
            var def = _resolve.Types[id];
            if (def.Name is null || _named.ContainsKey(id)) continue;
            if (def.Kind is not (RecordKind or FlagsKind or EnumKind or VariantKind or ResourceKind)) continue;
            var name = scope.Claim(CSharpNames.Pascal(def.Name));
            _simpleNames[id] = name;
            _named[id] = "global::" + ns + "." + name;
            if (def.Kind is ResourceKind) _resourceDirection[id] = direction;
        }
    }

    private InterfaceDecl BuildInterface(Direction direction, string ns, string witName, string label,
        IEnumerable<Id<TypeDef>> typeIds, IEnumerable<Function> functions, List<string> docs,
        Dictionary<string, NameScope> scopes, bool isWorld)
    {
        var scope = ScopeOf(ns, scopes);
        string className = scope.Claim(label + (direction == Direction.Import ? "Imports" : "Exports"));
        string? contract = direction == Direction.Export ? scope.Claim("I" + label) : null;
        var importModule = isWorld ? "$root" : witName;
        var exportPrefix = isWorld ? "" : witName + "#";

        var fnList = functions.Where(f => _check!.IsSupported(f)).ToList();
        var types = new List<TypeDecl>();
        foreach (var id in typeIds)
        {
            if (!HasName(id) || !_check!.IsSupported(WitType.Id(id)) || !_emittedTypes.Add(FullName(id))) continue;
            var resourceFns = fnList.Where(f => f.Resource is { } fr && _resolve.DealiasId(fr) == id).ToList();
            types.Add(BuildType(id, resourceFns, importModule, exportPrefix));
        }

        var memberScope = new NameScope(className);
        if (contract is not null) memberScope.Reserve("Implementation");
        var decls = new List<FunctionDecl>();
        foreach (var f in fnList)
        {
            if (f.Kind == FunctionKind.Freestanding)
            {
                decls.Add(BuildFunction(f, FunctionRole.Free, memberScope.Claim(CSharpNames.Pascal(f.ItemName)), direction, witName, importModule, exportPrefix));
            }
            else if (direction == Direction.Export && f.Kind is FunctionKind.Constructor or FunctionKind.Static)
            {
                // Exported resource constructors and static functions are members of the interface contract.
                var resName = CSharpNames.Pascal(_resolve.Types[_resolve.DealiasId(f.Resource!.Value)].Name ?? "resource");
                var name = f.Kind == FunctionKind.Constructor ? "Create" + resName : resName + CSharpNames.Pascal(f.ItemName);
                var role = f.Kind == FunctionKind.Constructor ? FunctionRole.Constructor : FunctionRole.Static;
                decls.Add(BuildFunction(f, role, memberScope.Claim(name), direction, witName, importModule, exportPrefix));
            }
            else if (direction == Direction.Export && f.Kind == FunctionKind.Method)
            {
                var rid = _resolve.DealiasId(f.Resource!.Value);
                var resName = CSharpNames.Pascal(_resolve.Types[rid].Name ?? "resource");
                var target = HasName(rid)
                    ? MemberNames.ResourceFunctions(SimpleName(rid), fnList.Where(g => g.Resource is { } gr && _resolve.DealiasId(gr) == rid), exported: true)[f.Name]
                    : CSharpNames.Pascal(f.ItemName);
                decls.Add(BuildFunction(f, FunctionRole.Method, memberScope.Claim(resName + CSharpNames.Pascal(f.ItemName)), direction, witName, importModule, exportPrefix, target: target));
            }
        }
        return new InterfaceDecl(direction, ns, witName, className, contract, types.ToEquatableArray(), decls.ToEquatableArray(), docs.ToEquatableArray());
    }

    private TypeDecl BuildType(Id<TypeDef> id, List<Function> resourceFunctions, string importModule, string exportPrefix)
    {
        var def = _resolve.Types[id];
        var name = SimpleName(id);
        var full = FullName(id);
        var docs = XmlDocs.Summary(def.Docs).ToEquatableArray();
        switch (def.Kind)
        {
            case RecordKind r:
                {
                    var names = MemberNames.RecordFields(name, r);
                    var members = r.Fields.Select((f, i) =>
                        new MemberDecl(names[i], f.Name, _mapper.Map(f.Type), null, XmlDocs.Param(names[i], f.Docs).ToEquatableArray()));
                    return new TypeDecl(TypeDeclKind.Record, name, full, def.Name!, null, members.ToEquatableArray(), default, docs);
                }
            case EnumKind e:
                {
                    var scope = new NameScope("value__");
                    var underlying = e.Cases.Count <= 256 ? "byte" : e.Cases.Count <= 65536 ? "ushort" : "uint";
                    var members = e.Cases.Select((c, i) => new MemberDecl(scope.Claim(CSharpNames.Pascal(c.Name)), c.Name, null, i.ToString(System.Globalization.CultureInfo.InvariantCulture), XmlDocs.Summary(c.Docs).ToEquatableArray()));
                    return new TypeDecl(TypeDeclKind.Enum, name, full, def.Name!, underlying, members.ToEquatableArray(), default, docs);
                }
            case FlagsKind fl:
                {
                    var scope = new NameScope("value__");
                    var n = fl.Flags.Count;
                    var underlying = n <= 8 ? "byte" : n <= 16 ? "ushort" : "uint"; // more than 32 flags are invalid (Preview3Check)
                    var members = fl.Flags.Select((c, i) => new MemberDecl(scope.Claim(CSharpNames.Pascal(c.Name)), c.Name, null, i.ToString(System.Globalization.CultureInfo.InvariantCulture), XmlDocs.Summary(c.Docs).ToEquatableArray()));
                    return new TypeDecl(TypeDeclKind.Flags, name, full, def.Name!, underlying, members.ToEquatableArray(), default, docs);
                }
            case VariantKind v:
                {
                    var names = MemberNames.VariantCases(name, v);
                    var members = v.Cases.Select((c, i) => new MemberDecl(names[i], c.Name, c.Type is { } t ? _mapper.Map(t) : null, null, XmlDocs.Summary(c.Docs).ToEquatableArray()));
                    return new TypeDecl(TypeDeclKind.Variant, name, full, def.Name!, null, members.ToEquatableArray(), default, docs);
                }
            case ResourceKind:
                {
                    var direction = ResourceDirection(id);
                    var methodNames = MemberNames.ResourceFunctions(name, resourceFunctions, direction == Direction.Export);
                    var fns = new List<FunctionDecl>();
                    foreach (var f in resourceFunctions)
                    {
                        if (direction == Direction.Export && f.Kind != FunctionKind.Method) continue;
                        var role = f.Kind switch
                        {
                            FunctionKind.Constructor => FunctionRole.Constructor,
                            FunctionKind.Static => FunctionRole.Static,
                            _ => FunctionRole.Method,
                        };
                        var fname = role == FunctionRole.Constructor ? name : methodNames[f.Name];
                        fns.Add(BuildFunction(f, role, fname, direction, importModule, importModule, exportPrefix, withGlue: direction == Direction.Import));
                    }
                    var kind = direction == Direction.Export ? TypeDeclKind.ExportedResource : TypeDeclKind.ImportedResource;
                    // Members carry the canonical resource functions' modules: imports of [resource-drop] (imported
                    // resources) or [resource-new]/[resource-rep] from "[export]iface" plus the "iface#[dtor]r" export.
                    var module = kind == TypeDeclKind.ExportedResource ? "[export]" + importModule : importModule;
                    var canon = new[]
                    {
                        new MemberDecl("Module", def.Name!, null, module, default),
                        new MemberDecl("Destructor", def.Name!, null, exportPrefix + "[dtor]" + def.Name, default),
                    };
                    return new TypeDecl(kind, name, full, def.Name!, null, canon.ToEquatableArray(), fns.ToEquatableArray(), docs);
                }
            default:
                return new TypeDecl(TypeDeclKind.Record, name, full, def.Name ?? "", null, default, default, docs);
        }
    }

    private FunctionDecl BuildFunction(Function f, FunctionRole role, string name, Direction direction, string witInterface,
        string importModule, string exportPrefix, bool withGlue = true, string? target = null)
    {
        var paramScope = new NameScope("result", "ret", "area", "handle");
        var sourceParams = role == FunctionRole.Method ? f.Params.Skip(1) : f.Params;
        var ps = sourceParams.Select(p => new ParamDecl(CamelClaim(paramScope, p.Name), _mapper.Map(p.Type))).ToList();
        bool throws = false;
        string returnType = "void";
        if (f.Result is { } r)
        {
            var dr = _resolve.Dealias(r);
            if (role != FunctionRole.Constructor && dr.IsId && _resolve.Types[_resolve.DealiasId(dr.TypeId)].Kind is ResultKind res
                && StyleOf(witInterface, f.Name) == ErrorStyle.Exceptions)
            {
                throws = true;
                returnType = res.Ok is { } ok ? _mapper.Map(ok) : "void";
            }
            else returnType = _mapper.Map(r);
        }
        var docs = XmlDocs.Summary(f.Docs).ToEquatableArray();
        var abi = !withGlue ? null
            : direction == Direction.Import ? _shapes.Function(f, importModule, f.Name, target ?? name)
            : _shapes.Function(f, "", exportPrefix + f.Name, target ?? name);
        return new FunctionDecl(name, f.Name, role, ps.ToEquatableArray(), returnType, throws, docs, abi);
    }

    private static string CamelClaim(NameScope scope, string witName)
    {
        var camel = CSharpNames.Camel(witName);
        var claimed = scope.Claim(camel);
        return CSharpNames.IsKeyword(claimed.TrimStart('@')) && !claimed.StartsWith("@", System.StringComparison.Ordinal) ? "@" + claimed : claimed;
    }

    private ErrorStyle StyleOf(string witInterface, string functionName)
    {
        var unversioned = witInterface.IndexOf('@') is var at and >= 0 ? witInterface.Substring(0, at) : witInterface;
        var keys = witInterface == "$root"
            ? new[] { functionName }
            : new[] { witInterface + "#" + functionName, unversioned + "#" + functionName, witInterface, unversioned };
        foreach (var key in keys)
        {
            if (_options.ExceptionsFor.Contains(key)) return ErrorStyle.Exceptions;
            if (_options.ResultsFor.Contains(key)) return ErrorStyle.Result;
        }
        return _options.Errors;
    }
}
