using System.Runtime.CompilerServices;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime.Compilation;

/// <summary>The bodies a module-defined function can have.</summary>
internal enum BodyKind
{
    /// <summary><c>f{index}</c>: fully optimized, the only body when the function is not tiered.</summary>
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
/// function is emitted twice: a first body <c>t{index}</c> that RyuJIT compiles without optimization (several times
/// cheaper to compile, no inlining), the full body <c>f{index}</c> and, with loops, a resume body. The first body counts calls and loop iterations
/// in <see cref="CompiledModule.Counters"/>; when the count runs out, <see cref="CompiledModule.Entries"/> and the
/// instance's <see cref="Function"/> switch to the full body, so later calls (direct calls from first bodies, calls
/// through tables, exports) run it. A call already inside the first body stays there (there is no on-stack
/// replacement of RyuJIT's), except that a loop, so a loop whose count runs out continues in the function's resume body (<see cref="BodyKind.Resume"/>).
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

    /// <summary>Entry of a first body: counts the call; true when the function has switched (this call, or earlier
    /// and the caller held the first body's address, e.g. a delegate made before), in which case the first body
    /// forwards the call to the full one.</summary>
    public static bool Enter(InstanceContext context, int index)
    {
        ref var counter = ref context.Module!.Counters[index];
        if (counter > CallCost)
        {
            counter -= CallCost;
            return false;
        }
        counter = 0;
        Promote(context, index);
        return true;
    }

    /// <summary>Loop header of a first body: counts the iteration; true once the function has switched, in which case
    /// the first body continues the call in the resume body where it can (see <see cref="BodyKind.Resume"/>).</summary>
    public static bool Iterate(InstanceContext context, int index)
    {
        ref var counter = ref context.Module!.Counters[index];
        if (counter > 1)
        {
            counter--;
            return false;
        }
        if (counter == 1)
        {
            counter = 0;
            Promote(context, index);
        }
        return true;
    }

    /// <summary>Points the module's entry and this instance's function at the full body (other instances' functions
    /// switch at their next call, through <see cref="Enter"/>). Benign races: every writer writes the same addresses.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Promote(InstanceContext context, int index)
    {
        var module = context.Module!;
        var full = module.FunctionPointers[index];
        module.Entries[index] = full;
        context.Functions[module.Definition.ImportedFunctionCount + index].Code = full;
    }

    /// <summary>Whether modules compiled with <paramref name="options"/> get first bodies: not when RyuJIT tiers the
    /// code itself, nor when every full body is compiled up front.</summary>
    public static bool Applies(EngineOptions options) => !options.TieredCompilation && !options.EagerCompilation;
}
