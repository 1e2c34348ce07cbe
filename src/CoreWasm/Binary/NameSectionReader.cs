using System;
using System.Collections.Generic;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>Reads module and function names from the <c>name</c> custom section; a malformed one is ignored.</summary>
internal static class NameSectionReader
{
    public static void TryRead(byte[] bytes, int start, int end, Dictionary<uint, string> functionNames, ref string? moduleName)
    {
        var names = new Dictionary<uint, string>();
        string? module = null;
        try
        {
            var c = new WasmReader(bytes, start, end);
            while (!c.AtEnd)
            {
                var id = c.ReadByte();
                var size = c.ReadLength();
                var subsectionEnd = c.Position + size;
                if (id == 0)
                {
                    module = c.ReadName();
                }
                else if (id == 1)
                {
                    var count = c.ReadCount();
                    for (var i = 0; i < count; i++)
                    {
                        var index = c.ReadU32();
                        names[index] = c.ReadName();
                    }
                }
                c.Position = subsectionEnd;
            }
        }
        catch (WasmDecodeException)
        {
            // Custom sections must not make a module malformed; keep what was read before the problem.
        }
        moduleName = module;
        foreach (var pair in names) functionNames[pair.Key] = pair.Value;
    }
}
