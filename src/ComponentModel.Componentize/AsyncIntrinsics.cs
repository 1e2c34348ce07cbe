using System;
using System.Globalization;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// A component-model async built-in a core module imports from <c>$root</c> (wit-component's legacy names:
/// <c>[waitable-set-new]</c>, <c>[waitable-set-wait]</c>, <c>[context-get-0]</c>, ...), with the core
/// signature it must have and whether its canon definition takes a memory (and string encoding) option. <c>Flag</c> is
/// the async immediate of <c>subtask.cancel</c>.
/// </summary>
internal sealed record AsyncIntrinsic(CanonOp Op, CoreSignature Expected, bool Flag = false, uint Immediate = 0,
    bool NeedsMemory = false, StringEncoding? Encoding = null, bool NeedsRealloc = false)
{
    private const byte I32 = 0x7f;
    private static readonly byte[] None = Array.Empty<byte>();
    private static readonly byte[] One = { I32 };
    private static readonly byte[] Two = { I32, I32 };

    private static CoreSignature Sig(byte[] ps, byte[] rs) => new(ps, rs);

    /// <summary>The built-in named <paramref name="name"/>, or null when the name is not one.</summary>
    public static AsyncIntrinsic? Parse(string name)
    {
        bool cancellable = Strip(ref name, "[cancellable]");
        bool async = Strip(ref name, "[async-lower]");
        AsyncIntrinsic? found = name switch
        {
            "[waitable-set-new]" => new(CanonOp.WaitableSetNew, Sig(None, One)),
            "[waitable-set-wait]" => new(CanonOp.WaitableSetWait, Sig(Two, One), NeedsMemory: true),
            "[waitable-set-poll]" => new(CanonOp.WaitableSetPoll, Sig(Two, One), NeedsMemory: true),
            "[waitable-set-drop]" => new(CanonOp.WaitableSetDrop, Sig(One, None)),
            "[waitable-join]" => new(CanonOp.WaitableJoin, Sig(Two, None)),
            "[thread-yield]" => new(CanonOp.Yield, Sig(None, One)),
            "[subtask-drop]" => new(CanonOp.SubtaskDrop, Sig(One, None)),
            "[subtask-cancel]" => new(CanonOp.SubtaskCancel, Sig(One, One), Flag: async),
            "[backpressure-set]" => new(CanonOp.BackpressureSet, Sig(One, None)),
            "[backpressure-inc]" => new(CanonOp.BackpressureInc, Sig(None, None)),
            "[backpressure-dec]" => new(CanonOp.BackpressureDec, Sig(None, None)),
            "[error-context-drop]" => new(CanonOp.ErrorContextDrop, Sig(One, None)),
            "[error-context-new-utf8]" => ErrorContextNew(StringEncoding.Utf8),
            "[error-context-new-utf16]" => ErrorContextNew(StringEncoding.Utf16),
            "[error-context-new-latin1+utf16]" => ErrorContextNew(StringEncoding.CompactUtf16),
            "[error-context-debug-message-utf8]" => DebugMessage(StringEncoding.Utf8),
            "[error-context-debug-message-utf16]" => DebugMessage(StringEncoding.Utf16),
            "[error-context-debug-message-latin1+utf16]" => DebugMessage(StringEncoding.CompactUtf16),
            _ when Slot(name, "[context-get-") is { } n => new(CanonOp.ContextGet, Sig(None, One), Immediate: n),
            _ when Slot(name, "[context-set-") is { } n => new(CanonOp.ContextSet, Sig(One, None), Immediate: n),
            _ => null,
        };
        if (found is null) return null;
        // The `cancellable` immediate of waitable-set.wait/poll and thread.yield left the component model
        // (WebAssembly/component-model#716; current decoders reject it), so no built-in can be marked so.
        if (cancellable) throw new ComponentizeException($"`{name}` cannot be marked `cancellable` (the immediate was removed by WebAssembly/component-model#716)");
        if (async && found.Op != CanonOp.SubtaskCancel) throw new ComponentizeException($"`{name}` cannot be marked `async`");
        return found;
    }

    /// <summary><c>[task-cancel]</c>, imported from an <c>[export]</c> module.</summary>
    public static readonly AsyncIntrinsic TaskCancel = new(CanonOp.TaskCancel, Sig(None, None));

    private static AsyncIntrinsic ErrorContextNew(StringEncoding e) =>
        new(CanonOp.ErrorContextNew, Sig(Two, One), NeedsMemory: true, Encoding: e);

    private static AsyncIntrinsic DebugMessage(StringEncoding e) =>
        new(CanonOp.ErrorContextDebugMessage, Sig(Two, None), NeedsMemory: true, Encoding: e, NeedsRealloc: true);

    private static bool Strip(ref string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        name = name.Substring(prefix.Length);
        return true;
    }

    // `[context-get-0]` -> 0.
    private static uint? Slot(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith("]", StringComparison.Ordinal)) return null;
        var digits = name.Substring(prefix.Length, name.Length - prefix.Length - 1);
        return uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
