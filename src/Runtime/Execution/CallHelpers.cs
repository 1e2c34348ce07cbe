using System.Runtime.CompilerServices;
using System.Threading;

namespace WitBindgen.Runtime.Execution;

/// <summary>Prologue/epilogue and loop-header helpers: call depth, native stack, fuel/deadline.</summary>
internal static class CallHelpers
{
    // Native stack: RuntimeHelpers.TryEnsureSufficientExecutionStack guarantees a margin (>= 64 KiB).
    // Functions with small frames check it every 16th level only (16 small frames fit the margin);
    // functions with large frames (many locals or a deep operand stack) check on every call.

    // Without fuel, the depth check also polls the interrupt flag: Store.DepthLimit drops to -1 while it is raised.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(Store store)
    {
        var depth = ++store.Depth;
        if (depth > store.DepthLimit || ((depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())) EnterFailed(store);
    }

    /// <summary>A function without calls and with a small frame, when fuel is off (a leaf): nothing it runs can call
    /// wasm code or read the depth, so it checks the limit as if it counted itself (trapping where <see cref="Enter"/>
    /// would) without writing the count, and leaves without <see cref="Leave"/>: no read-modify-write of a store field
    /// on the hottest calls. No frame of wasm code lies above it, so it does not probe the native stack (skipping the
    /// probe at a 16th level leaves 16 small frames after a probed one instead of 15, which the margin still holds),
    /// and its prologue keeps no call outside the cold paths, so RyuJIT need not save registers around one. Its depth
    /// check still polls the interrupt flag: that poll is also what makes a call into a disposed store trap before
    /// touching its released memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterLeaf(Store store)
    {
        if (store.Depth >= store.DepthLimit) throw LimitTrap(store);
    }

    /// <summary>A leaf's first body whose unoptimized frame is large: <see cref="EnterLeaf"/> with a native stack probe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterLeafLargeFrame(Store store)
    {
        if (store.Depth >= store.DepthLimit || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw LimitTrap(store);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterLargeFrame(Store store)
    {
        if (++store.Depth > store.DepthLimit || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) EnterFailed(store);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterMetered(Store store)
    {
        var depth = ++store.Depth;
        if (depth > store.MaxDepth || ((depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())) StackExhausted(store);
        if (--store.Budget < 0) store.Refill();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterLargeFrameMetered(Store store)
    {
        if (++store.Depth > store.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) StackExhausted(store);
        if (--store.Budget < 0) store.Refill();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Leave(Store store) => store.Depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoopHeader(Store store)
    {
        if (Volatile.Read(ref store.Interrupting) != 0) store.OnInterruptFlag();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoopHeaderMetered(Store store)
    {
        if (--store.Budget < 0) store.Refill();
    }

    private static void StackExhausted(Store store)
    {
        store.Depth--;
        throw new Trap(TrapCode.StackOverflow);
    }

    /// <summary>A counted call that failed its check: it leaves the count again, then traps (see <see cref="LimitTrap"/>).</summary>
    private static void EnterFailed(Store store)
    {
        store.Depth--;
        throw LimitTrap(store);
    }

    /// <summary>Why a call failed its check, the depth as before the call: the call-depth limit or the native stack, or
    /// else the limit was lowered to stop the code (<see cref="Store.OnInterruptFlag"/> throws that trap).</summary>
    private static Trap LimitTrap(Store store)
    {
        if (store.Depth < store.MaxDepth && RuntimeHelpers.TryEnsureSufficientExecutionStack()) store.OnInterruptFlag();
        return new Trap(TrapCode.StackOverflow);
    }
}
