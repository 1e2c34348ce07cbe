using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Naming;

/// <summary>Member names of generated types, computed the same way for declarations and for glue.</summary>
internal static class MemberNames
{
    private static readonly string[] RecordMembers = { "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone", "Finalize" };

    /// <summary>Members every generated class inherits from <see cref="object"/> (records also synthesize the rest of <see cref="RecordMembers"/>).</summary>
    private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize" };

    /// <summary>
    /// The documented rename of a WIT name that would hide an inherited member (docs/type-mapping.md): the
    /// owning type's name goes in front (<c>descriptor.get-type</c> → <c>DescriptorGetType</c>, a record field
    /// <c>to-string</c> of <c>entry</c> → <c>EntryToString</c>); other names are unchanged.
    /// </summary>
    public static string AvoidInherited(string typeName, string name, bool record)
    {
        foreach (var m in record ? RecordMembers : ObjectMembers)
            if (m == name) return typeName + name;
        return name;
    }

    /// <summary>Property names of a record's fields (never the record's own name, CS0542).</summary>
    public static List<string> RecordFields(string typeName, RecordKind record)
    {
        var scope = new NameScope(RecordMembers);
        scope.Reserve(typeName);
        return record.Fields.Select(f => scope.Claim(AvoidInherited(typeName, CSharpNames.Pascal(f.Name), record: true))).ToList();
    }

    /// <summary>
    /// C# names of a resource's methods and static functions (constructors excluded; exported resources
    /// only have methods on the class), keyed by the WIT function name.
    /// </summary>
    public static Dictionary<string, string> ResourceFunctions(string typeName, IEnumerable<Function> functions, bool exported)
    {
        var scope = new NameScope(typeName, "Handle", "Dispose", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "TakeHandle", "Rep", "CurrentHandle", "MoveHandle", "AttachHandle", "ResourceDrop", "DropHandle");
        var names = new Dictionary<string, string>();
        foreach (var f in functions)
        {
            if (f.Kind == FunctionKind.Constructor || (exported && f.Kind != FunctionKind.Method)) continue;
            names[f.Name] = scope.Claim(AvoidInherited(typeName, CSharpNames.Pascal(f.ItemName), record: false));
        }
        return names;
    }

    /// <summary>Nested case type names of a variant (never the variant's name nor <c>Value</c>, the payload property).</summary>
    public static List<string> VariantCases(string typeName, VariantKind variant)
    {
        var scope = new NameScope(RecordMembers);
        scope.Reserve(typeName);
        scope.Reserve("Value");
        return variant.Cases.Select(c => scope.Claim(AvoidInherited(typeName, CSharpNames.Pascal(c.Name), record: true))).ToList();
    }
}
