using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser.Output;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// The WIT of a binary as one self-contained document (what <c>component wit</c> prints): the decoded package first,
/// every package it refers to nested after it, so the text resolves on its own.
/// </summary>
public static class ComponentWit
{
    /// <summary>Prints a component, an encoded WIT package, or the worlds embedded in a core module.</summary>
    public static string Print(byte[] bytes)
    {
        if (ComponentReader.IsCoreModule(bytes))
        {
            var parts = new List<string>();
            foreach (var embedded in ComponentTypeSection.Extract(bytes, out _))
            {
                var resolve = embedded.Resolve;
                var root = resolve.Worlds[embedded.World].Package;
                parts.Add(WitPrinter.Print(resolve, root, resolve.Packages.Ids));
            }
            return string.Join("\n", parts);
        }
        var decoded = WitBinaryDecoder.Decode(bytes);
        var packages = decoded.Packages.Concat(decoded.Resolve.Packages.Ids.Where(p => !decoded.Packages.Contains(p)));
        return WitPrinter.Print(decoded.Resolve, decoded.Packages[0], packages);
    }
}
