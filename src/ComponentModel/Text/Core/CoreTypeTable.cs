using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Text.Core;

/// <summary>
/// The type section being built: explicit definitions first, then function types that type uses without an
/// index need, appended in order of first use (the text format's implicit type insertion).
/// </summary>
internal sealed class CoreTypeTable
{
    private readonly Dictionary<string, uint> _byKey = new();

    public CoreTypeTable(IEnumerable<CoreFuncType> explicitTypes)
    {
        foreach (var t in explicitTypes) Add(t);
    }

    public List<CoreFuncType> All { get; } = new();

    private uint Add(CoreFuncType type)
    {
        uint index = (uint)All.Count;
        All.Add(type);
        if (!_byKey.ContainsKey(type.Key)) _byKey.Add(type.Key, index);
        return index;
    }

    /// <summary>The first type with this signature, appending one when there is none.</summary>
    public uint Intern(CoreFuncType type) => _byKey.TryGetValue(type.Key, out uint index) ? index : Add(type);

    public CoreFuncType? Get(uint index) => index < All.Count ? All[(int)index] : null;
}
