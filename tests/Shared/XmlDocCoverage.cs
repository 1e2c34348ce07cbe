using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace WitBindgen.Tests;

/// <summary>
/// Lists the public types and members of an assembly that have no entry in its XML documentation file (the
/// <c>.xml</c> next to the assembly). Record positional properties are included, which CS1591 does not check:
/// they are documented by a <c>&lt;param&gt;</c> on the record, which the compiler copies to the property.
/// </summary>
internal static class XmlDocCoverage
{
    /// <summary>The documentation ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>) without an XML doc comment.</summary>
    public static List<string> Missing(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(xml)) throw new FileNotFoundException($"documentation file not found: {xml}", xml);
        var documented = XDocument.Load(xml).Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var typeId = type.FullName!.Replace('+', '.');
            if (!documented.Contains("T:" + typeId)) missing.Add("T:" + typeId);
            if (typeof(Delegate).IsAssignableFrom(type)) continue;
            foreach (var member in type.GetMembers(Declared))
            {
                if (!IsApi(member) || IsSynthesized(type, member)) continue;
                var prefix = member switch { FieldInfo => "F:", PropertyInfo => "P:", EventInfo => "E:", _ => "M:" };
                var id = prefix + typeId + "." + (member is ConstructorInfo ? "#ctor" : member.Name);
                if (!documented.Contains(id) && !documented.Any(d => d.StartsWith(id + "(", StringComparison.Ordinal) || d.StartsWith(id + "``", StringComparison.Ordinal)))
                    missing.Add(id);
            }
        }
        return missing;
    }

    private static bool IsApi(MemberInfo member) => member switch
    {
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { } a && (a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !(m.IsSpecialName && m is MethodInfo && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal))),
        _ => false,
    };

    // Members the compiler writes (record equality and printing, implicit and copy constructors) have no
    // source to document.
    private static bool IsSynthesized(Type type, MemberInfo member)
    {
        if (member.Name is "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "Deconstruct" or "<Clone>$" or "EqualityContract" or "op_Equality" or "op_Inequality")
            return member.DeclaringType!.GetMethod("<Clone>$") is not null || type.IsValueType && member.Name != "ToString" || IsRecordStruct(type);
        if (member is ConstructorInfo c)
            return c.IsStatic || c.GetParameters().Length == 0 || c.GetParameters().Length == 1 && c.GetParameters()[0].ParameterType == type;
        return false;
    }

    private static bool IsRecordStruct(Type type) => type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
}
