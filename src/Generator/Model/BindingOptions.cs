namespace WitBindgen.Generator.Model;

/// <summary>How a function's top-level <c>result&lt;T, E&gt;</c> surfaces in C#.</summary>
public enum ErrorStyle
{
    /// <summary>The function returns <c>Result&lt;T, E&gt;</c>.</summary>
    Result,
    /// <summary>The function returns <c>T</c> and an error is a <c>WitException&lt;E&gt;</c>.</summary>
    Exceptions,
}

/// <summary>Which bindings to generate.</summary>
public enum GenerationMode
{
    /// <summary>C# code that becomes a component (imports are called, exports implemented).</summary>
    Guest,
    /// <summary>C# code that hosts a component on the WitBindgen runtime.</summary>
    Host,
}

/// <summary>
/// Options for one world's bindings. <see cref="ExceptionsFor"/> and <see cref="ResultsFor"/> override
/// <see cref="Errors"/> for an interface (<c>ns:pkg/iface</c>, version optional) or a function
/// (<c>ns:pkg/iface#f</c>, or <c>f</c> for a world-level function); the most specific entry wins.
/// </summary>
public sealed record BindingOptions
{
    /// <summary>Namespace prepended to every generated namespace (none by default).</summary>
    public string? RootNamespace { get; init; }
    /// <summary>Default error style for the world.</summary>
    public ErrorStyle Errors { get; init; } = ErrorStyle.Result;
    /// <summary>Interfaces/functions that use exceptions.</summary>
    public EquatableArray<string> ExceptionsFor { get; init; }
    /// <summary>Interfaces/functions that use <c>Result&lt;T, E&gt;</c>.</summary>
    public EquatableArray<string> ResultsFor { get; init; }
    /// <summary>
    /// Whether the generated types are internal to the assembly compiling them (public by default): for a library
    /// that implements or calls a world without making the bindings part of its own API.
    /// </summary>
    public bool Internal { get; init; }
}
