using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace WitBindgen.WitParser.Tests.Api;

/// <summary>
/// The front end's public surface stays small and documented: the AST and the resolver are internal, and
/// every public type and member (record positional properties included, which CS1591 does not check) has
/// an XML doc comment in the shipped documentation file.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Front = typeof(WitLoader).Assembly;

    private static List<Type> PublicTypes() => Front.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    [Fact]
    public void AtMostSixtyPublicTypesAndNoneFromTheAstOrTheResolver()
    {
        var types = PublicTypes();
        Assert.InRange(types.Count, 1, 60);
        Assert.DoesNotContain(types, t => t.Namespace is "WitBindgen.WitParser.Syntax" or "WitBindgen.WitParser.Resolution");
        // What generators and the CLI build on stays public.
        foreach (var name in new[] { "WitLoader", "WitLoadResult", "WitOptions", "Model.Resolve", "Model.WitType", "Diagnostics.Diagnostic", "Diagnostics.DiagnosticRenderer", "Output.WitJsonWriter", "Output.WitPrinter" })
            Assert.Contains(types, t => t.FullName == "WitBindgen.WitParser." + name);
    }

    [Fact]
    public void EveryPublicTypeAndMemberIsDocumented()
    {
        var xml = Path.ChangeExtension(Front.Location, ".xml");
        Assert.True(File.Exists(xml), $"documentation file not found: {xml}");
        var documented = XDocument.Load(xml).Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in PublicTypes())
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
        Assert.Empty(missing);
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
