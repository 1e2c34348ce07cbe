namespace WitBindgen.Generator.Model;

/// <summary>The kind of a generated type declaration.</summary>
public enum TypeDeclKind
{
    /// <summary>WIT record → sealed record class.</summary>
    Record,
    /// <summary>WIT enum → enum.</summary>
    Enum,
    /// <summary>WIT flags → [Flags] enum.</summary>
    Flags,
    /// <summary>WIT variant → abstract record with one nested sealed record per case.</summary>
    Variant,
    /// <summary>Imported WIT resource → class owning a handle.</summary>
    ImportedResource,
    /// <summary>Exported WIT resource → a contract the user implements.</summary>
    ExportedResource,
}

/// <summary>A record field, enum/flags member or variant case.</summary>
/// <param name="Name">C# name.</param>
/// <param name="WitName">WIT name.</param>
/// <param name="Type">C# type (fully qualified), or null (enum members, payload-less cases).</param>
/// <param name="Value">Enum members: the value; flags: the bit index; resources: the canonical module and destructor names; else null.</param>
/// <param name="Docs">XML doc lines.</param>
public sealed record MemberDecl(string Name, string WitName, string? Type, string? Value, EquatableArray<string> Docs);

/// <summary>A generated C# type for one WIT type definition.</summary>
/// <param name="Kind">Declaration kind.</param>
/// <param name="Name">Simple C# name.</param>
/// <param name="FullName">Fully qualified name with <c>global::</c>.</param>
/// <param name="WitName">WIT name.</param>
/// <param name="Underlying">Underlying integer type of enums and flags.</param>
/// <param name="Members">Fields, members or cases.</param>
/// <param name="Functions">Resource constructors, methods and static functions.</param>
/// <param name="Docs">XML doc lines.</param>
public sealed record TypeDecl(
    TypeDeclKind Kind,
    string Name,
    string FullName,
    string WitName,
    string? Underlying,
    EquatableArray<MemberDecl> Members,
    EquatableArray<FunctionDecl> Functions,
    EquatableArray<string> Docs);

/// <summary>A parameter of a generated method.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="Type">The C# type of the parameter.</param>
public sealed record ParamDecl(string Name, string Type);

/// <summary>The role of a function in the generated code.</summary>
public enum FunctionRole
{
    /// <summary>Free function.</summary>
    Free,
    /// <summary>Resource constructor.</summary>
    Constructor,
    /// <summary>Resource instance method (self excluded from <see cref="FunctionDecl.Params"/>).</summary>
    Method,
    /// <summary>Resource static function.</summary>
    Static,
}

/// <summary>A generated function: its C# signature and, when the function has glue, its canonical ABI side.</summary>
/// <param name="Name">C# method name.</param>
/// <param name="WitName">Name as in the component's import/export (<c>[method]r.m</c>...).</param>
/// <param name="Role">Free, constructor, method or static.</param>
/// <param name="Params">C# parameters (without self).</param>
/// <param name="ReturnType">C# return type, <c>void</c> when none.</param>
/// <param name="Throws">Whether a top-level result is mapped to <c>WitException</c>.</param>
/// <param name="Docs">XML doc lines.</param>
/// <param name="Abi">Core names, value shapes and ABI plan; null for declarations without glue (methods of exported resources, whose glue belongs to the interface's functions).</param>
public sealed record FunctionDecl(
    string Name,
    string WitName,
    FunctionRole Role,
    EquatableArray<ParamDecl> Params,
    string ReturnType,
    bool Throws,
    EquatableArray<string> Docs,
    FunctionAbi? Abi);

/// <summary>Whether an interface (or the world's own functions) is imported or exported.</summary>
public enum Direction
{
    /// <summary>Imported: the component calls it.</summary>
    Import,
    /// <summary>Exported: the component implements it.</summary>
    Export,
}

/// <summary>
/// One interface of the world (or the world's own functions and types) as it appears in C#: a
/// namespace with its types and, for imports, a static class; for exports, an interface the user
/// implements plus a static class that registers the implementation and holds the export glue.
/// </summary>
/// <param name="Direction">Import or export.</param>
/// <param name="Namespace">C# namespace.</param>
/// <param name="WitName">Interface name (<c>ns:pkg/iface@v</c>) or world-level key.</param>
/// <param name="ClassName">Static class name (imports: <c>{Iface}Imports</c>; exports: <c>{Iface}Exports</c>).</param>
/// <param name="InterfaceName">Export contract name (<c>I{Iface}</c>), null for imports.</param>
/// <param name="Types">Types owned by this interface (emitted once, even if imported and exported).</param>
/// <param name="Functions">Free functions.</param>
/// <param name="Docs">XML doc lines.</param>
public sealed record InterfaceDecl(
    Direction Direction,
    string Namespace,
    string WitName,
    string ClassName,
    string? InterfaceName,
    EquatableArray<TypeDecl> Types,
    EquatableArray<FunctionDecl> Functions,
    EquatableArray<string> Docs);

/// <summary>A problem the generator reports instead of code (e.g. an unsupported Preview 3 feature).</summary>
/// <param name="Code">Stable code, <c>WITGEN001</c>...</param>
/// <param name="Message">Human-readable text.</param>
/// <param name="IsError">Errors fail the generation; a Preview 3 error (<c>WITGEN001</c>) leaves out only what uses the feature.</param>
public sealed record GeneratorDiagnostic(string Code, string Message, bool IsError = true);

/// <summary>
/// The binding model of one world: everything an emitter needs (names, C# types, value shapes, ABI plans),
/// as value-equal data without rendered code, shared by the guest emitter and future host emitters.
/// </summary>
/// <param name="WorldName">WIT world name.</param>
/// <param name="Namespace">Namespace of the world class.</param>
/// <param name="ClassName">World class name (<c>{World}World</c>).</param>
/// <param name="Interfaces">Imported and exported interfaces in world order (imports first).</param>
/// <param name="Diagnostics">Problems found; no code is emitted when any is an error other than <c>WITGEN001</c> (whose items are already left out of the model).</param>
/// <param name="Internal">The generated types are internal to the assembly (<see cref="BindingOptions.Internal"/>).</param>
public sealed record WorldBinding(
    string WorldName,
    string Namespace,
    string ClassName,
    EquatableArray<InterfaceDecl> Interfaces,
    EquatableArray<GeneratorDiagnostic> Diagnostics,
    bool Internal = false);

/// <summary>One generated source file.</summary>
/// <param name="HintName">The file name (the source generator's hint name).</param>
/// <param name="Text">The C# source text.</param>
public sealed record GeneratedFile(string HintName, string Text);
