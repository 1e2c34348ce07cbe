using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Syntax;
using WitBindgen.WitParser.Text;
using WorldItem = WitBindgen.WitParser.Model.WorldItem;
using Attribute = WitBindgen.WitParser.Syntax.Attribute;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Resolves the names of one package (all its files) into local arenas: an <see cref="UnresolvedPackage"/>.
/// Foreign interfaces, worlds and types get placeholders first; local interfaces and worlds follow in
/// topological order. This file holds the package structure; PackageResolver.Types.cs types and functions.
/// </summary>
internal sealed partial class PackageResolver
{
    private readonly List<(SourceFile File, IReadOnlyList<TopLevelItem> Items)> _files = new();
    private PackageId? _name;
    private Span _nameSpan;
    private string? _docs;

    private UnresolvedPackage _pkg = null!;
    private int _currentFile;
    private readonly List<Dictionary<string, ItemRef>> _fileItems = new();
    private readonly Dictionary<string, ItemRef> _packageItems = new();
    // Per interface: its names (types and functions) as seen by `use`.
    private readonly List<OrderedMap<string, NameEntry>> _interfaceNames = new();
    private readonly HashSet<Id<Interface>> _foreignInterfaces = new();
    private readonly HashSet<Id<World>> _foreignWorlds = new();
    // The scope being resolved (an interface or a world).
    private OrderedMap<string, NameEntry> _scope = new();
    private readonly Dictionary<string, Id<TypeDef>> _anonTypes = new();

    /// <summary>A name in an interface or world scope: a type id, or a non-type item ("function"; its TypeId is unused).</summary>
    private readonly record struct NameEntry(Id<TypeDef> TypeId, string? Item, Span Span)
    {
        public bool IsType => Item is null;
    }

    private enum PathKind { Interface, World, Unknown }

    private delegate void PathVisitor(Identifier? owner, IReadOnlyList<Attribute> attributes, UsePath path, IReadOnlyList<UseName>? names, PathKind kind);

    /// <summary>Resolves a nested package (it has a single declaration list).</summary>
    public static UnresolvedPackage ResolveNested(SourceFile file, NestedPackage nested)
    {
        var r = new PackageResolver();
        r.Push(file, nested.Name, nested.Docs, nested.Items);
        return r.Resolve();
    }

    /// <summary>Adds one file of the package (its header, if any, and its items).</summary>
    public void Push(SourceFile file, PackageName? header, Docs headerDocs, IReadOnlyList<TopLevelItem> items)
    {
        if (header is not null)
        {
            var name = ToPackageId(header);
            if (_name is not null && !_name.Equals(name))
                throw ResolveErrors.At(header.Span, DiagnosticCodes.PackageDeclaration,
                    $"package identifier `{name}` does not match previous package name of `{_name}`");
            _name = name;
            _nameSpan = header.Span;
            if (headerDocs.Contents is not null)
            {
                if (_docs is not null)
                    throw ResolveErrors.At(headerDocs.Span ?? header.Span, DiagnosticCodes.PackageDeclaration, "found doc comments on multiple 'package' items");
                _docs = headerDocs.Contents;
            }
        }
        _files.Add((file, items));
    }

    public static PackageId ToPackageId(PackageName name) => new(name.Namespace.Name, name.Name.Name, name.Version);

    /// <summary>Resolves everything pushed so far.</summary>
    public UnresolvedPackage Resolve()
    {
        if (_name is null)
            throw ResolveErrors.Unlocated(DiagnosticCodes.PackageDeclaration, "no `package` header was found in any WIT file for this package");
        _pkg = new UnresolvedPackage(_name, _nameSpan) { Docs = _docs };

        PopulateForeignDeps();
        var (interfaceOrder, worldOrder) = PopulateAstItems();
        PopulateForeignTypes();

        var interfaceAst = new Dictionary<Id<Interface>, (InterfaceDecl Decl, int File)>();
        var worldAst = new Dictionary<Id<World>, (WorldDecl Decl, int File)>();
        for (int i = 0; i < _files.Count; i++)
        {
            foreach (var item in _files[i].Items)
            {
                if (item is InterfaceDecl iface) interfaceAst[_fileItems[i][iface.Name.Name].Interface!.Value] = (iface, i);
                else if (item is WorldDecl world) worldAst[_fileItems[i][world.Name.Name].World!.Value] = (world, i);
            }
        }
        foreach (var id in interfaceOrder)
        {
            var (decl, file) = interfaceAst[id];
            _currentFile = file;
            ResolveInterface(id, decl.Items, decl.Docs, decl.Attributes);
        }
        foreach (var id in worldOrder)
        {
            var (decl, file) = worldAst[id];
            _currentFile = file;
            ResolveWorld(id, decl);
        }
        return _pkg;
    }

    private static Identifier PathName(UsePath path) => path switch
    {
        LocalPath l => l.Name,
        PackagePath p => p.Name,
        _ => throw new System.InvalidOperationException(),
    };

    private static void ForEachPath(IReadOnlyList<TopLevelItem> items, PathVisitor f)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case WorldDecl world:
                {
                    // Imports are visited before exports, uses and includes in place.
                    var imports = new List<ImportExportDecl>();
                    var exports = new List<ImportExportDecl>();
                    foreach (var wi in world.Items)
                    {
                        switch (wi)
                        {
                            case WorldUse u: f(null, u.Use.Attributes, u.Use.From, u.Use.Names, PathKind.Interface); break;
                            case IncludeDecl inc: f(world.Name, inc.Attributes, inc.From, null, PathKind.World); break;
                            case ImportExportDecl d: (d.IsImport ? imports : exports).Add(d); break;
                        }
                    }
                    foreach (var d in imports) VisitExtern(d, f);
                    foreach (var d in exports) VisitExtern(d, f);
                    break;
                }
                case InterfaceDecl iface:
                    foreach (var ii in iface.Items)
                        if (ii is UseDecl u) f(iface.Name, u.Attributes, u.From, u.Names, PathKind.Interface);
                    break;
                case TopLevelUse tu:
                    f(null, tu.Attributes, tu.Path, null, PathKind.Unknown);
                    break;
            }
        }
    }

    private static void VisitExtern(ImportExportDecl d, PathVisitor f)
    {
        switch (d.Spec)
        {
            case InlineInterfaceExtern inline:
                foreach (var ii in inline.Items)
                    if (ii is UseDecl u) f(null, u.Attributes, u.From, u.Names, PathKind.Interface);
                break;
            case PathExtern p: f(null, d.Attributes, p.Path, null, PathKind.Interface); break;
            case LabeledPathExtern lp: f(null, d.Attributes, lp.Path, null, PathKind.Interface); break;
        }
    }

    private void PopulateForeignDeps()
    {
        foreach (var (_, items) in _files)
        {
            ForEachPath(items, (_, attrs, path, _, kind) =>
            {
                if (path is not PackagePath pp) return;
                var stability = StabilityOf(attrs);
                var pkgName = ToPackageId(pp.Package);
                if (!_pkg.ForeignDeps.TryGetValue(pkgName, out var dep))
                {
                    dep = new ForeignPackage(pkgName, pp.Package.Span);
                    _pkg.ForeignDeps[pkgName] = dep;
                }
                if (!dep.Items.TryGetValue(pp.Name.Name, out var foreign))
                {
                    var itemRef = kind == PathKind.World
                        ? ItemRef.Of(AllocWorld(pp.Name.Span))
                        : ItemRef.Of(AllocInterface(pp.Name.Span));
                    foreign = new ForeignItem(itemRef);
                    dep.Items[pp.Name.Name] = foreign;
                }
                foreign.Stabilities.Add(stability);
                if (foreign.Item.World is { } world) _foreignWorlds.Add(world);
                else _foreignInterfaces.Add(foreign.Item.Interface!.Value);
            });
        }
    }

    private Id<Interface> AllocInterface(Span span)
    {
        _interfaceNames.Add(new OrderedMap<string, NameEntry>());
        _pkg.InterfaceSpans.Add(new InterfaceSpans(span));
        return _pkg.Interfaces.Add(new Interface());
    }

    private Id<World> AllocWorld(Span span)
    {
        _pkg.WorldSpans.Add(new WorldSpans(span));
        _pkg.WorldIncludes.Add(new List<PendingInclude>());
        return _pkg.Worlds.Add(new World());
    }

    private (List<Id<Interface>> Interfaces, List<Id<World>> Worlds) PopulateAstItems()
    {
        var packageSpans = new Dictionary<string, Span>();
        var declared = new Dictionary<string, TopLevelItem>();
        var order = new OrderedMap<string, List<Identifier>>();
        foreach (var (_, items) in _files)
        {
            foreach (var item in items)
            {
                Identifier? name = item switch { InterfaceDecl i => i.Name, WorldDecl w => w.Name, _ => null };
                if (name is null) continue;
                if (packageSpans.ContainsKey(name.Name))
                    throw ResolveErrors.At(name.Span, DiagnosticCodes.DuplicateName, $"duplicate item named `{name.Name}`");
                packageSpans[name.Name] = name.Span;
                order[name.Name] = new List<Identifier>();
                declared[name.Name] = item;
            }
        }

        foreach (var (_, items) in _files)
        {
            // What each top-level name of this file refers to: a local item (by its identifier) or a foreign one (null).
            var fileNames = new Dictionary<string, Identifier?>();
            foreach (var item in items)
            {
                Identifier name;
                Identifier? source;
                switch (item)
                {
                    case TopLevelUse u:
                        name = u.As ?? PathName(u.Path);
                        source = u.Path is LocalPath lp ? lp.Name : null;
                        break;
                    case InterfaceDecl i: name = i.Name; source = i.Name; break;
                    case WorldDecl w: name = w.Name; source = w.Name; break;
                    default: continue;
                }
                if (fileNames.ContainsKey(name.Name))
                    throw ResolveErrors.At(name.Span, DiagnosticCodes.DuplicateName, $"duplicate name `{name.Name}` in this file");
                fileNames[name.Name] = source;
            }

            ForEachPath(items, (owner, _, path, _, _) =>
            {
                if (owner is null || path is not LocalPath used) return;
                if (fileNames.TryGetValue(used.Name.Name, out var source))
                {
                    if (source is not null) order[owner.Name].Add(source);
                }
                else if (packageSpans.ContainsKey(used.Name.Name))
                {
                    order[owner.Name].Add(used.Name);
                }
                else
                {
                    throw ResolveErrors.At(used.Name.Span, DiagnosticCodes.UnknownName, $"interface or world `{used.Name.Name}` does not exist");
                }
            });
        }

        var sorted = TopologicalSort.Sort("interface or world", order);
        var ids = new Dictionary<string, ItemRef>();
        var interfaceOrder = new List<Id<Interface>>();
        var worldOrder = new List<Id<World>>();
        foreach (var name in sorted)
        {
            if (declared[name] is InterfaceDecl)
            {
                var id = AllocInterface(packageSpans[name]);
                _pkg.Interfaces[id].Name = name;
                ids[name] = ItemRef.Of(id);
                interfaceOrder.Add(id);
            }
            else
            {
                var id = AllocWorld(packageSpans[name]);
                _pkg.Worlds[id].Name = name;
                ids[name] = ItemRef.Of(id);
                worldOrder.Add(id);
            }
        }

        foreach (var (_, items) in _files)
        {
            var fileItems = new Dictionary<string, ItemRef>();
            foreach (var item in items)
            {
                switch (item)
                {
                    case TopLevelUse u:
                    {
                        if (u.Attributes.Count > 0)
                            throw ResolveErrors.At(u.Path.Span, DiagnosticCodes.Stability, "attributes not allowed on top-level use");
                        var name = u.As ?? PathName(u.Path);
                        ItemRef target;
                        if (u.Path is LocalPath lp)
                        {
                            if (!ids.TryGetValue(lp.Name.Name, out target))
                                throw ResolveErrors.At(lp.Name.Span, DiagnosticCodes.UnknownName, $"interface or world `{lp.Name.Name}` does not exist");
                        }
                        else
                        {
                            var pp = (PackagePath)u.Path;
                            target = _pkg.ForeignDeps[ToPackageId(pp.Package)].Items[pp.Name.Name].Item;
                        }
                        fileItems[name.Name] = target;
                        break;
                    }
                    case InterfaceDecl i:
                        fileItems[i.Name.Name] = ids[i.Name.Name];
                        _packageItems[i.Name.Name] = ids[i.Name.Name];
                        break;
                    case WorldDecl w:
                        fileItems[w.Name.Name] = ids[w.Name.Name];
                        _packageItems[w.Name.Name] = ids[w.Name.Name];
                        break;
                }
            }
            _fileItems.Add(fileItems);
        }
        return (interfaceOrder, worldOrder);
    }

    private void PopulateForeignTypes()
    {
        for (int i = 0; i < _files.Count; i++)
        {
            _currentFile = i;
            ForEachPath(_files[i].Items, (_, attrs, path, names, _) =>
            {
                if (names is null) return;
                var stability = StabilityOf(attrs);
                var (item, name, span) = ResolvePath(path);
                var iface = InterfaceOf(item, name, span);
                if (!_foreignInterfaces.Contains(iface)) return;
                var lookup = _interfaceNames[iface.Index];
                foreach (var n in names)
                {
                    if (lookup.ContainsKey(n.Name.Name)) continue;
                    var def = new TypeDef(n.Name.Name, UnknownKind.Instance, new InterfaceOwner(iface)) { Stability = stability };
                    var id = AddType(def, n.Name.Span);
                    _pkg.UnknownTypeSpans[id] = n.Name.Span;
                    lookup[n.Name.Name] = new NameEntry(id, null, n.Name.Span);
                    _pkg.Interfaces[iface].Types[n.Name.Name] = id;
                }
            });
        }
    }

    private Id<TypeDef> AddType(TypeDef def, Span span)
    {
        _pkg.TypeSpans.Add(span);
        return _pkg.Types.Add(def);
    }

    private (ItemRef Item, string Name, Span Span) ResolvePath(UsePath path)
    {
        switch (path)
        {
            case LocalPath lp:
                if (_fileItems[_currentFile].TryGetValue(lp.Name.Name, out var item) || _packageItems.TryGetValue(lp.Name.Name, out item))
                    return (item, lp.Name.Name, lp.Name.Span);
                throw ResolveErrors.At(lp.Name.Span, DiagnosticCodes.UnknownName, $"interface or world `{lp.Name.Name}` does not exist");
            case PackagePath pp:
                return (_pkg.ForeignDeps[ToPackageId(pp.Package)].Items[pp.Name.Name].Item, pp.Name.Name, pp.Name.Span);
            default:
                throw new System.InvalidOperationException();
        }
    }

    private static Id<Interface> InterfaceOf(ItemRef item, string name, Span span) =>
        item.Interface ?? throw ResolveErrors.At(span, DiagnosticCodes.WrongKind, $"name `{name}` is defined as a world, not an interface");

    private static Id<World> WorldOf(ItemRef item, string name, Span span) =>
        item.World ?? throw ResolveErrors.At(span, DiagnosticCodes.WrongKind, $"name `{name}` is defined as an interface, not a world");

    private void DefineName(Identifier name, NameEntry entry)
    {
        if (_scope.ContainsKey(name.Name))
            throw ResolveErrors.At(name.Span, DiagnosticCodes.DuplicateName, $"name `{name.Name}` is defined more than once");
        _scope[name.Name] = entry;
    }

    private void ResolveInterface(Id<Interface> id, IReadOnlyList<InterfaceItem> items, Docs docs, IReadOnlyList<Attribute> attributes)
    {
        var iface = _pkg.Interfaces[id];
        iface.Docs = docs.Contents;
        iface.Stability = StabilityOf(attributes);

        var typeItems = new List<object>();
        foreach (var item in items) if (item is UseDecl or TypeDecl) typeItems.Add(item);
        ResolveTypes(new InterfaceOwner(id), typeItems);
        foreach (var entry in _scope) iface.Types[entry.Key] = entry.Value.TypeId;

        var funcs = new List<Function>();
        var spans = _pkg.InterfaceSpans[id.Index].Functions;
        foreach (var item in items)
        {
            switch (item)
            {
                case FuncDecl f:
                    DefineName(f.Name, new NameEntry(default, "function", f.Name.Span));
                    funcs.Add(ResolveFunction(f.Docs, f.Attributes, f.Name.Name, f.Signature,
                        f.Signature.IsAsync ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding, null));
                    spans.Add(f.Name.Span);
                    break;
                case ResourceDecl r:
                    foreach (var rf in r.Functions)
                    {
                        funcs.Add(ResolveResourceFunction(rf, r.Name));
                        spans.Add(rf.Name.Span);
                    }
                    break;
            }
        }
        foreach (var f in funcs) iface.Functions[f.Name] = f;
        _interfaceNames[id.Index] = _scope;
        _scope = new OrderedMap<string, NameEntry>();
    }

    private void ResolveWorld(Id<World> id, WorldDecl decl)
    {
        var world = _pkg.Worlds[id];
        var spans = _pkg.WorldSpans[id.Index];
        world.Docs = decl.Docs.Contents;
        world.Stability = StabilityOf(decl.Attributes);

        var typeItems = new List<object>();
        foreach (var item in decl.Items)
        {
            if (item is WorldUse u) typeItems.Add(u.Use);
            else if (item is WorldTypeDecl t) typeItems.Add(t.Type);
        }
        ResolveTypes(new WorldOwner(id), typeItems);

        foreach (var item in decl.Items)
        {
            if (item is not IncludeDecl inc) continue;
            var stability = StabilityOf(inc.Attributes);
            var (target, name, span) = ResolvePath(inc.From);
            var included = WorldOf(target, name, span);
            var renames = new List<IncludeRename>();
            foreach (var n in inc.Names) renames.Add(new IncludeRename(n.Name.Name, n.As.Name));
            _pkg.WorldIncludes[id.Index].Add(new PendingInclude(stability, included, renames));
            spans.Includes.Add(span);
        }

        foreach (var entry in _scope)
        {
            if (!world.Imports.TryAdd(WorldKey.Named(entry.Key), new TypeWorldItem(entry.Value.TypeId)))
                throw ResolveErrors.At(entry.Value.Span, DiagnosticCodes.WorldConflict, $"import `{entry.Key}` conflicts with prior import of same name");
            spans.Imports.Add(entry.Value.Span);
        }

        var importedInterfaces = new HashSet<Id<Interface>>();
        var exportedInterfaces = new HashSet<Id<Interface>>();
        foreach (var item in decl.Items)
        {
            if (item is WorldTypeDecl { Type: ResourceDecl r })
            {
                foreach (var rf in r.Functions)
                {
                    spans.Imports.Add(rf.Name.Span);
                    var func = ResolveResourceFunction(rf, r.Name);
                    world.Imports[WorldKey.Named(func.Name)] = new FunctionWorldItem(func);
                }
                continue;
            }
            if (item is not ImportExportDecl d) continue;

            string desc = d.IsImport ? "import" : "export";
            var (worldItem, key, kindSpan) = ResolveWorldItem(d);
            if (worldItem is InterfaceWorldItem iwi && d.Spec is not LabeledPathExtern)
            {
                var set = d.IsImport ? importedInterfaces : exportedInterfaces;
                if (!set.Add(iwi.Id))
                    throw ResolveErrors.At(kindSpan, DiagnosticCodes.WorldConflict, $"interface cannot be {desc}ed more than once");
            }
            var dst = d.IsImport ? world.Imports : world.Exports;
            if (dst.TryGetValue(key, out var prev))
            {
                string prevDesc = prev switch { InterfaceWorldItem => "interface", FunctionWorldItem => "func", _ => "type" };
                throw ResolveErrors.At(kindSpan, DiagnosticCodes.WorldConflict, $"{desc} `{key.Name}` conflicts with prior {prevDesc} of same name");
            }
            dst[key] = worldItem;
            (d.IsImport ? spans.Imports : spans.Exports).Add(kindSpan);
        }
        _scope = new OrderedMap<string, NameEntry>();
    }

    private (WorldItem Item, WorldKey Key, Span Span) ResolveWorldItem(ImportExportDecl d)
    {
        switch (d.Spec)
        {
            case InlineInterfaceExtern inline:
            {
                var saved = _scope;
                _scope = new OrderedMap<string, NameEntry>();
                var id = AllocInterface(inline.Name.Span);
                ResolveInterface(id, inline.Items, d.Docs, d.Attributes);
                _scope = saved;
                var iface = _pkg.Interfaces[id];
                return (new InterfaceWorldItem(id, iface.Stability), WorldKey.Named(inline.Name.Name), inline.Name.Span);
            }
            case PathExtern p:
            {
                var stability = StabilityOf(d.Attributes);
                var (item, name, span) = ResolvePath(p.Path);
                var id = InterfaceOf(item, name, span);
                return (new InterfaceWorldItem(id, stability, ExternalIdOf(d.Attributes), d.Docs.Contents), WorldKey.Interface(id), p.Path.Span);
            }
            case LabeledPathExtern lp:
            {
                var stability = StabilityOf(d.Attributes);
                var (item, name, span) = ResolvePath(lp.Path);
                var id = InterfaceOf(item, name, span);
                return (new InterfaceWorldItem(id, stability, ExternalIdOf(d.Attributes), d.Docs.Contents), WorldKey.Named(lp.Label.Name), lp.Label.Span);
            }
            case FuncExtern f:
            {
                var func = ResolveFunction(d.Docs, d.Attributes, f.Name.Name, f.Signature,
                    f.Signature.IsAsync ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding, null);
                return (new FunctionWorldItem(func), WorldKey.Named(func.Name), f.Name.Span);
            }
            default:
                throw new System.InvalidOperationException();
        }
    }
}
