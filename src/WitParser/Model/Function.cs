using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>The kinds of function; resource kinds carry the resource's type id in <see cref="Function.Resource"/>.</summary>
public enum FunctionKind
{
    /// <summary>A plain function of an interface or world.</summary>
    Freestanding,
    /// <summary>A plain <c>async</c> function (WASI Preview 3).</summary>
    AsyncFreestanding,
    /// <summary>A resource method; its first parameter is <c>self</c>, a borrow of the resource.</summary>
    Method,
    /// <summary>An <c>async</c> resource method.</summary>
    AsyncMethod,
    /// <summary>A <c>static</c> function of a resource (no <c>self</c>).</summary>
    Static,
    /// <summary>An <c>async</c> static function of a resource.</summary>
    AsyncStatic,
    /// <summary>A resource <c>constructor</c>; its result is an owned handle of the resource.</summary>
    Constructor,
}

/// <summary>A function parameter.</summary>
/// <param name="Name">The parameter name as written in WIT (kebab-case).</param>
/// <param name="Type">The parameter type.</param>
public sealed record Param(string Name, WitType Type);

/// <summary>A function of an interface, a world or a resource.</summary>
public sealed class Function
{
    /// <summary>Creates a function.</summary>
    public Function(string name, FunctionKind kind, Id<TypeDef>? resource, IReadOnlyList<Param> @params, WitType? result)
    {
        Name = name; Kind = kind; Resource = resource; Params = @params; Result = result;
    }

    /// <summary>Name as in the reference: <c>f</c>, <c>[constructor]r</c>, <c>[method]r.m</c>, <c>[static]r.s</c>.</summary>
    public string Name { get; set; }
    /// <summary>Plain, async, or a resource method, static function or constructor.</summary>
    public FunctionKind Kind { get; set; }
    /// <summary>The resource of a method, static function or constructor; null otherwise.</summary>
    public Id<TypeDef>? Resource { get; set; }
    /// <summary>Parameters (methods include <c>self</c>).</summary>
    public IReadOnlyList<Param> Params { get; set; }
    /// <summary>The result type; null when the function returns nothing.</summary>
    public WitType? Result { get; set; }
    /// <summary>The <c>///</c> doc comment, without the slashes; null when there is none.</summary>
    public string? Docs { get; set; }
    /// <summary>The <c>@since</c> / <c>@unstable</c> / <c>@deprecated</c> attributes of the function.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
    /// <summary><c>@external-id</c>, if any.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The name as written in WIT (<c>m</c> for <c>[method]r.m</c>).</summary>
    public string ItemName
    {
        get
        {
            if (Kind == FunctionKind.Constructor) return "constructor";
            int dot = Name.IndexOf('.');
            return dot >= 0 ? Name.Substring(dot + 1) : Name;
        }
    }

    /// <summary>A copy (types are shared; lists are copied).</summary>
    public Function Clone() => new(Name, Kind, Resource, new List<Param>(Params), Result)
    {
        Docs = Docs, Stability = Stability, ExternalId = ExternalId,
    };
}
