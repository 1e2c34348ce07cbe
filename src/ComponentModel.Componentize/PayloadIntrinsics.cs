using System;
using System.Collections.Generic;
using System.Globalization;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// A stream or future built-in a core module imports, named as wit-component names them: <c>[stream-read-N]f</c>
/// means <c>stream.read</c> on the N-th future or stream type of function <c>f</c>'s signature (a depth-first walk of
/// the parameters, then the result, inner types first), optionally <c>[async-lower]</c>-prefixed.
/// </summary>
internal sealed record PayloadIntrinsic(CanonOp Op, CoreSignature Expected, bool IsStream, int Ordinal, string Function, bool Async)
{
    private const byte I32 = 0x7f;
    private const byte I64 = 0x7e;

    /// <summary>Whether the canon definition takes options (memory, string encoding, realloc).</summary>
    public bool TakesOptions => Op is CanonOp.StreamRead or CanonOp.StreamWrite or CanonOp.FutureRead or CanonOp.FutureWrite;

    /// <summary>Whether the async flag is an immediate (cancel) rather than the <c>async</c> option.</summary>
    public bool FlagImmediate => Op is CanonOp.StreamCancelRead or CanonOp.StreamCancelWrite or CanonOp.FutureCancelRead or CanonOp.FutureCancelWrite;

    private static readonly (string Prefix, CanonOp Op, bool Stream, byte[] Params, byte[] Results)[] Forms =
    {
        ("[stream-new-", CanonOp.StreamNew, true, Array.Empty<byte>(), new[] { I64 }),
        ("[stream-read-", CanonOp.StreamRead, true, new[] { I32, I32, I32 }, new[] { I32 }),
        ("[stream-write-", CanonOp.StreamWrite, true, new[] { I32, I32, I32 }, new[] { I32 }),
        ("[stream-cancel-read-", CanonOp.StreamCancelRead, true, new[] { I32 }, new[] { I32 }),
        ("[stream-cancel-write-", CanonOp.StreamCancelWrite, true, new[] { I32 }, new[] { I32 }),
        ("[stream-drop-readable-", CanonOp.StreamDropReadable, true, new[] { I32 }, Array.Empty<byte>()),
        ("[stream-drop-writable-", CanonOp.StreamDropWritable, true, new[] { I32 }, Array.Empty<byte>()),
        ("[future-new-", CanonOp.FutureNew, false, Array.Empty<byte>(), new[] { I64 }),
        ("[future-read-", CanonOp.FutureRead, false, new[] { I32, I32 }, new[] { I32 }),
        ("[future-write-", CanonOp.FutureWrite, false, new[] { I32, I32 }, new[] { I32 }),
        ("[future-cancel-read-", CanonOp.FutureCancelRead, false, new[] { I32 }, new[] { I32 }),
        ("[future-cancel-write-", CanonOp.FutureCancelWrite, false, new[] { I32 }, new[] { I32 }),
        ("[future-drop-readable-", CanonOp.FutureDropReadable, false, new[] { I32 }, Array.Empty<byte>()),
        ("[future-drop-writable-", CanonOp.FutureDropWritable, false, new[] { I32 }, Array.Empty<byte>()),
    };

    /// <summary>The built-in named <paramref name="name"/>, or null when the name is not one.</summary>
    public static PayloadIntrinsic? Parse(string name)
    {
        const string asyncPrefix = "[async-lower]";
        bool async = name.StartsWith(asyncPrefix, StringComparison.Ordinal);
        if (async) name = name.Substring(asyncPrefix.Length);
        foreach (var (prefix, op, stream, ps, rs) in Forms)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int close = name.IndexOf(']', prefix.Length);
            if (close < 0 || !int.TryParse(name.Substring(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
                return null;
            var found = new PayloadIntrinsic(op, new CoreSignature(ps, rs), stream, ordinal, name.Substring(close + 1), async);
            if (async && !(found.TakesOptions || found.FlagImmediate))
                throw new ComponentizeException($"async `{prefix.Substring(1, prefix.Length - 2).Replace('-', '.')}` calls not supported");
            return found;
        }
        return null;
    }

    /// <summary>The future and stream types of a function's signature in wit-parser's order: (is stream, payload).</summary>
    public static List<(bool IsStream, WitType? Element)> FuturesAndStreams(Resolve resolve, Function function)
    {
        var found = new List<(bool, WitType?)>();
        foreach (var p in function.Params) Walk(resolve, p.Type, found, 0);
        if (function.Result is { } r) Walk(resolve, r, found, 0);
        return found;
    }

    private static void Walk(Resolve resolve, WitType type, List<(bool, WitType?)> found, int depth)
    {
        if (!type.IsId || depth > 64) return;
        switch (resolve.Types[type.TypeId].Kind)
        {
            case RecordKind r: foreach (var f in r.Fields) Walk(resolve, f.Type, found, depth + 1); break;
            case TupleKind t: foreach (var x in t.Types) Walk(resolve, x, found, depth + 1); break;
            case VariantKind v: foreach (var c in v.Cases) if (c.Type is { } ct) Walk(resolve, ct, found, depth + 1); break;
            case OptionKind o: Walk(resolve, o.Element, found, depth + 1); break;
            case ResultKind r:
                if (r.Ok is { } ok) Walk(resolve, ok, found, depth + 1);
                if (r.Err is { } err) Walk(resolve, err, found, depth + 1);
                break;
            case ListKind l: Walk(resolve, l.Element, found, depth + 1); break;
            case FixedListKind l: Walk(resolve, l.Element, found, depth + 1); break;
            case MapKind m: Walk(resolve, m.Key, found, depth + 1); Walk(resolve, m.Value, found, depth + 1); break;
            case AliasKind a: Walk(resolve, a.Target, found, depth + 1); break;
            case FutureKind f:
                if (f.Element is { } fe) Walk(resolve, fe, found, depth + 1);
                found.Add((false, f.Element));
                break;
            case StreamKind s:
                if (s.Element is { } se) Walk(resolve, se, found, depth + 1);
                found.Add((true, s.Element));
                break;
        }
    }

    /// <summary>A primitive WIT type as a component value type; null for defined types.</summary>
    public static ValType? Primitive(WitType type) => type.Kind switch
    {
        WitTypeKind.Bool => ValType.Of(PrimitiveValType.Bool),
        WitTypeKind.U8 => ValType.Of(PrimitiveValType.U8), WitTypeKind.U16 => ValType.Of(PrimitiveValType.U16),
        WitTypeKind.U32 => ValType.Of(PrimitiveValType.U32), WitTypeKind.U64 => ValType.Of(PrimitiveValType.U64),
        WitTypeKind.S8 => ValType.Of(PrimitiveValType.S8), WitTypeKind.S16 => ValType.Of(PrimitiveValType.S16),
        WitTypeKind.S32 => ValType.Of(PrimitiveValType.S32), WitTypeKind.S64 => ValType.Of(PrimitiveValType.S64),
        WitTypeKind.F32 => ValType.Of(PrimitiveValType.F32), WitTypeKind.F64 => ValType.Of(PrimitiveValType.F64),
        WitTypeKind.Char => ValType.Of(PrimitiveValType.Char), WitTypeKind.String => ValType.Of(PrimitiveValType.String),
        WitTypeKind.ErrorContext => ValType.Of(PrimitiveValType.ErrorContext),
        _ => null,
    };
}
