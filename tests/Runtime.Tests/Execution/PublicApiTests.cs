using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>The embedding API (root namespace and Types) exposes no decoded-model, reader or compiler type.</summary>
public class PublicApiTests
{
    private static readonly string[] InternalNamespaces =
    {
        "WitBindgen.CoreWasm.Modules", "WitBindgen.CoreWasm.Binary", "WitBindgen.CoreWasm.Validation",
        "WitBindgen.Runtime.Compilation", "WitBindgen.Runtime.Execution",
    };

    [Fact]
    public void EmbeddingApi_DoesNotExposeTheDecodedModel()
    {
        var leaks = new List<string>();
        var api = typeof(Engine).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "WitBindgen.Runtime" or "WitBindgen.Runtime.Types").ToList();
        Assert.Contains(typeof(Caller), api);
        Assert.Contains(typeof(Types.FuncType), api);
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in api)
        {
            foreach (var member in type.GetMembers(Flags))
            {
                IEnumerable<Type> used = member switch
                {
                    MethodBase method => method.GetParameters().Select(p => p.ParameterType)
                        .Concat(method is MethodInfo m ? new[] { m.ReturnType } : Array.Empty<Type>()),
                    PropertyInfo property => new[] { property.PropertyType },
                    FieldInfo field => new[] { field.FieldType },
                    EventInfo e => new[] { e.EventHandlerType! },
                    _ => Array.Empty<Type>(),
                };
                foreach (var t in used.SelectMany(Expand))
                    if (InternalNamespaces.Contains(t.Namespace)) leaks.Add($"{type.Name}.{member.Name}: {t.FullName}");
            }
            if (type.BaseType is { } baseType && InternalNamespaces.Contains(baseType.Namespace)) leaks.Add($"{type.Name} : {baseType.FullName}");
        }
        Assert.Empty(leaks);
        Assert.Null(typeof(Module).GetMethod("FromDefinition", BindingFlags.Public | BindingFlags.Static));
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType) return Expand(type.GetElementType()!);
        if (type.IsGenericType) return type.GetGenericArguments().SelectMany(Expand).Append(type.GetGenericTypeDefinition());
        return new[] { type };
    }
}
