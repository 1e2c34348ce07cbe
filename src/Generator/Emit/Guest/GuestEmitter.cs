using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Guest;

/// <summary>
/// The guest emitter: renders a <see cref="WorldBinding"/> into C# files, one per interface and direction.
/// Function bodies and export trampolines are written here from the model's <see cref="FunctionAbi"/>
/// (<see cref="GuestFunctionWriter"/>, <see cref="GuestValueWriter"/>); the templates in Templates/ lay out
/// declarations around them.
/// </summary>
internal static class GuestEmitter
{
    private const string MemberIndent = "        ";
    private const string BodyIndent = "            ";

    public static IReadOnlyList<GeneratedFile> Emit(WorldBinding binding)
    {
        var files = new List<GeneratedFile>();
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var iface in binding.Interfaces)
        {
            var hint = $"{iface.Namespace}.{iface.ClassName}";
            var unique = hint;
            for (int i = 2; !used.Add(unique); i++) unique = hint + i.ToString(CultureInfo.InvariantCulture);
            files.Add(new GeneratedFile(unique + ".g.cs", TemplateRenderer.Render("Guest.Interface.scriban", View(iface))));
        }
        return files;
    }

    private static InterfaceView View(InterfaceDecl iface) => new()
    {
        Direction = iface.Direction.ToString(),
        Namespace = iface.Namespace,
        WitName = iface.WitName,
        ClassName = iface.ClassName,
        InterfaceName = iface.InterfaceName,
        Docs = iface.Docs,
        Types = iface.Types.Select(View).ToList(),
        Functions = iface.Functions.Select(f => View(f, iface)).ToList(),
    };

    internal static TypeView View(TypeDecl t)
    {
        var resource = t.Kind is TypeDeclKind.ImportedResource or TypeDeclKind.ExportedResource;
        return new TypeView
        {
            Kind = t.Kind.ToString(),
            Name = t.Name,
            WitName = t.WitName,
            Underlying = t.Underlying,
            Docs = t.Docs,
            Members = resource ? new List<MemberView>() : t.Members.Select(m => new MemberView
            {
                Name = m.Name,
                Type = m.Type,
                Value = t.Kind == TypeDeclKind.Flags ? FlagValue(t.Underlying, m.Value!) : m.Value,
                Docs = m.Docs,
            }).ToList(),
            Module = resource ? t.Members[0].Value : null,
            Destructor = resource ? t.Members[1].Value : null,
            Functions = t.Functions.Select(f => View(f, null)).ToList(),
        };
    }

    private static string FlagValue(string? underlying, string bit)
    {
        var suffix = underlying == "ulong" ? "UL" : underlying == "uint" ? "U" : "";
        return $"1{suffix} << {bit}";
    }

    private static FunctionView View(FunctionDecl f, InterfaceDecl? iface)
    {
        var view = new FunctionView
        {
            Name = f.Name,
            Role = f.Role.ToString(),
            ReturnType = f.ReturnType,
            Params = f.Params,
            Docs = f.Docs,
        };
        if (f.Abi is null) return view;
        if (iface is null || iface.Direction == Direction.Import)
        {
            view.Body = Indent(GuestFunctionWriter.ImportBody(f), BodyIndent);
            view.Interop = Indent(GuestFunctionWriter.ImportExtern(f), MemberIndent);
        }
        else view.Interop = Indent(GuestFunctionWriter.Export(f, iface.ClassName), MemberIndent);
        return view;
    }

    private static List<string> Indent(List<string> lines, string prefix) => lines.Select(l => l.Length == 0 ? l : prefix + l).ToList();

    // Views: what the templates read (public properties, names as written in the templates).

    internal sealed class InterfaceView
    {
        public string Direction { get; set; } = "";
        public string Namespace { get; set; } = "";
        public string WitName { get; set; } = "";
        public string ClassName { get; set; } = "";
        public string? InterfaceName { get; set; }
        public EquatableArray<string> Docs { get; set; }
        public List<TypeView> Types { get; set; } = new();
        public List<FunctionView> Functions { get; set; } = new();
    }

    internal sealed class TypeView
    {
        public string Kind { get; set; } = "";
        public string Name { get; set; } = "";
        public string WitName { get; set; } = "";
        public string? Underlying { get; set; }
        public EquatableArray<string> Docs { get; set; }
        public List<MemberView> Members { get; set; } = new();
        public List<FunctionView> Functions { get; set; } = new();
        public string? Module { get; set; }
        public string? Destructor { get; set; }
    }

    internal sealed class MemberView
    {
        public string Name { get; set; } = "";
        public string? Type { get; set; }
        public string? Value { get; set; }
        public EquatableArray<string> Docs { get; set; }
    }

    internal sealed class FunctionView
    {
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string ReturnType { get; set; } = "";
        public EquatableArray<ParamDecl> Params { get; set; }
        public EquatableArray<string> Docs { get; set; }
        public List<string> Body { get; set; } = new();
        public List<string> Interop { get; set; } = new();
    }
}
