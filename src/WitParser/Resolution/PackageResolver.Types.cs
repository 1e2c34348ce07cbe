using System.Collections.Generic;
using System.Text;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Syntax;
using WitBindgen.WitParser.Text;
using Attribute = WitBindgen.WitParser.Syntax.Attribute;

namespace WitBindgen.WitParser.Resolution;

// Types, functions and attributes of interfaces and worlds.
internal sealed partial class PackageResolver
{
    /// <summary>Resolves the <c>use</c>s (<see cref="UseDecl"/>) and type definitions (<see cref="TypeDecl"/>) of one scope.</summary>
    private void ResolveTypes(TypeOwner owner, List<object> items)
    {
        foreach (var item in items)
            if (item is UseDecl u) ResolveUse(owner, u);

        var typeDeps = new OrderedMap<string, List<Identifier>>();
        var typeDefs = new OrderedMap<string, TypeDecl?>();
        foreach (var item in items)
        {
            switch (item)
            {
                case TypeDecl t:
                {
                    if (typeDefs.ContainsKey(t.Name.Name))
                        throw ResolveErrors.At(t.Name.Span, DiagnosticCodes.DuplicateName, $"name `{t.Name.Name}` is defined more than once");
                    typeDefs[t.Name.Name] = t;
                    var deps = new List<Identifier>();
                    CollectDeps(t, deps);
                    typeDeps[t.Name.Name] = deps;
                    break;
                }
                case UseDecl u:
                    foreach (var n in u.Names)
                    {
                        var name = n.As ?? n.Name;
                        typeDeps[name.Name] = new List<Identifier>();
                        typeDefs[name.Name] = null;
                    }
                    break;
            }
        }

        var order = TopologicalSort.Sort("type", typeDeps, OldFloatHint);
        foreach (var name in order)
        {
            var def = typeDefs[name];
            if (def is null) continue;
            var stability = StabilityOf(def.Attributes);
            var kind = ResolveTypeDecl(def, stability);
            var typeDef = new TypeDef(def.Name.Name, kind, owner)
            {
                Docs = def.Docs.Contents,
                Stability = stability,
                ExternalId = ExternalIdOf(def.Attributes),
            };
            var id = AddType(typeDef, def.Name.Span);
            if (def is RecordDecl record)
            {
                var fieldSpans = new List<Span>();
                foreach (var f in record.Fields) fieldSpans.Add(f.Name.Span);
                _pkg.FieldSpans[id] = fieldSpans;
            }
            DefineName(def.Name, new NameEntry(id, null, def.Name.Span));
        }
    }

    private static string? OldFloatHint(string name)
    {
        string? replacement = name switch { "float32" => "f32", "float64" => "f64", _ => null };
        if (replacement is null) return null;
        return $"the `{name}` type has been renamed to `{replacement}` and is no longer accepted, but the `WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error";
    }

    private static void CollectDeps(TypeDecl decl, List<Identifier> deps)
    {
        switch (decl)
        {
            case TypeAliasDecl a: CollectDeps(a.Type, deps); break;
            case RecordDecl r: foreach (var f in r.Fields) CollectDeps(f.Type, deps); break;
            case VariantDecl v: foreach (var c in v.Cases) if (c.Type is not null) CollectDeps(c.Type, deps); break;
        }
    }

    private static void CollectDeps(TypeRef type, List<Identifier> deps)
    {
        switch (type)
        {
            case NamedTypeRef n: deps.Add(n.Name); break;
            case HandleTypeRef h: deps.Add(h.Resource); break;
            case ListTypeRef l: CollectDeps(l.Element, deps); break;
            case FixedListTypeRef l: CollectDeps(l.Element, deps); break;
            case OptionTypeRef o: CollectDeps(o.Element, deps); break;
            case MapTypeRef m: CollectDeps(m.Key, deps); CollectDeps(m.Value, deps); break;
            case TupleTypeRef t: foreach (var e in t.Elements) CollectDeps(e, deps); break;
            case ResultTypeRef r:
                if (r.Ok is not null) CollectDeps(r.Ok, deps);
                if (r.Err is not null) CollectDeps(r.Err, deps);
                break;
            case FutureTypeRef f: if (f.Element is not null) CollectDeps(f.Element, deps); break;
            case StreamTypeRef s: if (s.Element is not null) CollectDeps(s.Element, deps); break;
        }
    }

    private void ResolveUse(TypeOwner owner, UseDecl u)
    {
        var (item, pathName, span) = ResolvePath(u.From);
        var from = InterfaceOf(item, pathName, span);
        var stability = StabilityOf(u.Attributes);
        foreach (var n in u.Names)
        {
            var lookup = _interfaceNames[from.Index];
            if (!lookup.TryGetValue(n.Name.Name, out var entry))
                throw ResolveErrors.At(n.Name.Span, DiagnosticCodes.UnknownName, $"name `{n.Name.Name}` does not exist");
            if (!entry.IsType)
                throw ResolveErrors.At(n.Name.Span, DiagnosticCodes.WrongKind, $"cannot import {entry.Item} `{n.Name.Name}`");
            var name = n.As ?? n.Name;
            var def = new TypeDef(name.Name, new AliasKind(WitType.Id(entry.TypeId)), owner) { Stability = stability };
            var id = AddType(def, n.Name.Span);
            DefineName(name, new NameEntry(id, null, name.Span));
        }
    }

    private TypeDefKind ResolveTypeDecl(TypeDecl decl, Stability stability)
    {
        switch (decl)
        {
            case TypeAliasDecl a:
                return ResolveTypeRefKind(a.Type, stability);
            case ResourceDecl r:
            {
                int constructors = 0;
                var names = new HashSet<string>();
                foreach (var f in r.Functions)
                {
                    if (f is ConstructorDecl)
                    {
                        if (++constructors > 1) throw ResolveErrors.At(f.Name.Span, DiagnosticCodes.DuplicateName, "duplicate constructors");
                    }
                    else if (!names.Add(f.Name.Name))
                    {
                        throw ResolveErrors.At(f.Name.Span, DiagnosticCodes.DuplicateName, $"duplicate function name `{f.Name.Name}`");
                    }
                }
                return ResourceKind.Instance;
            }
            case RecordDecl r:
            {
                var fields = new List<Field>();
                foreach (var f in r.Fields) fields.Add(new Field(f.Name.Name, ResolveType(f.Type, stability), f.Docs.Contents));
                return new RecordKind(fields);
            }
            case FlagsDecl f:
            {
                var flags = new List<NamedCase>();
                foreach (var c in f.Flags) flags.Add(new NamedCase(c.Name.Name, c.Docs.Contents));
                return new FlagsKind(flags);
            }
            case VariantDecl v:
            {
                if (v.Cases.Count == 0) throw ResolveErrors.At(v.Name.Span, DiagnosticCodes.InvalidDefinition, "empty variant");
                var cases = new List<VariantCase>();
                foreach (var c in v.Cases)
                    cases.Add(new VariantCase(c.Name.Name, c.Type is null ? null : ResolveType(c.Type, stability), c.Docs.Contents));
                return new VariantKind(cases);
            }
            case EnumDecl e:
            {
                if (e.Cases.Count == 0) throw ResolveErrors.At(e.Name.Span, DiagnosticCodes.InvalidDefinition, "empty enum");
                var cases = new List<NamedCase>();
                foreach (var c in e.Cases) cases.Add(new NamedCase(c.Name.Name, c.Docs.Contents));
                return new EnumKind(cases);
            }
            default:
                throw new System.InvalidOperationException();
        }
    }

    private static WitType Primitive(PrimitiveKind kind) => new(kind switch
    {
        PrimitiveKind.Bool => WitTypeKind.Bool,
        PrimitiveKind.U8 => WitTypeKind.U8,
        PrimitiveKind.U16 => WitTypeKind.U16,
        PrimitiveKind.U32 => WitTypeKind.U32,
        PrimitiveKind.U64 => WitTypeKind.U64,
        PrimitiveKind.S8 => WitTypeKind.S8,
        PrimitiveKind.S16 => WitTypeKind.S16,
        PrimitiveKind.S32 => WitTypeKind.S32,
        PrimitiveKind.S64 => WitTypeKind.S64,
        PrimitiveKind.F32 => WitTypeKind.F32,
        PrimitiveKind.F64 => WitTypeKind.F64,
        PrimitiveKind.Char => WitTypeKind.Char,
        PrimitiveKind.String => WitTypeKind.String,
        _ => WitTypeKind.ErrorContext,
    });

    private TypeDefKind ResolveTypeRefKind(TypeRef type, Stability stability)
    {
        switch (type)
        {
            case PrimitiveTypeRef p: return new AliasKind(Primitive(p.Kind));
            case NamedTypeRef n: return new AliasKind(WitType.Id(ResolveTypeName(n.Name)));
            case ListTypeRef l: return new ListKind(ResolveType(l.Element, stability));
            case FixedListTypeRef l: return new FixedListKind(ResolveType(l.Element, stability), l.Length);
            case MapTypeRef m:
            {
                var key = ResolveType(m.Key, stability);
                var value = ResolveType(m.Value, stability);
                if (key.IsId || key.Kind is WitTypeKind.F32 or WitTypeKind.F64 or WitTypeKind.ErrorContext)
                    throw ResolveErrors.At(m.Span, DiagnosticCodes.InvalidType,
                        "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string");
                return new MapKind(key, value);
            }
            case HandleTypeRef h: return new HandleKind(h.IsBorrow, ValidateResource(h.Resource));
            case TupleTypeRef t:
            {
                var types = new List<WitType>();
                foreach (var e in t.Elements) types.Add(ResolveType(e, stability));
                return new TupleKind(types);
            }
            case OptionTypeRef o: return new OptionKind(ResolveType(o.Element, stability));
            case ResultTypeRef r:
                return new ResultKind(r.Ok is null ? null : ResolveType(r.Ok, stability), r.Err is null ? null : ResolveType(r.Err, stability));
            case FutureTypeRef f: return new FutureKind(f.Element is null ? null : ResolveType(f.Element, stability));
            case StreamTypeRef s: return new StreamKind(s.Element is null ? null : ResolveType(s.Element, stability));
            default: throw new System.InvalidOperationException();
        }
    }

    private Id<TypeDef> ResolveTypeName(Identifier name)
    {
        if (!_scope.TryGetValue(name.Name, out var entry))
            throw ResolveErrors.At(name.Span, DiagnosticCodes.UnknownName, $"name `{name.Name}` does not exist");
        if (!entry.IsType)
            throw ResolveErrors.At(name.Span, DiagnosticCodes.WrongKind, $"cannot use {entry.Item} `{name.Name}` as a type");
        return entry.TypeId;
    }

    private Id<TypeDef> ValidateResource(Identifier name)
    {
        var id = ResolveTypeName(name);
        var cur = id;
        while (true)
        {
            switch (_pkg.Types[cur].Kind)
            {
                case ResourceKind: return id;
                case AliasKind { Target.IsId: true } alias: cur = alias.Target.TypeId; break;
                case UnknownKind:
                    _pkg.RequiredResourceTypes.Add((cur, name.Span));
                    return id;
                default:
                    throw ResolveErrors.At(name.Span, DiagnosticCodes.InvalidType, $"type `{name.Name}` used in a handle must be a resource");
            }
        }
    }

    // An anonymous type inherits the stability of the first type it refers to that has one.
    private Stability FindStability(TypeDefKind kind, Stability stability)
    {
        if (stability is not UnknownStability) return stability;
        Stability? Of(WitType? t)
        {
            if (t is not { IsId: true } ty) return null;
            var s = _pkg.Types[ty.TypeId].Stability;
            return s is UnknownStability ? null : s;
        }
        Stability? found = kind switch
        {
            AliasKind a => Of(a.Target),
            HandleKind h => Of(WitType.Id(h.Resource)),
            TupleKind t => FirstOf(t.Types, Of),
            ListKind l => Of(l.Element),
            FixedListKind l => Of(l.Element),
            OptionKind o => Of(o.Element),
            MapKind m => Of(m.Key) ?? Of(m.Value),
            FutureKind f => Of(f.Element),
            StreamKind s => Of(s.Element),
            ResultKind r => Of(r.Ok) ?? Of(r.Err),
            _ => null,
        };
        return found ?? Stability.Unknown;
    }

    private static Stability? FirstOf(IReadOnlyList<WitType> types, System.Func<WitType?, Stability?> of)
    {
        foreach (var t in types) { var s = of(t); if (s is not null) return s; }
        return null;
    }

    private WitType ResolveType(TypeRef type, Stability stability)
    {
        var kind = ResolveTypeRefKind(type, stability);
        return AnonymousType(kind, FindStability(kind, stability), type.Span);
    }

    /// <summary>Interns an anonymous type per package; aliases and <c>own&lt;T&gt;</c> collapse to what they name.</summary>
    private WitType AnonymousType(TypeDefKind kind, Stability stability, Span span)
    {
        string key;
        switch (kind)
        {
            case AliasKind a: return a.Target;
            case HandleKind { IsBorrow: false } h: return WitType.Id(h.Resource);
            case HandleKind h: key = "borrow|" + h.Resource; break;
            default: key = StructuralKey(kind); break;
        }
        if (_anonTypes.TryGetValue(key, out var existing)) return WitType.Id(existing);
        var id = AddType(new TypeDef(null, kind, TypeOwner.None) { Stability = stability }, span);
        _anonTypes[key] = id;
        return WitType.Id(id);
    }

    private static string StructuralKey(TypeDefKind kind)
    {
        var sb = new StringBuilder();
        static string T(WitType? t) => t is { } x ? x.ToString() : "_";
        switch (kind)
        {
            case VariantKind v: sb.Append("variant"); foreach (var c in v.Cases) sb.Append('|').Append(c.Name).Append(':').Append(T(c.Type)); break;
            case RecordKind r: sb.Append("record"); foreach (var f in r.Fields) sb.Append('|').Append(f.Name).Append(':').Append(T(f.Type)); break;
            case FlagsKind f: sb.Append("flags"); foreach (var c in f.Flags) sb.Append('|').Append(c.Name); break;
            case EnumKind e: sb.Append("enum"); foreach (var c in e.Cases) sb.Append('|').Append(c.Name); break;
            case TupleKind t: sb.Append("tuple"); foreach (var x in t.Types) sb.Append('|').Append(T(x)); break;
            case ListKind l: sb.Append("list|").Append(T(l.Element)); break;
            case FixedListKind l: sb.Append("fixed|").Append(T(l.Element)).Append('|').Append(l.Length); break;
            case MapKind m: sb.Append("map|").Append(T(m.Key)).Append('|').Append(T(m.Value)); break;
            case OptionKind o: sb.Append("option|").Append(T(o.Element)); break;
            case ResultKind r: sb.Append("result|").Append(T(r.Ok)).Append('|').Append(T(r.Err)); break;
            case FutureKind f: sb.Append("future|").Append(T(f.Element)); break;
            case StreamKind s: sb.Append("stream|").Append(T(s.Element)); break;
            default: throw new System.InvalidOperationException("not an anonymous kind");
        }
        return sb.ToString();
    }

    private Function ResolveResourceFunction(ResourceFunc func, Identifier resource)
    {
        var resourceId = _scope[resource.Name].TypeId;
        bool isAsync = func.Signature.IsAsync;
        string name;
        FunctionKind kind;
        switch (func)
        {
            case MethodDecl m:
                name = $"[method]{resource.Name}.{m.Name.Name}";
                kind = isAsync ? FunctionKind.AsyncMethod : FunctionKind.Method;
                break;
            case StaticDecl s:
                name = $"[static]{resource.Name}.{s.Name.Name}";
                kind = isAsync ? FunctionKind.AsyncStatic : FunctionKind.Static;
                break;
            default:
                name = $"[constructor]{resource.Name}";
                kind = FunctionKind.Constructor;
                break;
        }
        return ResolveFunction(func.Docs, func.Attributes, name, func.Signature, kind, resourceId);
    }

    private Function ResolveFunction(Docs docs, IReadOnlyList<Attribute> attributes, string name, FuncSignature sig, FunctionKind kind, Id<TypeDef>? resource)
    {
        var stability = StabilityOf(attributes);
        var parameters = new List<Param>();
        var seen = new HashSet<string>();
        if (kind is FunctionKind.Method or FunctionKind.AsyncMethod)
        {
            var handle = new HandleKind(true, resource!.Value);
            parameters.Add(new Param("self", AnonymousType(handle, FindStability(handle, Stability.Unknown), sig.Span)));
            seen.Add("self");
        }
        foreach (var p in sig.Params)
        {
            if (!seen.Add(p.Name.Name))
                throw ResolveErrors.At(p.Name.Span, DiagnosticCodes.DuplicateName, $"param `{p.Name.Name}` is defined more than once");
            parameters.Add(new Param(p.Name.Name, ResolveType(p.Type, Stability.Unknown)));
        }

        WitType? result;
        if (kind == FunctionKind.Constructor)
            result = sig.Result is null ? WitType.Id(resource!.Value) : ResolveConstructorResult(resource!.Value, sig.Result);
        else
            result = sig.Result is null ? null : ResolveType(sig.Result, Stability.Unknown);

        return new Function(name, kind, resource, parameters, result)
        {
            Docs = docs.Contents,
            Stability = stability,
            ExternalId = ExternalIdOf(attributes),
        };
    }

    private WitType ResolveConstructorResult(Id<TypeDef> resource, TypeRef resultAst)
    {
        var result = ResolveType(resultAst, Stability.Unknown);
        if (!result.IsId || _pkg.Types[result.TypeId].Kind is not ResultKind r)
            throw ResolveErrors.At(resultAst.Span, DiagnosticCodes.InvalidType, "if a constructor return type is declared it must be a `result`");
        if (r.Ok is { IsId: true } ok && ok.TypeId == resource) return result;
        var okSpan = resultAst is ResultTypeRef { Ok: { } okAst } ? okAst.Span : resultAst.Span;
        throw ResolveErrors.At(okSpan, DiagnosticCodes.InvalidType, "the `ok` type must be the resource being constructed");
    }

    /// <summary>The stability given by <c>@since</c>/<c>@unstable</c>/<c>@deprecated</c> (<c>@external-id</c> is ignored here).</summary>
    internal static Stability StabilityOf(IReadOnlyList<Attribute> attributes)
    {
        var attrs = new List<Attribute>();
        foreach (var a in attributes) if (a is not ExternalIdAttribute) attrs.Add(a);
        switch (attrs.Count)
        {
            case 0: return Stability.Unknown;
            case 1:
                return attrs[0] switch
                {
                    SinceAttribute s => new StableStability(s.Version, null),
                    UnstableAttribute u => new UnstableStability(u.Feature.Name, null),
                    DeprecatedAttribute d => throw ResolveErrors.At(d.Span, DiagnosticCodes.Stability, "must pair @deprecated with either @since or @unstable"),
                    _ => Stability.Unknown,
                };
            case 2:
                switch (attrs[0], attrs[1])
                {
                    case (SinceAttribute s, DeprecatedAttribute d): return new StableStability(s.Version, d.Version);
                    case (DeprecatedAttribute d, SinceAttribute s): return new StableStability(s.Version, d.Version);
                    case (UnstableAttribute u, DeprecatedAttribute d): return new UnstableStability(u.Feature.Name, d.Version);
                    case (DeprecatedAttribute d, UnstableAttribute u): return new UnstableStability(u.Feature.Name, d.Version);
                }
                break;
        }
        throw ResolveErrors.At(attrs[1].Span, DiagnosticCodes.Stability, "unsupported combination of attributes");
    }

    internal static string? ExternalIdOf(IReadOnlyList<Attribute> attributes)
    {
        foreach (var a in attributes) if (a is ExternalIdAttribute e) return e.Value;
        return null;
    }
}
