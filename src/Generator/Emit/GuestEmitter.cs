using System.Collections.Generic;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>Renders a <see cref="WorldBinding"/> into C# files, one per interface and direction.</summary>
internal static class GuestEmitter
{
    public static IReadOnlyList<GeneratedFile> Emit(WorldBinding binding)
    {
        var files = new List<GeneratedFile>();
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var iface in binding.Interfaces)
        {
            var hint = $"{iface.Namespace}.{iface.ClassName}";
            var unique = hint;
            for (int i = 2; !used.Add(unique); i++) unique = hint + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            files.Add(new GeneratedFile(unique + ".g.cs", TemplateRenderer.Render("Interface.scriban", iface)));
        }
        return files;
    }
}
