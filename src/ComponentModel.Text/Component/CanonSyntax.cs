using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary><c>canon</c> definitions: lift, lower, resource and async/thread built-ins, and their options.</summary>
internal static partial class ComponentTextAssembler
{
    internal static readonly Dictionary<string, CanonOp> TypeOnlyOps = new()
    {
        ["resource.new"] = CanonOp.ResourceNew, ["resource.rep"] = CanonOp.ResourceRep,
        ["stream.new"] = CanonOp.StreamNew, ["stream.drop-readable"] = CanonOp.StreamDropReadable,
        ["stream.drop-writable"] = CanonOp.StreamDropWritable, ["future.new"] = CanonOp.FutureNew,
        ["future.drop-readable"] = CanonOp.FutureDropReadable, ["future.drop-writable"] = CanonOp.FutureDropWritable,
    };

    internal static readonly Dictionary<string, CanonOp> NoImmediateOps = new()
    {
        ["task.cancel"] = CanonOp.TaskCancel, ["backpressure.set"] = CanonOp.BackpressureSet,
        ["backpressure.inc"] = CanonOp.BackpressureInc, ["backpressure.dec"] = CanonOp.BackpressureDec,
        ["subtask.drop"] = CanonOp.SubtaskDrop, ["error-context.drop"] = CanonOp.ErrorContextDrop,
        ["waitable-set.new"] = CanonOp.WaitableSetNew, ["waitable-set.drop"] = CanonOp.WaitableSetDrop,
        ["waitable.join"] = CanonOp.WaitableJoin, ["thread.index"] = CanonOp.ThreadIndex,
        ["thread.resume-later"] = CanonOp.ThreadResumeLater,
    };

    internal static readonly Dictionary<string, CanonOp> FlagOnlyOps = new()
    {
        ["yield"] = CanonOp.Yield, ["thread.yield"] = CanonOp.Yield, ["subtask.cancel"] = CanonOp.SubtaskCancel,
        ["thread.suspend"] = CanonOp.ThreadSuspend, ["thread.suspend-then-resume"] = CanonOp.ThreadSuspendThenResume,
        ["thread.yield-then-resume"] = CanonOp.ThreadYieldThenResume,
        ["thread.suspend-then-promote"] = CanonOp.ThreadSuspendThenPromote,
        ["thread.yield-then-promote"] = CanonOp.ThreadYieldThenPromote,
        ["thread.available-parallelism"] = CanonOp.ThreadAvailableParallelism,
    };

    internal static readonly Dictionary<string, CanonOp> TypeAndOptionsOps = new()
    {
        ["stream.read"] = CanonOp.StreamRead, ["stream.write"] = CanonOp.StreamWrite,
        ["future.read"] = CanonOp.FutureRead, ["future.write"] = CanonOp.FutureWrite,
    };

    internal static readonly Dictionary<string, CanonOp> TypeAndFlagOps = new()
    {
        ["stream.cancel-read"] = CanonOp.StreamCancelRead, ["stream.cancel-write"] = CanonOp.StreamCancelWrite,
        ["future.cancel-read"] = CanonOp.FutureCancelRead, ["future.cancel-write"] = CanonOp.FutureCancelWrite,
    };

    /// <summary>
    /// A <c>(canon ...)</c> list. <paramref name="liftType"/> is the function type already given by a
    /// <c>(func ... (canon lift ...))</c> wrapper; otherwise lift/lower and the built-ins may end with a
    /// <c>(func $id?)</c> / <c>(core func $id?)</c> naming the result (returned in <paramref name="id"/>).
    /// </summary>
    private static System.Func<CanonFunction> Canon(TextScope scope, WatList canon, Pending p, Slot<uint>? liftType, bool named, out WatAtom? id,
        out string? displayName)
    {
        id = null;
        displayName = null;
        var c = WatCursor.Inside(canon);
        var opAtom = c.TryAnyKeyword() ?? throw c.Here.Error("expected a canonical built-in");
        string op = opAtom.Text;
        System.Func<CanonFunction> result;
        switch (op)
        {
            case "lift":
            {
                var func = CoreItemRef(scope, c, Sort.CoreFunc, p);
                var options = CanonOptions(scope, c, p);
                var type = liftType;
                if (type is null)
                {
                    if (!named) throw c.Here.Error("expected `(func (type ...))` for canon lift");
                    var funcList = c.ExpectList("func");
                    displayName = NameAnnotation(funcList);
                    var fc = WatCursor.Inside(funcList);
                    id = fc.TryId();
                    type = TypeUse(scope, fc, p, ScopeKind.Component, (s, cur, pp) => FuncTypeBody(s, cur, pp, requireEnd: true));
                }
                result = () => new CanonFunction(CanonOp.Lift, func.Value, type.Value, options.Select(o => o()).ToList());
                break;
            }
            case "lower":
            {
                var fl = c.ExpectList("func");
                var flc = WatCursor.Inside(fl);
                var func = ItemRef(scope, flc, Sort.Func, p);
                flc.ExpectEnd();
                var options = CanonOptions(scope, c, p);
                result = () => new CanonFunction(CanonOp.Lower, func.Value, 0, options.Select(o => o()).ToList());
                break;
            }
            case "resource.drop":
            {
                var type = TypeIndexAt(scope, c, p);
                bool isAsync = c.TryKeyword("async");
                result = () => new CanonFunction(isAsync ? CanonOp.ResourceDropAsync : CanonOp.ResourceDrop, type.Value, 0, None);
                break;
            }
            case "task.return":
            {
                Slot<ValType>? ret = null;
                if (c.TryList("result") is { } r)
                {
                    var rc = WatCursor.Inside(r);
                    ret = ValTypeAt(scope, rc.Next(), p);
                    rc.ExpectEnd();
                }
                var options = CanonOptions(scope, c, p);
                result = () => new CanonFunction(CanonOp.TaskReturn, 0, 0, options.Select(o => o()).ToList(), false, ret?.Value);
                break;
            }
            case "context.get":
            case "context.set":
            {
                var t = c.TryAnyKeyword() ?? throw c.Here.Error("expected `i32` or `i64`");
                uint valType = t.Text switch { "i32" => 0x7fu, "i64" => 0x7eu, _ => throw t.Error("expected `i32` or `i64`") };
                uint slot = c.ExpectU32();
                var kind = op == "context.get" ? CanonOp.ContextGet : CanonOp.ContextSet;
                result = () => new CanonFunction(kind, slot, valType, None);
                break;
            }
            case "waitable-set.wait":
            case "waitable-set.poll":
            {
                bool flag = c.TryKeyword("cancellable") | c.TryKeyword("async");
                var mem = c.ExpectList("memory");
                var mc = WatCursor.Inside(mem);
                var memory = CoreItemRef(scope, mc, Sort.CoreMemory, p);
                mc.ExpectEnd();
                var kind = op == "waitable-set.wait" ? CanonOp.WaitableSetWait : CanonOp.WaitableSetPoll;
                result = () => new CanonFunction(kind, memory.Value, 0, None, flag);
                break;
            }
            case "error-context.new":
            case "error-context.debug-message":
            {
                var options = CanonOptions(scope, c, p);
                var kind = op == "error-context.new" ? CanonOp.ErrorContextNew : CanonOp.ErrorContextDebugMessage;
                result = () => new CanonFunction(kind, 0, 0, options.Select(o => o()).ToList());
                break;
            }
            case "thread.new-indirect":
            case "thread.spawn-indirect":
            case "thread.spawn-ref":
            {
                bool shared = c.TryKeyword("shared");
                var type = CoreItemRef(scope, c, Sort.CoreType, p);
                if (op == "thread.spawn-ref")
                {
                    result = () => new CanonFunction(CanonOp.ThreadSpawnRef, type.Value, 0, None, shared);
                    break;
                }
                Slot<uint> table;
                if (c.TryList("table") is { } tl)
                {
                    var tc = WatCursor.Inside(tl);
                    table = CoreItemRef(scope, tc, Sort.CoreTable, p);
                    tc.ExpectEnd();
                }
                else
                {
                    table = CoreItemRef(scope, c, Sort.CoreTable, p);
                }
                var kind = op == "thread.new-indirect" ? CanonOp.ThreadNewIndirect : CanonOp.ThreadSpawnIndirect;
                result = () => new CanonFunction(kind, type.Value, table.Value, None, shared);
                break;
            }
            default:
            {
                if (TypeOnlyOps.TryGetValue(op, out var typeOnly))
                {
                    var type = TypeIndexAt(scope, c, p);
                    result = () => new CanonFunction(typeOnly, type.Value, 0, None);
                }
                else if (NoImmediateOps.TryGetValue(op, out var plain))
                {
                    result = () => new CanonFunction(plain, 0, 0, None);
                }
                else if (FlagOnlyOps.TryGetValue(op, out var flagged))
                {
                    bool flag = c.TryKeyword("async") | c.TryKeyword("cancellable") | c.TryKeyword("shared");
                    result = () => new CanonFunction(flagged, 0, 0, None, flag);
                }
                else if (TypeAndOptionsOps.TryGetValue(op, out var rw))
                {
                    var type = TypeIndexAt(scope, c, p);
                    var options = CanonOptions(scope, c, p);
                    result = () => new CanonFunction(rw, type.Value, 0, options.Select(o => o()).ToList());
                }
                else if (TypeAndFlagOps.TryGetValue(op, out var cancel))
                {
                    var type = TypeIndexAt(scope, c, p);
                    bool flag = c.TryKeyword("async");
                    result = () => new CanonFunction(cancel, type.Value, 0, None, flag);
                }
                else
                {
                    throw opAtom.Error($"unknown canonical built-in `{op}`");
                }
                break;
            }
        }
        if (named && op != "lift" && c.PeekList("core", "func"))
        {
            var coreFunc = c.ExpectList("core");
            displayName = NameAnnotation(coreFunc);
            var nc = WatCursor.Inside(coreFunc, 2);
            id = nc.TryId();
            nc.ExpectEnd();
        }
        c.ExpectEnd();
        return result;
    }

    /// <summary>The text name of a built-in other than lift, lower and the ones with their own syntax (the printer's).</summary>
    internal static string? CanonName(CanonOp op)
    {
        foreach (var table in new[] { TypeOnlyOps, NoImmediateOps, FlagOnlyOps, TypeAndOptionsOps, TypeAndFlagOps })
            foreach (var pair in table)
                if (pair.Value == op) return pair.Key;
        return null;
    }

    private static readonly IReadOnlyList<CanonOption> None = new CanonOption[0];

    private static Slot<uint> TypeIndexAt(TextScope scope, WatCursor c, Pending p)
    {
        if (c.TryList("type") is { } wrapped)
        {
            var wc = WatCursor.Inside(wrapped);
            var slot2 = ItemRef(scope, wc, Sort.Type, p);
            wc.ExpectEnd();
            return slot2;
        }
        var node = c.Next();
        var slot = new Slot<uint>();
        p.Add(() => slot.Value = scope.Resolve(Sort.Type, node));
        return slot;
    }

    /// <summary>Canon options up to the end of the list or a trailing <c>(func ...)</c> / <c>(core func ...)</c>.</summary>
    private static List<System.Func<CanonOption>> CanonOptions(TextScope scope, WatCursor c, Pending p)
    {
        var options = new List<System.Func<CanonOption>>();
        while (!c.AtEnd)
        {
            if (c.Peek() is WatAtom { Kind: WatAtomKind.Keyword } k)
            {
                CanonOptionKind kind = k.Text switch
                {
                    "string-encoding=utf8" => CanonOptionKind.Utf8,
                    "string-encoding=utf16" => CanonOptionKind.Utf16,
                    "string-encoding=latin1+utf16" => CanonOptionKind.Latin1Utf16,
                    "async" => CanonOptionKind.Async,
                    _ => throw k.Error($"unknown canonical option `{k.Text}`"),
                };
                c.Next();
                options.Add(() => new CanonOption(kind));
                continue;
            }
            if (c.PeekList("func") || c.PeekList("core", "func")) break;
            var list = c.ExpectList();
            var lc = WatCursor.Inside(list);
            (CanonOptionKind Kind, Sort Sort) spec = list.Head switch
            {
                "memory" => (CanonOptionKind.Memory, Sort.CoreMemory),
                "realloc" => (CanonOptionKind.Realloc, Sort.CoreFunc),
                "post-return" => (CanonOptionKind.PostReturn, Sort.CoreFunc),
                "callback" => (CanonOptionKind.Callback, Sort.CoreFunc),
                _ => throw list.Error($"unknown canonical option `{list.Head ?? "("}`"),
            };
            var index = CoreItemRef(scope, lc, spec.Sort, p);
            lc.ExpectEnd();
            options.Add(() => new CanonOption(spec.Kind, index.Value));
        }
        return options;
    }
}
