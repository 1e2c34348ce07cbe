using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;
using BinaryValType = WitBindgen.ComponentModel.Binary.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// Rejects, when a component is created, what the runtime does not run yet: the Preview 3 features (async lift and
/// lower, stream, future, error-context, the task/subtask/waitable/stream/future/context/thread built-ins), values and
/// the component start function. The message is "not supported yet: FEATURE".
/// </summary>
internal static class FeatureCheck
{
    public static void RejectUnsupported(ComponentBinary binary)
    {
        foreach (var section in binary.Sections)
        {
            switch (section)
            {
                case NestedComponentSection n: RejectUnsupported(n.Component); break;
                case CanonSection c:
                    foreach (var f in c.Functions) Canon(f);
                    break;
                case TypeSection t:
                    foreach (var type in t.Types) Type(type);
                    break;
                case StartSection: throw Unsupported("component start function");
                case ImportSection i:
                    foreach (var import in i.Imports) Desc(import.Desc);
                    break;
                case ExportSection e:
                    foreach (var export in e.Exports)
                        if (export.Sort == Sort.Value) throw Unsupported("component values");
                    break;
            }
        }
    }

    public static NotSupportedException Unsupported(string feature) => new($"not supported yet: {feature}");

    private static void Canon(CanonFunction f)
    {
        switch (f.Op)
        {
            case CanonOp.Lift:
            case CanonOp.Lower:
                if (f.Async) throw Unsupported($"async {(f.Op == CanonOp.Lift ? "lift" : "lower")}");
                foreach (var o in f.Options)
                {
                    if (o.Kind == CanonOptionKind.Async) throw Unsupported($"async {(f.Op == CanonOp.Lift ? "lift" : "lower")}");
                    if (o.Kind == CanonOptionKind.Callback) throw Unsupported("async callback");
                }
                break;
            case CanonOp.ResourceNew:
            case CanonOp.ResourceDrop:
            case CanonOp.ResourceRep:
                if (f.Async) throw Unsupported("async resource.drop");
                break;
            default:
                throw Unsupported(Name(f.Op));
        }
    }

    /// <summary>The text-format name of a built-in (<c>task.return</c>, <c>stream.read</c>, ...).</summary>
    public static string Name(CanonOp op)
    {
        var s = op.ToString();
        var sb = new System.Text.StringBuilder();
        string[] prefixes = { "Task", "Subtask", "Resource", "Backpressure", "Context", "Stream", "Future", "ErrorContext", "WaitableSet", "Waitable", "Thread" };
        foreach (var p in prefixes)
        {
            if (!s.StartsWith(p, StringComparison.Ordinal) || s.Length == p.Length) continue;
            sb.Append(Kebab(p)).Append('.').Append(Kebab(s.Substring(p.Length)));
            return sb.ToString();
        }
        return Kebab(s);
    }

    private static string Kebab(string s)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsUpper(s[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(s[i]));
        }
        return sb.ToString();
    }

    private static void Desc(ExternDesc desc)
    {
        if (desc.Kind == ComponentModel.Binary.ExternKind.Value) throw Unsupported("component values");
        if (desc.Kind == ComponentModel.Binary.ExternKind.Type && !desc.Bound.IsSubResource) return;
    }

    private static void Type(TypeDefinition type)
    {
        switch (type)
        {
            case StreamType: throw Unsupported("stream");
            case FutureType: throw Unsupported("future");
            case FuncType { IsAsync: true }: throw Unsupported("async function type");
            case ResourceTypeDefinition { IsAsync: true }: throw Unsupported("async resource destructor");
            case PrimitiveDefinedType p: Val(BinaryValType.Of(p.Primitive)); break;
            case RecordType r: foreach (var f in r.Fields) Val(f.Type); break;
            case VariantType v: foreach (var c in v.Cases) if (c.Type is { } t) Val(t); break;
            case ListType l: Val(l.Element); break;
            case FixedListType fl: Val(fl.Element); break;
            case TupleType t: foreach (var v in t.Types) Val(v); break;
            case OptionType o: Val(o.Element); break;
            case ResultType r: { if (r.Ok is { } ok) Val(ok); if (r.Err is { } err) Val(err); break; }
            case MapType m: Val(m.Key); Val(m.Value); break;
            case FuncType f: { foreach (var p in f.Params) Val(p.Type); if (f.Result is { } res) Val(res); break; }
            case ComponentTypeDefinition c: Declarations(c.Declarations); break;
            case InstanceTypeDefinition i: Declarations(i.Declarations); break;
        }
    }

    private static void Declarations(IReadOnlyList<Declaration> declarations)
    {
        foreach (var d in declarations)
        {
            switch (d)
            {
                case TypeDeclaration t: Type(t.Type); break;
                case ImportDeclaration i: Desc(i.Desc); break;
                case ExportDeclaration e: Desc(e.Desc); break;
            }
        }
    }

    private static void Val(BinaryValType v)
    {
        if (v.IsPrimitive && v.Primitive == PrimitiveValType.ErrorContext) throw Unsupported("error-context");
    }
}
