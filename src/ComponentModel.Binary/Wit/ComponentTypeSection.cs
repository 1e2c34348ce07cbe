using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A world found in a core module's <c>component-type*</c> custom section.</summary>
/// <param name="SectionName">The name of the custom section.</param>
/// <param name="Resolve">The packages decoded from the section.</param>
/// <param name="World">The world's id in <paramref name="Resolve"/>.</param>
/// <param name="Encoding">The string encoding recorded in the section.</param>
public sealed record EmbeddedWorld(string SectionName, Resolve Resolve, Id<World> World, StringEncoding Encoding);

/// <summary>
/// Embeds a world into a core module as a <c>component-type:&lt;world&gt;</c> custom section (what
/// <c>wasm-tools component embed</c> does) and extracts such sections again.
/// </summary>
public static class ComponentTypeSection
{
    /// <summary>Prefix of the custom section names that carry worlds.</summary>
    public const string Prefix = "component-type";

    /// <summary>Returns <paramref name="coreModule"/> with the world's <c>component-type</c> section appended.</summary>
    public static byte[] Embed(byte[] coreModule, Resolve resolve, Id<World> world, StringEncoding encoding = StringEncoding.Utf8)
    {
        if (!ComponentReader.IsCoreModule(coreModule)) throw new ComponentFormatException("expected a core WebAssembly module", 0);
        var w = new WasmWriter().Bytes(coreModule);
        w.CustomSection(WitBinaryEncoder.ComponentTypeSectionName(resolve, world), WitBinaryEncoder.EncodeWorld(resolve, world, encoding));
        return w.ToArray();
    }

    /// <summary>
    /// Decodes every <c>component-type*</c> section of a core module; <paramref name="stripped"/> is the module
    /// without them.
    /// </summary>
    public static IReadOnlyList<EmbeddedWorld> Extract(byte[] coreModule, out byte[] stripped)
    {
        if (!ComponentReader.IsCoreModule(coreModule)) throw new ComponentFormatException("expected a core WebAssembly module", 0);
        var result = new List<EmbeddedWorld>();
        var output = new WasmWriter().Bytes(new ReadOnlySpan<byte>(coreModule, 0, 8));
        var r = ComponentBytes.Reader(coreModule, 8);
        while (!r.AtEnd)
        {
            int start = r.Position;
            byte id = r.ReadByte();
            uint size = r.ReadU32();
            if (size > r.Remaining) throw r.Error($"section size {size} exceeds the {r.Remaining} remaining bytes", start);
            int contentStart = r.Position;
            var content = r.Sub((int)size);
            if (id == 0)
            {
                content.Section = "custom";
                var name = content.ReadName();
                if (name.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    var data = content.ReadBytes(content.Remaining).ToArray();
                    var (resolve, world, encoding) = WitBinaryDecoder.DecodeWorld(data);
                    result.Add(new EmbeddedWorld(name, resolve, world, encoding));
                    continue;
                }
            }
            output.Bytes(new ReadOnlySpan<byte>(coreModule, start, contentStart - start + (int)size));
        }
        stripped = output.ToArray();
        return result;
    }
}
