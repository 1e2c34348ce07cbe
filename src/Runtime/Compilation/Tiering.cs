using System;
using System.Runtime.CompilerServices;
using System.Threading;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime.Compilation;

/// <summary>The bodies a module-defined function can have.</summary>
internal enum BodyKind
{
    /// <summary><c>f{index}</c>: fully optimized, the only body when the function is not tiered (then emitted with the
    /// module), else emitted when the function gets hot.</summary>
    Full,

    /// <summary><c>t{index}</c>: compiled without optimization, counts calls and loop iterations.</summary>
    First,

    /// <summary><c>r{index}</c> (functions with loops): the full body entered at a loop header, with the function's
    /// arguments, its locals and the loop's number as arguments. A first body whose function switches while it runs a
    /// loop continues there (on-stack replacement of our own: RyuJIT's does not apply to collectible code); the first
    /// body's frame stays below it, so backtraces name the function once (resume bodies are not named).</summary>
    Resume,
}

/// <summary>
/// Our own compile-time tier for collectible code (RyuJIT tiers no method of a collectible assembly). A tiered
/// function has only a start stub <c>s{index}</c> until its first call (<see cref="Start"/>), which emits its first body
/// <c>t{index}</c>, which RyuJIT compiles without optimization (several times
/// cheaper to compile, no inlining); its full body <c>f{index}</c> and, with loops, its resume body are emitted only when
/// it gets hot (<see cref="CompiledModule.FullBody"/>), so functions that never do cost no second body. The first body
/// counts calls and loop iterations in <see cref="CompiledModule.Counters"/>; when the count runs out,
/// <see cref="CompiledModule.Entries"/> and the instance's <see cref="Function"/> switch to the full body, so later calls
/// (direct calls from first bodies, calls through tables, exports, delegates) run it. A call already inside the first
/// body stays there (there is no on-stack replacement of RyuJIT's), except that a loop whose count runs out continues in
/// the function's resume body (<see cref="BodyKind.Resume"/>).
/// </summary>
internal static class Tiering
{
    /// <summary>The count a function starts with: each call takes <see cref="CallCost"/>, each loop iteration 1, so a
    /// function switches after 32 calls or about 2,000 loop iterations (fewer when both happen).</summary>
    internal const int Budget = 2048;

    internal const int CallCost = 64;

    /// <summary>Functions with loops and more parameters and locals than this get no first body (a resume body takes
    /// them all as arguments).</summary>
    internal const int MaxResumeState = 256;

    /// <summary>Called by a tiered function's start stub, or by a caller that found its entry zero: the function's current entry (its first body, emitted now if
    /// this is the module's first call of it; its full body once switched), which this instance's <see cref="Function"/>
    /// calls directly from now on unless it has switched meanwhile.</summary>
    public static IntPtr Start(InstanceContext context, int index)
    {
        var module = context.Module!;
        var entry = module.FirstBody(index);
        Interlocked.CompareExchange(ref context.Functions[module.Definition.ImportedFunctionCount + index].Code, entry, module.Stubs[index]);
        return entry;
    }

    /// <summary>Entry of a first body: counts the call; true when the function has switched (this call, or earlier
    /// and the caller held the first body's address, e.g. a table made before), in which case the first body
    /// forwards the call to the full one.</summary>
    public static bool Enter(InstanceContext context, int index)
    {
        ref var counter = ref context.Module!.Counters[index];
        var left = Volatile.Read(ref counter);
        if (left > CallCost)
        {
            counter = left - CallCost;
            return false;
        }
        Promote(context, index);
        return true;
    }

    /// <summary>Loop header of a first body: counts the iteration; true once the function has switched, in which case
    /// the first body continues the call in the resume body where it can (see <see cref="BodyKind.Resume"/>).</summary>
    public static bool Iterate(InstanceContext context, int index)
    {
        ref var counter = ref context.Module!.Counters[index];
        var left = Volatile.Read(ref counter);
        if (left > 1)
        {
            counter = left - 1;
            return false;
        }
        if (left == 1) Promote(context, index);
        return true;
    }

    /// <summary>Points the module's entry and this instance's function at the full body, emitting it first if no
    /// instance has switched yet (other instances' functions switch at their next call, through <see cref="Enter"/>).
    /// The count drops to 0 only once the full and resume bodies are published. Benign races: every writer writes the
    /// same addresses, and a racing count that comes back above 0 only leads here again.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Promote(InstanceContext context, int index)
    {
        var module = context.Module!;
        var full = module.FullBody(index);
        module.Entries[index] = full;
        context.Functions[module.Definition.ImportedFunctionCount + index].Code = full;
        Volatile.Write(ref module.Counters[index], 0);
    }

    /// <summary>Whether modules compiled with <paramref name="options"/> get first bodies: not when RyuJIT tiers the
    /// code itself, nor when every full body is compiled up front.</summary>
    public static bool Applies(EngineOptions options) => !options.TieredCompilation && !options.EagerCompilation;
}
