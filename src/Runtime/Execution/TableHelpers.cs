using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Table and reference operations and the call_indirect check.</summary>
internal static class TableHelpers
{
    /// <summary>call_indirect: bounds, null and signature checks; returns the callee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Function ResolveIndirect(int index, Table table, int typeId)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) TrapHelpers.Throw(TrapCode.UndefinedElement);
        var element = elements[index];
        if (element is null) TrapHelpers.ThrowUninitialized(index);
        var function = Unsafe.As<Function>(element);
        if (function.TypeId != typeId) TrapHelpers.Throw(TrapCode.BadSignature);
        return function;
    }

    /// <summary>call_ref: the callee, trapping on null (its type was validated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Function CallTarget(object? reference)
    {
        if (reference is null) TrapHelpers.Throw(TrapCode.NullFunctionReference);
        return Unsafe.As<Function>(reference);
    }

    /// <summary>ref.as_non_null: the reference, trapping on null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object AsNonNull(object? reference)
    {
        if (reference is null) TrapHelpers.Throw(TrapCode.NullReference);
        return reference;
    }

    public static object? Get(int index, Table table)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) TrapHelpers.ThrowTableOutOfBounds();
        return elements[index];
    }

    public static void Set(int index, object? value, Table table)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) TrapHelpers.ThrowTableOutOfBounds();
        elements[index] = value;
    }

    public static int Size(Table table) => table.Elements.Length;

    public static int Grow(object? initial, int delta, Table table) => table.GrowCore((uint)delta, initial);

    public static void Fill(int destination, object? value, int count, Table table)
    {
        var elements = table.Elements;
        var d = (ulong)(uint)destination;
        var n = (ulong)(uint)count;
        if (d + n > (ulong)elements.Length) TrapHelpers.ThrowTableOutOfBounds();
        Array.Fill(elements, value, (int)d, (int)n);
    }

    public static void Copy(int destination, int source, int count, Table target, Table from)
    {
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)from.Elements.Length || d + n > (ulong)target.Elements.Length) TrapHelpers.ThrowTableOutOfBounds();
        Array.Copy(from.Elements, (int)s, target.Elements, (int)d, (int)n); // handles overlap
    }

    public static void Init(int destination, int source, int count, InstanceContext context, int segment, Table table)
    {
        var items = context.ElementSegments[segment];
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)items.Length || d + n > (ulong)table.Elements.Length) TrapHelpers.ThrowTableOutOfBounds();
        Array.Copy(items, (int)s, table.Elements, (int)d, (int)n);
    }

    public static void ElemDrop(InstanceContext context, int segment) => context.ElementSegments[segment] = Array.Empty<object?>();
}
