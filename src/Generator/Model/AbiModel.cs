namespace WitBindgen.Generator.Model;

/// <summary>A core WebAssembly value type of a flattened signature.</summary>
public enum FlatType
{
    /// <summary><c>i32</c>.</summary>
    I32,
    /// <summary><c>i64</c>.</summary>
    I64,
    /// <summary><c>f32</c>.</summary>
    F32,
    /// <summary><c>f64</c>.</summary>
    F64,
}

/// <summary>The kind of a value as the canonical ABI sees it (aliases followed).</summary>
public enum ShapeKind
{
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>u8</c>.</summary>
    U8,
    /// <summary><c>u16</c>.</summary>
    U16,
    /// <summary><c>u32</c>.</summary>
    U32,
    /// <summary><c>u64</c>.</summary>
    U64,
    /// <summary><c>s8</c>.</summary>
    S8,
    /// <summary><c>s16</c>.</summary>
    S16,
    /// <summary><c>s32</c>.</summary>
    S32,
    /// <summary><c>s64</c>.</summary>
    S64,
    /// <summary><c>f32</c>.</summary>
    F32,
    /// <summary><c>f64</c>.</summary>
    F64,
    /// <summary><c>char</c>.</summary>
    Char,
    /// <summary><c>string</c>.</summary>
    String,
    /// <summary><c>enum</c>.</summary>
    Enum,
    /// <summary><c>flags</c>.</summary>
    Flags,
    /// <summary><c>own&lt;R&gt;</c> or <c>borrow&lt;R&gt;</c> (see <see cref="ValueShape.Handle"/>).</summary>
    Handle,
    /// <summary><c>record</c>: one member per field.</summary>
    Record,
    /// <summary><c>tuple</c>: one member per item.</summary>
    Tuple,
    /// <summary><c>list&lt;T&gt;</c>: one member, the element.</summary>
    List,
    /// <summary><c>map&lt;K, V&gt;</c>: one member, the entry (a tuple of key and value).</summary>
    Map,
    /// <summary><c>list&lt;T, N&gt;</c>: one member, the element; <see cref="ValueShape.Length"/> is N.</summary>
    FixedList,
    /// <summary><c>option&lt;T&gt;</c>: one member, the <c>some</c> payload.</summary>
    Option,
    /// <summary><c>result&lt;T, E&gt;</c>: two members, <c>ok</c> and <c>error</c> (payload null when absent).</summary>
    Result,
    /// <summary><c>variant</c>: one member per case (payload null when absent).</summary>
    Variant,
    /// <summary>A value the generator does not support (Preview 3 types); never reaches an emitter.</summary>
    Unsupported,
}

/// <summary>A member of a <see cref="ValueShape"/>: a record field, tuple item, case, element or entry.</summary>
/// <param name="Name">C# member name (record property, variant case type; <c>Item1</c>... for tuples), or the role (<c>Element</c>, <c>Entry</c>, <c>Some</c>, <c>Ok</c>, <c>Err</c>).</param>
/// <param name="Shape">Its value, or null for a case without payload.</param>
/// <param name="Offset">Byte offset inside the parent's layout (field offset, or the payload offset of cases).</param>
public sealed record ShapeMember(string Name, ValueShape? Shape, uint Offset);

/// <summary>Ownership of a handle value.</summary>
/// <param name="Borrow">A <c>borrow&lt;R&gt;</c> (otherwise <c>own&lt;R&gt;</c>).</param>
/// <param name="Exported">The resource is implemented by this component (its handles are created with <c>[resource-new]</c>).</param>
public sealed record HandleShape(bool Borrow, bool Exported);

/// <summary>
/// A value type as every emitter needs it, with aliases followed: its kind, its C# type (the one name both
/// guest and host bindings use), its canonical layout (size, alignment, flattening, offsets, discriminant)
/// and its members. Value-equal, so binding models that hold shapes stay cacheable.
/// </summary>
/// <param name="Kind">What the value is.</param>
/// <param name="Type">C# type, fully qualified.</param>
/// <param name="WitName">WIT name of a named type (records, variants, enums, flags, resources), else empty.</param>
/// <param name="Size">Size in linear memory.</param>
/// <param name="Alignment">Alignment in linear memory.</param>
/// <param name="Flat">Flattened core types (empty when the value is too large to ever travel flat).</param>
/// <param name="DiscriminantSize">Discriminant size of enums, options, results and variants (1, 2 or 4).</param>
/// <param name="PayloadOffset">Payload offset of options, results and variants.</param>
/// <param name="Length">Element count of a fixed-length list; case count of an enum; label count of flags.</param>
/// <param name="Members">Fields, items, cases, element or entry (see <see cref="ShapeKind"/>).</param>
/// <param name="Handle">Ownership of handles, else null.</param>
public sealed record ValueShape(
    ShapeKind Kind,
    string Type,
    string WitName,
    uint Size,
    uint Alignment,
    EquatableArray<FlatType> Flat,
    uint DiscriminantSize,
    uint PayloadOffset,
    uint Length,
    EquatableArray<ShapeMember> Members,
    HandleShape? Handle)
{
    /// <summary>Whether the C# type is already nullable (an option), so an enclosing option needs <c>Option&lt;T&gt;</c>.</summary>
    public bool IsNullable => Kind == ShapeKind.Option;

    /// <summary>Whether lists of this value are copied in bulk (numbers have the same bytes in C# and wasm).</summary>
    public bool IsBlittable => Kind is ShapeKind.U8 or ShapeKind.U16 or ShapeKind.U32 or ShapeKind.U64
        or ShapeKind.S8 or ShapeKind.S16 or ShapeKind.S32 or ShapeKind.S64 or ShapeKind.F32 or ShapeKind.F64;

    /// <summary>The element of a list, fixed-length list or option; the entry of a map.</summary>
    public ValueShape Element => Members[0].Shape!;
}

/// <summary>
/// The canonical ABI plan of one function (from ComponentModel's <c>FunctionAbiPlan</c>): the core signatures
/// seen by the caller (<c>canon lower</c>) and by the callee (<c>canon lift</c>), and where values spill.
/// </summary>
/// <param name="LowerParams">Core parameters of the lowered (imported) function.</param>
/// <param name="LowerResults">Core results of the lowered function (zero or one).</param>
/// <param name="LiftParams">Core parameters of the lifted (exported) function.</param>
/// <param name="LiftResults">Core results of the lifted function (zero or one).</param>
/// <param name="ParamsIndirect">Parameters travel through memory (more than 16 flat values).</param>
/// <param name="ParamAreaSize">Size of the parameter area when indirect.</param>
/// <param name="ParamAreaAlignment">Alignment of the parameter area when indirect.</param>
/// <param name="ParamOffsets">Offset of each parameter in the parameter area.</param>
/// <param name="ResultIndirect">The result travels through a return area (more than one flat value).</param>
/// <param name="ResultAreaSize">Size of the return area.</param>
/// <param name="ResultAreaAlignment">Alignment of the return area.</param>
public sealed record AbiPlan(
    EquatableArray<FlatType> LowerParams,
    EquatableArray<FlatType> LowerResults,
    EquatableArray<FlatType> LiftParams,
    EquatableArray<FlatType> LiftResults,
    bool ParamsIndirect,
    uint ParamAreaSize,
    uint ParamAreaAlignment,
    EquatableArray<uint> ParamOffsets,
    bool ResultIndirect,
    uint ResultAreaSize,
    uint ResultAreaAlignment);

/// <summary>Glue operations a function needs beyond scalar conversions (for emitters and tooling).</summary>
[System.Flags]
public enum GlueOps
{
    /// <summary>Only scalars.</summary>
    None = 0,
    /// <summary>Strings are transcoded.</summary>
    Strings = 1,
    /// <summary>Lists or maps are copied.</summary>
    Lists = 2,
    /// <summary>Resource handles are passed.</summary>
    Handles = 4,
    /// <summary>Borrowed handles of imported resources are lifted by an export (released before it returns).</summary>
    BorrowScope = 8,
    /// <summary>Parameters travel through a parameter area.</summary>
    ParamArea = 16,
    /// <summary>The result travels through a return area (exports then need <c>cabi_post_*</c>).</summary>
    ReturnArea = 32,
}

/// <summary>The canonical ABI side of one function: its core name, its WIT values and its plan.</summary>
/// <param name="CoreModule">Core import module (<c>ns:pkg/iface@v</c>, <c>$root</c>) for imports; empty for exports.</param>
/// <param name="CoreName">Core import name (imports) or core export name (<c>ns:pkg/iface@v#f</c>, exports).</param>
/// <param name="Target">C# method the export calls on the resource object (methods of exported resources), else the function's name.</param>
/// <param name="Params">Every WIT parameter, <c>self</c> included.</param>
/// <param name="Result">The WIT result, or null.</param>
/// <param name="Plan">Flat signatures, spills and areas.</param>
/// <param name="Ops">Which glue operations are needed.</param>
/// <param name="TypeKey">The function type as ComponentModel's <c>FunctionAbiPlan.TypeKey</c> writes it (host bindings check a component's export against it).</param>
public sealed record FunctionAbi(
    string CoreModule,
    string CoreName,
    string Target,
    EquatableArray<ValueShape> Params,
    ValueShape? Result,
    AbiPlan Plan,
    GlueOps Ops,
    string TypeKey);
