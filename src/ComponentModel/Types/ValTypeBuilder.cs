using System;
using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Types;

/// <summary>
/// Converts types of the resolved WIT model into <see cref="ValType"/>s. Conversions are cached per
/// type id, so one builder per <see cref="Resolve"/> shares structure. Handles carry the dealiased
/// resource type id as <see cref="ValType.ResourceId"/>.
/// </summary>
public sealed class ValTypeBuilder
{
    private readonly Resolve _resolve;
    private readonly Dictionary<Id<TypeDef>, ValType> _cache = new();
    private readonly HashSet<Id<TypeDef>> _inProgress = new();

    /// <summary>Creates a builder for <paramref name="resolve"/>.</summary>
    public ValTypeBuilder(Resolve resolve) => _resolve = resolve ?? throw new ArgumentNullException(nameof(resolve));

    /// <summary>Converts <paramref name="type"/> of <paramref name="resolve"/> (one-off; prefer an instance for many types).</summary>
    public static ValType FromWit(Resolve resolve, WitType type) => new ValTypeBuilder(resolve).Build(type);

    /// <summary>Converts a type reference. Throws <see cref="ArgumentException"/> for types with no value representation (a bare resource) or invalid definitions.</summary>
    public ValType Build(WitType type)
    {
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return ValType.Bool;
            case WitTypeKind.U8: return ValType.U8;
            case WitTypeKind.U16: return ValType.U16;
            case WitTypeKind.U32: return ValType.U32;
            case WitTypeKind.U64: return ValType.U64;
            case WitTypeKind.S8: return ValType.S8;
            case WitTypeKind.S16: return ValType.S16;
            case WitTypeKind.S32: return ValType.S32;
            case WitTypeKind.S64: return ValType.S64;
            case WitTypeKind.F32: return ValType.F32;
            case WitTypeKind.F64: return ValType.F64;
            case WitTypeKind.Char: return ValType.Char;
            case WitTypeKind.String: return ValType.String;
            case WitTypeKind.ErrorContext: return ValType.ErrorContext;
            case WitTypeKind.Id: return BuildId(type.TypeId);
            default: throw new ArgumentException($"unknown WIT type kind {type.Kind}");
        }
    }

    private ValType? BuildOptional(WitType? type) => type is { } t ? Build(t) : null;

    private ValType BuildId(Id<TypeDef> id)
    {
        if (!_resolve.Types.Contains(id)) throw new ArgumentException($"type id {id.Index} is out of range");
        if (_cache.TryGetValue(id, out var cached)) return cached;
        if (!_inProgress.Add(id)) throw new ArgumentException($"type id {id.Index} is recursive");
        try
        {
            var t = Convert(_resolve.Types[id]);
            _cache[id] = t;
            return t;
        }
        finally { _inProgress.Remove(id); }
    }

    private ValType Convert(TypeDef def)
    {
        switch (def.Kind)
        {
            case AliasKind a: return Build(a.Target);
            case HandleKind h:
                int rid = _resolve.DealiasId(h.Resource).Index;
                return h.IsBorrow ? ValType.Borrow(rid) : ValType.Own(rid);
            case RecordKind r:
            {
                var fields = new (string, ValType)[r.Fields.Count];
                for (int i = 0; i < fields.Length; i++) fields[i] = (r.Fields[i].Name, Build(r.Fields[i].Type));
                return ValType.Record(fields);
            }
            case FlagsKind f:
            {
                var names = new string[f.Flags.Count];
                for (int i = 0; i < names.Length; i++) names[i] = f.Flags[i].Name;
                return ValType.Flags(names);
            }
            case VariantKind v:
            {
                var cases = new (string, ValType?)[v.Cases.Count];
                for (int i = 0; i < cases.Length; i++) cases[i] = (v.Cases[i].Name, BuildOptional(v.Cases[i].Type));
                return ValType.Variant(cases);
            }
            case EnumKind e:
            {
                var names = new string[e.Cases.Count];
                for (int i = 0; i < names.Length; i++) names[i] = e.Cases[i].Name;
                return ValType.Enum(names);
            }
            case OptionKind o: return ValType.Option(Build(o.Element));
            case ResultKind r: return ValType.Result(BuildOptional(r.Ok), BuildOptional(r.Err));
            case ListKind l: return ValType.List(Build(l.Element));
            case FixedListKind fl: return ValType.FixedList(Build(fl.Element), fl.Length);
            case MapKind m: return ValType.Map(Build(m.Key), Build(m.Value));
            case TupleKind t:
            {
                var types = new ValType[t.Types.Count];
                for (int i = 0; i < types.Length; i++) types[i] = Build(t.Types[i]);
                return ValType.Tuple(types);
            }
            case FutureKind fu: return ValType.Future(BuildOptional(fu.Element));
            case StreamKind s: return ValType.Stream(BuildOptional(s.Element));
            case ResourceKind: throw new ArgumentException($"resource '{def.Name}' is not a value type; use own<> or borrow<>");
            default: throw new ArgumentException($"unsupported type definition {def.Kind.GetType().Name}");
        }
    }
}
