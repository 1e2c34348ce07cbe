using System;
using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>How a segment is applied.</summary>
internal enum SegmentMode : byte
{
    /// <summary>Copied at instantiation into a table/memory at an offset.</summary>
    Active,
    /// <summary>Used by table.init / memory.init.</summary>
    Passive,
    /// <summary>Element segments only: declares functions for ref.func, dropped at instantiation.</summary>
    Declarative,
}

/// <summary>An element segment.</summary>
internal sealed class ElementSegment
{
    /// <summary>Creates an element segment.</summary>
    public ElementSegment(SegmentMode mode, uint tableIndex, ConstantExpression? offset, ValueType elementType,
        ImmutableArray<uint> functionIndices, ImmutableArray<ConstantExpression> expressions)
    {
        Mode = mode;
        TableIndex = tableIndex;
        Offset = offset;
        ElementType = elementType;
        FunctionIndices = functionIndices;
        Expressions = expressions;
    }

    /// <summary>Active, passive or declarative.</summary>
    public SegmentMode Mode { get; }

    /// <summary>The target table (active segments).</summary>
    public uint TableIndex { get; }

    /// <summary>The offset expression (active segments).</summary>
    public ConstantExpression? Offset { get; }

    /// <summary>Element reference type.</summary>
    public ValueType ElementType { get; }

    /// <summary>Items given as function indices (not default when the segment used the index encoding).</summary>
    public ImmutableArray<uint> FunctionIndices { get; }

    /// <summary>Items given as constant expressions (not default when the segment used the expression encoding).</summary>
    public ImmutableArray<ConstantExpression> Expressions { get; }

    /// <summary>Whether items are function indices (else expressions).</summary>
    public bool UsesFunctionIndices => !FunctionIndices.IsDefault;

    /// <summary>Number of items.</summary>
    public int Count => UsesFunctionIndices ? FunctionIndices.Length : Expressions.Length;
}

/// <summary>A data segment.</summary>
internal sealed class DataSegment
{
    /// <summary>Creates a data segment.</summary>
    public DataSegment(SegmentMode mode, uint memoryIndex, ConstantExpression? offset, ReadOnlyMemory<byte> bytes)
    {
        Mode = mode;
        MemoryIndex = memoryIndex;
        Offset = offset;
        Bytes = bytes;
    }

    /// <summary>Active or passive.</summary>
    public SegmentMode Mode { get; }

    /// <summary>Target memory (active segments).</summary>
    public uint MemoryIndex { get; }

    /// <summary>Offset expression (active segments).</summary>
    public ConstantExpression? Offset { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }
}
