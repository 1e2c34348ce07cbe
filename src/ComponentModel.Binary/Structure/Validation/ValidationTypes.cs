using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// The identity of a resource type. Export and import of a resource make an alias (a new index-space entry that
/// names the same resource): type equality compares <see cref="Root"/>, export visibility compares the exact object.
/// </summary>
internal sealed class ResourceId
{
    public ResourceId(Scope? owner, ResourceId? aliasOf = null, bool isLocal = false)
    {
        Owner = owner;
        AliasOf = aliasOf;
        IsLocal = isLocal;
    }

    /// <summary>The scope whose definition created this id (visibility is checked against it).</summary>
    public Scope? Owner { get; }
    public ResourceId? AliasOf { get; }
    /// <summary>Defined by <c>(type (resource ...))</c> in a concrete component (resource.new/rep are allowed on it).</summary>
    public bool IsLocal { get; }
    public ResourceId Root => AliasOf is null ? this : AliasOf.Root;
}

/// <summary>An entry of the component type index space.</summary>
internal abstract class CType
{
}

/// <summary>A resource type entry.</summary>
internal sealed class ResourceType : CType
{
    public ResourceType(ResourceId id) => Id = id;
    public ResourceId Id { get; }
}

/// <summary>Kinds of defined value types.</summary>
internal enum DefKind
{
    Primitive, Record, Variant, List, FixedList, Tuple, Flags, Enum, Option, Result, Own, Borrow, Stream, Future, Map,
}

/// <summary>
/// A value type: a primitive or a defined type whose parts are value types again. Each index-space entry is its own
/// object, so that export visibility can tell a named copy (made by an import or export) from the definition.
/// </summary>
internal sealed class DefType : CType
{
    private static readonly Dictionary<PrimitiveValType, DefType> Primitives = new();

    public DefType(DefKind kind, Scope? owner)
    {
        Kind = kind;
        Owner = owner;
    }

    public DefKind Kind { get; }
    public Scope? Owner { get; }
    public PrimitiveValType Primitive { get; init; }
    public IReadOnlyList<(string Name, DefType Type)> Fields { get; init; } = System.Array.Empty<(string, DefType)>();
    public IReadOnlyList<(string Name, DefType? Type)> Cases { get; init; } = System.Array.Empty<(string, DefType?)>();
    public IReadOnlyList<DefType> Types { get; init; } = System.Array.Empty<DefType>();
    public IReadOnlyList<string> Names { get; init; } = System.Array.Empty<string>();
    /// <summary>Element (list, option, stream, future), ok (result), key (map).</summary>
    public DefType? A { get; init; }
    /// <summary>Err (result), value (map).</summary>
    public DefType? B { get; init; }
    public uint Length { get; init; }
    public ResourceId? Resource { get; init; }

    private int _depth;
    private long _nodes;


    /// <summary>Nesting depth (1 for a type without parts); cached, so computing it at definition stays shallow.</summary>
    public int Depth
    {
        get
        {
            if (_depth == 0)
            {
                int max = 0;
                foreach (var c in Children()) if (c.Depth > max) max = c.Depth;
                _depth = max + 1;
            }
            return _depth;
        }
    }

    /// <summary>Number of type nodes when the type is unfolded into a tree (saturating); bounds every walk.</summary>
    public long NodeCount
    {
        get
        {
            if (_nodes == 0)
            {
                long n = 1;
                foreach (var c in Children()) n = System.Math.Min(long.MaxValue / 2, n + c.NodeCount);
                _nodes = n;
            }
            return _nodes;
        }
    }

    private int _mentionsResources;

    /// <summary>Whether an own or borrow handle occurs in the type (cached).</summary>
    public bool MentionsResources
    {
        get
        {
            if (_mentionsResources == 0)
            {
                bool any = Resource is not null;
                foreach (var c in Children()) any |= c.MentionsResources;
                _mentionsResources = any ? 1 : 2;
            }
            return _mentionsResources == 1;
        }
    }

    /// <summary>Byte size and alignment of a value, cached by <see cref="AbiShape"/>.</summary>
    public (ulong Size, ulong Align)? Layout { get; set; }

    /// <summary>Whether the type is only equal to itself (named in WIT).</summary>
    public bool IsNominal => Kind is DefKind.Record or DefKind.Variant or DefKind.Enum or DefKind.Flags;

    public static DefType Of(PrimitiveValType p)
    {
        lock (Primitives)
        {
            if (!Primitives.TryGetValue(p, out var t)) Primitives[p] = t = new DefType(DefKind.Primitive, null) { Primitive = p };
            return t;
        }
    }

    /// <summary>A copy with another owner (a new index-space entry for the same type).</summary>
    public DefType CopyFor(Scope? owner) => new(Kind, owner)
    {
        Primitive = Primitive, Fields = Fields, Cases = Cases, Types = Types, Names = Names, A = A, B = B, Length = Length,
        Resource = Resource,
    };

    /// <summary>Children value types.</summary>
    public IEnumerable<DefType> Children()
    {
        foreach (var f in Fields) yield return f.Type;
        foreach (var c in Cases) if (c.Type is { } t) yield return t;
        foreach (var t in Types) yield return t;
        if (A is { } a) yield return a;
        if (B is { } b) yield return b;
    }
}

/// <summary>A component function type.</summary>
internal sealed class FuncSig : CType
{
    public FuncSig(bool isAsync, IReadOnlyList<(string Name, DefType Type)> parameters, DefType? result)
    {
        IsAsync = isAsync;
        Params = parameters;
        Result = result;
    }

    public bool IsAsync { get; }
    public IReadOnlyList<(string Name, DefType Type)> Params { get; }
    public DefType? Result { get; }
}

/// <summary>An instance type: named exports and the resources they introduce.</summary>
internal sealed class InstanceSig : CType
{
    public InstanceSig(List<(string Name, Extern Item)> exports, List<ResourceId> defined)
    {
        Exports = exports;
        DefinedResources = defined;
    }

    public List<(string Name, Extern Item)> Exports { get; }
    public List<ResourceId> DefinedResources { get; }

    public Extern? Export(string name)
    {
        foreach (var (n, item) in Exports) if (n == name) return item;
        return null;
    }
}

/// <summary>A component type: imports, exports, the resources its imports bind and the resources it defines.</summary>
internal sealed class ComponentSig : CType
{
    public ComponentSig(List<(string Name, Extern Item)> imports, List<(string Name, Extern Item)> exports,
        List<ResourceId> imported, List<ResourceId> defined)
    {
        Imports = imports;
        Exports = exports;
        ImportedResources = imported;
        DefinedResources = defined;
    }

    public List<(string Name, Extern Item)> Imports { get; }
    public List<(string Name, Extern Item)> Exports { get; }
    public List<ResourceId> ImportedResources { get; }
    public List<ResourceId> DefinedResources { get; }
}

/// <summary>A core function type (null parts are never produced; unknown functions use a null signature).</summary>
internal sealed record CoreSig(IReadOnlyList<ValueType> Params, IReadOnlyList<ValueType> Results)
{
    public bool SameAs(CoreSig other) => Same(Params, other.Params) && Same(Results, other.Results);

    private static bool Same(IReadOnlyList<ValueType> a, IReadOnlyList<ValueType> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public override string ToString() => $"[{string.Join(" ", Names(Params))}] -> [{string.Join(" ", Names(Results))}]";

    public static IEnumerable<string> Names(IReadOnlyList<ValueType> types)
    {
        foreach (var t in types) yield return t.ShortName();
    }
}

/// <summary>
/// A core item (function, table, memory, global, tag) with its type when known. A null <see cref="Func"/> on a
/// function means "not known" and disables the checks that need it.
/// </summary>
internal sealed record CoreItem(CoreExternKind Kind, CoreSig? Func = null, ValueType ElementType = ValueType.FuncRef, ulong Min = 0,
    ulong? Max = null, bool Shared = false, bool Is64 = false, ValueType Value = ValueType.I32, bool Mutable = false)
{
    public static readonly CoreItem UnknownFunc = new(CoreExternKind.Func);
}

/// <summary>A core module type: its imports in order and its exports.</summary>
internal sealed class ModuleSig : CType
{
    public ModuleSig(List<(string Module, string Name, CoreItem Item)> imports, Dictionary<string, CoreItem> exports)
    {
        Imports = imports;
        Exports = exports;
    }

    public List<(string Module, string Name, CoreItem Item)> Imports { get; }
    public Dictionary<string, CoreItem> Exports { get; }
}

/// <summary>What a component-level index entry is (an import/export/alias target): kind plus type.</summary>
internal sealed record Extern(ExternKind Kind, CType? Type, DefType? Value = null)
{
    public FuncSig? Func => Type as FuncSig;
    public InstanceSig? Instance => Type as InstanceSig;
    public ComponentSig? Component => Type as ComponentSig;
    public ModuleSig? Module => Type as ModuleSig;

    public static string KindName(ExternKind kind) => kind switch
    {
        ExternKind.Module => "module", ExternKind.Func => "func", ExternKind.Value => "value", ExternKind.Type => "type",
        ExternKind.Component => "component", _ => "instance",
    };
}
