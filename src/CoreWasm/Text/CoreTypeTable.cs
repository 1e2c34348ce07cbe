using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// The type section being built: explicit definitions first, then function types that type uses without an
/// index need, appended in order of first use (the text format's implicit type insertion).
/// </summary>
internal sealed class CoreTypeTable
{
    private readonly Dictionary<string, uint> _byKey = new();

    private readonly List<CoreFuncType?> _signatures = new();

    public CoreTypeTable(IEnumerable<CoreTypeGroup> groups)
    {
        foreach (var group in groups)
        {
            Groups.Add(group.Encoded);
            foreach (var signature in group.Signatures)
            {
                // Like the reference, only function types outside rec groups stand in for inline type uses.
                if (signature is not null && !group.IsRec && !_byKey.ContainsKey(signature.Key)) _byKey.Add(signature.Key, (uint)_signatures.Count);
                _signatures.Add(signature);
            }
        }
    }

    /// <summary>The type section's entries, encoded.</summary>
    public List<byte[]> Groups { get; } = new();

    /// <summary>The first type with this signature, appending one when there is none.</summary>
    public uint Intern(CoreFuncType type)
    {
        if (_byKey.TryGetValue(type.Key, out uint index)) return index;
        index = (uint)_signatures.Count;
        _signatures.Add(type);
        var w = new WasmWriter();
        type.Encode(w);
        Groups.Add(w.ToArray());
        _byKey.Add(type.Key, index);
        return index;
    }

    /// <summary>The signature of a function type; null for other types and unknown indices.</summary>
    public CoreFuncType? Get(uint index) => index < _signatures.Count ? _signatures[(int)index] : null;
}
