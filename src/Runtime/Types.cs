using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Decoded = WitBindgen.CoreWasm.Modules;

// The extern types live in their own namespace: their wasmtime names (TableType, MemoryType, GlobalType) are
// also the names of the decoded model's types, which the engine's internals use by simple name.
namespace WitBindgen.Runtime.Types;

/// <summary>The type of an import or export: <see cref="FuncType"/>, <see cref="TableType"/>,
/// <see cref="MemoryType"/>, <see cref="GlobalType"/> or <see cref="TagType"/>. Types compare by value.</summary>
public abstract class ExternType
{
    private protected ExternType()
    {
    }

    /// <summary>Which kind this is.</summary>
    public abstract ExternKind Kind { get; }
}

/// <summary>A function signature, e.g. <c>[i32 i32] -> [i64]</c>.</summary>
public sealed class FuncType : ExternType, IEquatable<FuncType>
{
    /// <summary>Creates a signature.</summary>
    /// <exception cref="ArgumentException">A value kind is not one of <see cref="ValueKind"/>'s members.</exception>
    public FuncType(IEnumerable<ValueKind> parameters, IEnumerable<ValueKind> results)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(results);
        Params = parameters.ToImmutableArray();
        Results = results.ToImmutableArray();
        foreach (var kind in Params.Concat(Results)) CheckKind(kind);
        Core = new Decoded.FunctionType(Params.Select(ValueKinds.ToCore).ToImmutableArray(), Results.Select(ValueKinds.ToCore).ToImmutableArray());
    }

    private FuncType(Decoded.FunctionType core)
    {
        Core = core;
        Params = core.Params.Select(WasmValue.KindOf).ToImmutableArray();
        Results = core.Results.Select(WasmValue.KindOf).ToImmutableArray();
    }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Function;

    /// <summary>Parameter types.</summary>
    public ImmutableArray<ValueKind> Params { get; }

    /// <summary>Result types.</summary>
    public ImmutableArray<ValueKind> Results { get; }

    internal Decoded.FunctionType Core { get; }

    /// <summary>The public view of a signature whose type indices are canonical ids (see <c>TypeRegistry.Canonical</c>).</summary>
    internal static FuncType From(Decoded.FunctionType core) => new(core);

    /// <inheritdoc/>
    public bool Equals(FuncType? other) => other is not null && Core.Equals(other.Core);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc/>
    public override int GetHashCode() => Core.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Core.ToString();

    internal static void CheckKind(ValueKind kind)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentException($"unknown value kind {(byte)kind}");
    }
}

/// <summary>A table type: element type and size limits in elements.</summary>
public sealed class TableType : ExternType, IEquatable<TableType>
{
    /// <summary>Creates a table type.</summary>
    /// <param name="element">The element type (a reference type).</param>
    /// <param name="minimum">The minimum (initial) number of elements.</param>
    /// <param name="maximum">The optional maximum number of elements.</param>
    /// <param name="is64">A 64-bit table (table64): i64 indices, limits up to 2^64-1; otherwise limits are at most 2^32-1.</param>
    /// <exception cref="ArgumentException">The element type is not a reference type, a size exceeds 2^32-1 for a
    /// 32-bit table, or the maximum is below the minimum.</exception>
    public TableType(ValueKind element, ulong minimum, ulong? maximum = null, bool is64 = false)
    {
        if (!element.IsReference()) throw new ArgumentException($"a table holds references, not {element.Name()}");
        if (!is64 && (minimum > uint.MaxValue || maximum > uint.MaxValue)) throw new ArgumentException("table size must be at most 2^32-1");
        if (maximum < minimum) throw new ArgumentException("the maximum is below the minimum");
        Element = element;
        Minimum = minimum;
        Maximum = maximum;
        Is64 = is64;
    }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Table;

    /// <summary>The element type (a reference kind).</summary>
    public ValueKind Element { get; }

    /// <summary>The minimum (initial) number of elements.</summary>
    public ulong Minimum { get; }

    /// <summary>The maximum number of elements, if declared.</summary>
    public ulong? Maximum { get; }

    /// <summary>Whether the table is 64-bit (table64: i64 indices).</summary>
    public bool Is64 { get; }

    internal Decoded.TableType Core => new(Element.ToCore(), new Decoded.Limits(Minimum, Maximum, Is64));

    internal static TableType From(Decoded.TableType core, int[]? typeIds = null) =>
        new(WasmValue.KindOf(typeIds is null ? core.ElementType : Compilation.TypeRegistry.Canonical(typeIds, core.ElementType)), core.Limits.Min, core.Limits.Max, core.Limits.Is64);

    /// <inheritdoc/>
    public bool Equals(TableType? other) => other is not null && Element == other.Element && Minimum == other.Minimum && Maximum == other.Maximum && Is64 == other.Is64;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TableType);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Element, Minimum, Maximum, Is64);

    /// <inheritdoc/>
    public override string ToString() => $"{Limits(Minimum, Maximum, Is64)} {Element.Name()}";

    internal static string Limits(ulong minimum, ulong? maximum, bool is64) =>
        (is64 ? "i64 " : "") + (maximum is { } max ? $"{minimum} {max}" : minimum.ToString(CultureInfo.InvariantCulture));
}

/// <summary>A linear memory type (unshared, 32- or 64-bit): size limits in 64 KiB pages.</summary>
public sealed class MemoryType : ExternType, IEquatable<MemoryType>
{
    /// <summary>The largest page count of a 32-bit memory (4 GiB).</summary>
    public const uint MaxPages = 65536;

    /// <summary>The largest page count a 64-bit memory type may declare (2^48). What such a memory can actually
    /// grow to in this engine is <see cref="Memory.MaxPages64"/>.</summary>
    public const ulong MaxPages64 = 1UL << 48;

    /// <summary>Creates a memory type.</summary>
    /// <param name="minimum">The minimum (initial) size in pages.</param>
    /// <param name="maximum">The optional maximum size in pages.</param>
    /// <param name="is64">A 64-bit memory (memory64): i64 addresses, limits up to <see cref="MaxPages64"/>.</param>
    /// <exception cref="ArgumentException">A size exceeds 65536 pages (2^48 for a 64-bit memory), or the maximum is below the minimum.</exception>
    public MemoryType(ulong minimum, ulong? maximum = null, bool is64 = false)
    {
        var bound = is64 ? MaxPages64 : MaxPages;
        if (minimum > bound || maximum > bound) throw new ArgumentException(is64 ? "memory size must be at most 2^48 pages" : "memory size must be at most 65536 pages (4GiB)");
        if (maximum < minimum) throw new ArgumentException("the maximum is below the minimum");
        Minimum = minimum;
        Maximum = maximum;
        Is64 = is64;
    }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Memory;

    /// <summary>The minimum (initial) size in pages.</summary>
    public ulong Minimum { get; }

    /// <summary>The maximum size in pages, if declared.</summary>
    public ulong? Maximum { get; }

    /// <summary>Whether the memory is 64-bit (memory64: i64 addresses).</summary>
    public bool Is64 { get; }

    internal Decoded.MemoryType Core => new(new Decoded.Limits(Minimum, Maximum, Is64));

    internal static MemoryType From(Decoded.MemoryType core) => new(core.Limits.Min, core.Limits.Max, core.Limits.Is64);

    /// <inheritdoc/>
    public bool Equals(MemoryType? other) => other is not null && Minimum == other.Minimum && Maximum == other.Maximum && Is64 == other.Is64;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MemoryType);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Minimum, Maximum, Is64);

    /// <inheritdoc/>
    public override string ToString() => TableType.Limits(Minimum, Maximum, Is64);
}

/// <summary>A global type: value type and mutability.</summary>
public sealed class GlobalType : ExternType, IEquatable<GlobalType>
{
    /// <summary>Creates a global type.</summary>
    public GlobalType(ValueKind content, bool mutable)
    {
        FuncType.CheckKind(content);
        Content = content;
        Mutable = mutable;
    }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Global;

    /// <summary>The type of the value.</summary>
    public ValueKind Content { get; }

    /// <summary>Whether the global can be set.</summary>
    public bool Mutable { get; }

    internal Decoded.GlobalType Core => new(Content.ToCore(), Mutable);

    internal static GlobalType From(Decoded.GlobalType core, int[]? typeIds = null) =>
        new(WasmValue.KindOf(typeIds is null ? core.ValueType : Compilation.TypeRegistry.Canonical(typeIds, core.ValueType)), core.Mutable);

    /// <inheritdoc/>
    public bool Equals(GlobalType? other) => other is not null && Content == other.Content && Mutable == other.Mutable;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GlobalType);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Content, Mutable);

    /// <inheritdoc/>
    public override string ToString() => Mutable ? $"(mut {Content.Name()})" : Content.Name();
}

/// <summary>An exception tag's type: the payload's value types as the parameters of a function type without results.</summary>
public sealed class TagType : ExternType, IEquatable<TagType>
{
    /// <summary>Creates a tag type.</summary>
    public TagType(FuncType payload) => Payload = payload ?? throw new ArgumentNullException(nameof(payload));

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Tag;

    /// <summary>The payload types (parameters; no results).</summary>
    public FuncType Payload { get; }

    /// <inheritdoc/>
    public bool Equals(TagType? other) => other is not null && Payload.Equals(other.Payload);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TagType);

    /// <inheritdoc/>
    public override int GetHashCode() => Payload.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"tag {Payload}";
}
