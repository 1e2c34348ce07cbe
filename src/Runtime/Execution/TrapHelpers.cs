using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Throw helpers called by compiled code. Not marked NoInlining on purpose: the JIT then sees that
/// they never return and moves their call sites out of hot paths.</summary>
internal static class TrapHelpers
{
    [DoesNotReturn]
    public static void Throw(TrapCode code) => throw new Trap(code);

    [DoesNotReturn]
    public static void ThrowMemoryOutOfBounds() => throw new Trap(TrapCode.MemoryOutOfBounds);

    [DoesNotReturn]
    public static void ThrowTableOutOfBounds() => throw new Trap(TrapCode.TableOutOfBounds);

    /// <summary>The spec interpreter names the element: "uninitialized element 2".</summary>
    [DoesNotReturn]
    public static void ThrowUninitialized(int index) =>
        throw new Trap(TrapCode.IndirectCallToNull, TrapCode.IndirectCallToNull.Message() + " " + ((uint)index).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Compiled <c>unreachable</c>: <c>call Unreachable; throw</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static System.Exception Unreachable() => new Trap(TrapCode.Unreachable);
}
