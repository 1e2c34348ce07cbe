using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Naming;

/// <summary>Member names of generated types, computed the same way for declarations and for glue.</summary>
internal static class MemberNames
{
    private static readonly string[] RecordMembers = { "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone", "Finalize" };

    /// <summary>Property names of a record's fields (never the record's own name, CS0542).</summary>
    public static List<string> RecordFields(string typeName, RecordKind record)
    {
        var scope = new NameScope(RecordMembers);
        scope.Reserve(typeName);
        return record.Fields.Select(f => scope.Claim(CSharpNames.Pascal(f.Name))).ToList();
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
            names[f.Name] = scope.Claim(CSharpNames.Pascal(f.ItemName));
        }
        return names;
    }

    /// <summary>Nested case type names of a variant (never the variant's name nor <c>Value</c>, the payload property).</summary>
    public static List<string> VariantCases(string typeName, VariantKind variant)
    {
        var scope = new NameScope(RecordMembers);
        scope.Reserve(typeName);
        scope.Reserve("Value");
        return variant.Cases.Select(c => scope.Claim(CSharpNames.Pascal(c.Name))).ToList();
    }
}
