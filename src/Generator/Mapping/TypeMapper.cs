using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Mapping;

/// <summary>
/// Maps WIT types to C# type syntax (always fully qualified with <c>global::</c>, so generated code
/// never depends on usings or clashes with user names). The mapping is documented in docs/type-mapping.md.
/// </summary>
internal sealed class TypeMapper
{
    /// <summary>Namespace of the support library (Result, Option, Unit, WitException).</summary>
    public const string Support = "global::WitBindgen.Bindings";

    private readonly Resolve _resolve;
    private readonly Dictionary<Id<TypeDef>, string> _named;

    /// <summary>Creates a mapper; <paramref name="named"/> maps dealiased type ids of named types to their C# names.</summary>
    public TypeMapper(Resolve resolve, Dictionary<Id<TypeDef>, string> named)
    {
        _resolve = resolve;
        _named = named;
    }

    /// <summary>The C# type for a WIT type.</summary>
    public string Map(WitType type)
    {
        type = _resolve.Dealias(type);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return "bool";
            case WitTypeKind.U8: return "byte";
            case WitTypeKind.U16: return "ushort";
            case WitTypeKind.U32: return "uint";
            case WitTypeKind.U64: return "ulong";
            case WitTypeKind.S8: return "sbyte";
            case WitTypeKind.S16: return "short";
            case WitTypeKind.S32: return "int";
            case WitTypeKind.S64: return "long";
            case WitTypeKind.F32: return "float";
            case WitTypeKind.F64: return "double";
            case WitTypeKind.Char: return "global::System.Text.Rune";
            case WitTypeKind.String: return "string";
            case WitTypeKind.ErrorContext: return "object /* error-context: not supported */";
        }
        var id = _resolve.DealiasId(type.TypeId);
        var def = _resolve.Types[id];
        switch (def.Kind)
        {
            case HandleKind h: return Named(_resolve.DealiasId(h.Resource));
            case OptionKind o:
                {
                    var inner = Map(o.Element);
                    // option<option<T>>: T? cannot nest, so the outer level becomes Option<T?>.
                    return IsNullable(o.Element) ? $"{Support}.Option<{inner}>" : inner + "?";
                }
            case ResultKind r: return $"{Support}.Result<{MapOrUnit(r.Ok)}, {MapOrUnit(r.Err)}>";
            case ListKind l:
                return IsBlittable(l.Element)
                    ? $"global::System.ReadOnlyMemory<{Map(l.Element)}>"
                    : $"global::System.Collections.Generic.IReadOnlyList<{Map(l.Element)}>";
            case FixedListKind f:
                return IsBlittable(f.Element)
                    ? $"global::System.ReadOnlyMemory<{Map(f.Element)}>"
                    : $"global::System.Collections.Generic.IReadOnlyList<{Map(f.Element)}>";
            case MapKind m:
                return $"global::System.Collections.Generic.IReadOnlyDictionary<{Map(m.Key)}, {Map(m.Value)}>";
            case TupleKind t:
                if (t.Types.Count == 0) return "global::System.ValueTuple";
                if (t.Types.Count == 1) return $"global::System.ValueTuple<{Map(t.Types[0])}>";
                return "(" + string.Join(", ", t.Types.Select(Map)) + ")";
            case FutureKind: return "object /* future: not supported */";
            case StreamKind: return "object /* stream: not supported */";
            default: return Named(id);
        }
    }

    /// <summary>The C# type for an optional result side; <c>Unit</c> when absent.</summary>
    public string MapOrUnit(WitType? type) => type is { } t ? Map(t) : $"{Support}.Unit";

    /// <summary>Whether the C# mapping of <paramref name="type"/> is already a nullable type (an option).</summary>
    public bool IsNullable(WitType type)
    {
        type = _resolve.Dealias(type);
        return type.IsId && _resolve.Types[_resolve.DealiasId(type.TypeId)].Kind is OptionKind;
    }

    /// <summary>Whether lists of <paramref name="type"/> are copied in bulk (numbers: same bytes in C# and wasm).</summary>
    public bool IsBlittable(WitType type)
    {
        type = _resolve.Dealias(type);
        return type.Kind is WitTypeKind.U8 or WitTypeKind.U16 or WitTypeKind.U32 or WitTypeKind.U64
            or WitTypeKind.S8 or WitTypeKind.S16 or WitTypeKind.S32 or WitTypeKind.S64
            or WitTypeKind.F32 or WitTypeKind.F64;
    }

    /// <summary>Names that shadow the regular ones (the export-side copies of an interface that is also imported).</summary>
    public Dictionary<Id<TypeDef>, string>? Overrides { get; set; }

    private string Named(Id<TypeDef> id) =>
        Overrides is not null && Overrides.TryGetValue(id, out var copy) ? copy
        : _named.TryGetValue(id, out var name) ? name : "object /* unnamed type #" + id.Index + " */";
}
