using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>Writes a <see cref="ComponentBinary"/> (or a list of sections) as a component binary.</summary>
public static class ComponentWriter
{
    /// <summary>Encodes a component.</summary>
    public static byte[] Write(ComponentBinary component) => Write(component.Sections);

    /// <summary>Encodes sections as a component.</summary>
    public static byte[] Write(IEnumerable<ComponentSection> sections)
    {
        var w = new WasmWriter();
        WriteTo(w, sections);
        return w.ToArray();
    }

    private static void WriteTo(WasmWriter w, IEnumerable<ComponentSection> sections)
    {
        w.Bytes(ComponentReader.Preamble);
        foreach (var section in sections) WriteSection(w, section);
    }

    private static void WriteSection(WasmWriter w, ComponentSection section)
    {
        switch (section)
        {
            case CustomSection c: w.CustomSection(c.Name, c.Data); break;
            case CoreModuleSection m: w.Section(1, s => s.Bytes(m.Module)); break;
            case CoreInstanceSection ci:
                w.Section(2, s =>
                {
                    s.U32((uint)ci.Instances.Count);
                    foreach (var inst in ci.Instances)
                    {
                        switch (inst)
                        {
                            case CoreInstantiate i:
                                s.Byte(0).U32(i.Module).U32((uint)i.Args.Count);
                                foreach (var a in i.Args) s.Name(a.Name).Byte(0x12).U32(a.Instance);
                                break;
                            case CoreInlineExports e:
                                s.Byte(1).U32((uint)e.Exports.Count);
                                foreach (var x in e.Exports) { s.Name(x.Name); SortCodes.WriteCore(s, x.Sort); s.U32(x.Index); }
                                break;
                        }
                    }
                });
                break;
            case CoreTypeSection ct:
                w.Section(3, s => { s.U32((uint)ct.Types.Count); foreach (var t in ct.Types) CoreTypeCodec.Write(s, t); });
                break;
            case NestedComponentSection nc: w.Section(4, s => WriteTo(s, nc.Component.Sections)); break;
            case InstanceSection inst:
                w.Section(5, s =>
                {
                    s.U32((uint)inst.Instances.Count);
                    foreach (var i in inst.Instances)
                    {
                        switch (i)
                        {
                            case Instantiate x:
                                s.Byte(0).U32(x.Component).U32((uint)x.Args.Count);
                                foreach (var a in x.Args) { s.Name(a.Name); SortCodes.Write(s, a.Sort); s.U32(a.Index); }
                                break;
                            case InlineExports e:
                                s.Byte(1).U32((uint)e.Exports.Count);
                                foreach (var x in e.Exports) { TypeCodec.WriteExternName(s, x.Name); SortCodes.Write(s, x.Sort); s.U32(x.Index); }
                                break;
                        }
                    }
                });
                break;
            case AliasSection al:
                w.Section(6, s => { s.U32((uint)al.Aliases.Count); foreach (var a in al.Aliases) TypeCodec.WriteAlias(s, a); });
                break;
            case TypeSection ts:
                w.Section(7, s => { s.U32((uint)ts.Types.Count); foreach (var t in ts.Types) TypeCodec.WriteTypeDefinition(s, t); });
                break;
            case CanonSection cs:
                w.Section(8, s => { s.U32((uint)cs.Functions.Count); foreach (var f in cs.Functions) WriteCanon(s, f); });
                break;
            case StartSection st:
                w.Section(9, s => { s.U32(st.Func).U32((uint)st.Args.Count); foreach (var a in st.Args) s.U32(a); s.U32(st.Results); });
                break;
            case ImportSection im:
                w.Section(10, s =>
                {
                    s.U32((uint)im.Imports.Count);
                    foreach (var i in im.Imports) { TypeCodec.WriteExternName(s, i.Name); TypeCodec.WriteExternDesc(s, i.Desc); }
                });
                break;
            case ExportSection ex:
                w.Section(11, s =>
                {
                    s.U32((uint)ex.Exports.Count);
                    foreach (var e in ex.Exports)
                    {
                        TypeCodec.WriteExternName(s, e.Name);
                        SortCodes.Write(s, e.Sort);
                        s.U32(e.Index);
                        if (e.Ascribed is null) s.Byte(0);
                        else { s.Byte(1); TypeCodec.WriteExternDesc(s, e.Ascribed); }
                    }
                });
                break;
        }
    }

    private static void WriteCanon(WasmWriter s, CanonFunction f)
    {
        s.Byte((byte)f.Op);
        switch (f.Op)
        {
            case CanonOp.Lift: s.Byte(0).U32(f.Index); WriteOptions(s, f.Options); s.U32(f.TypeIndex); break;
            case CanonOp.Lower: s.Byte(0).U32(f.Index); WriteOptions(s, f.Options); break;
            case CanonOp.ResourceNew or CanonOp.ResourceDrop or CanonOp.ResourceDropAsync or CanonOp.ResourceRep
                or CanonOp.StreamNew or CanonOp.StreamDropReadable or CanonOp.StreamDropWritable or CanonOp.FutureNew
                or CanonOp.FutureDropReadable or CanonOp.FutureDropWritable:
                s.U32(f.Index);
                break;
            case CanonOp.ThreadSpawnRef: s.Byte(f.Async ? (byte)1 : (byte)0).U32(f.Index); break;
            case CanonOp.StreamRead or CanonOp.StreamWrite or CanonOp.FutureRead or CanonOp.FutureWrite:
                s.U32(f.Index); WriteOptions(s, f.Options);
                break;
            case CanonOp.StreamCancelRead or CanonOp.StreamCancelWrite or CanonOp.FutureCancelRead or CanonOp.FutureCancelWrite:
                s.U32(f.Index).Byte(f.Async ? (byte)1 : (byte)0);
                break;
            case CanonOp.TaskReturn:
                if (f.Result is { } r) { s.Byte(0); TypeCodec.WriteValType(s, r); }
                else s.Byte(1).Byte(0);
                WriteOptions(s, f.Options);
                break;
            case CanonOp.ContextGet or CanonOp.ContextSet: s.Byte(f.TypeIndex == 0 ? (byte)0x7f : (byte)f.TypeIndex).U32(f.Index); break;
            case CanonOp.Yield or CanonOp.SubtaskCancel or CanonOp.ThreadSuspend or CanonOp.ThreadSuspendThenResume
                or CanonOp.ThreadYieldThenResume or CanonOp.ThreadSuspendThenPromote or CanonOp.ThreadYieldThenPromote
                or CanonOp.ThreadAvailableParallelism:
                s.Byte(f.Async ? (byte)1 : (byte)0);
                break;
            case CanonOp.ThreadNewIndirect: s.U32(f.Index).U32(f.TypeIndex); break;
            case CanonOp.WaitableSetWait or CanonOp.WaitableSetPoll: s.Byte(f.Async ? (byte)1 : (byte)0).U32(f.Index); break;
            case CanonOp.ErrorContextNew or CanonOp.ErrorContextDebugMessage: WriteOptions(s, f.Options); break;
            case CanonOp.ThreadSpawnIndirect: s.Byte(f.Async ? (byte)1 : (byte)0).U32(f.Index).U32(f.TypeIndex); break;
        }
    }

    private static void WriteOptions(WasmWriter s, IReadOnlyList<CanonOption> options)
    {
        s.U32((uint)options.Count);
        foreach (var o in options)
        {
            s.Byte((byte)o.Kind);
            if (o.Kind is CanonOptionKind.Memory or CanonOptionKind.Realloc or CanonOptionKind.PostReturn or CanonOptionKind.Callback) s.U32(o.Index);
        }
    }
}
