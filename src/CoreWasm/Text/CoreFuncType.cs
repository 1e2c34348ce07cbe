using System.Collections.Generic;
using System.Globalization;
using System.Text;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Text;

/// <summary>A function type; <see cref="Key"/> identifies equal signatures for implicit type insertion.</summary>
internal sealed class CoreFuncType
{
    public CoreFuncType(IReadOnlyList<ValueType> parameters, IReadOnlyList<ValueType> results)
    {
        Params = parameters;
        Results = results;
        var sb = new StringBuilder();
        foreach (var p in parameters) sb.Append(((int)p).ToString(CultureInfo.InvariantCulture)).Append(',');
        sb.Append("->");
        foreach (var r in results) sb.Append(((int)r).ToString(CultureInfo.InvariantCulture)).Append(',');
        Key = sb.ToString();
    }

    public IReadOnlyList<ValueType> Params { get; }
    public IReadOnlyList<ValueType> Results { get; }
    public string Key { get; }

    public void Encode(WasmWriter w)
    {
        w.Byte(0x60);
        w.U32((uint)Params.Count);
        foreach (var p in Params) w.ValueType(p);
        w.U32((uint)Results.Count);
        foreach (var r in Results) w.ValueType(r);
    }
}
