using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Prologue/epilogue and loop-header helpers: call depth, native stack, fuel/deadline.</summary>
internal static class CallHelpers
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(Store store)
    {
        if (++store.Depth > store.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) StackExhausted(store);
        if (--store.Budget < 0) store.Refill();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Leave(Store store) => store.Depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoopHeader(Store store)
    {
        if (--store.Budget < 0) store.Refill();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StackExhausted(Store store)
    {
        store.Depth--;
        throw new Trap(TrapCode.StackOverflow);
    }
}
