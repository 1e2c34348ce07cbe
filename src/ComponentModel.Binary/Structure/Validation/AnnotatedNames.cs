using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Rules of annotated function names (Explainer.md "Import and Export Definitions"): <c>[constructor]r</c>,
/// <c>[method]r.m</c> and <c>[static]r.m</c> name functions; a constructor returns <c>(own r)</c> or
/// <c>(result (own r))</c>, a method takes <c>self: (borrow r)</c> first, and <c>r</c> must be the name under which
/// that resource was imported (or exported) in the same scope; a static function needs such a resource too.
/// </summary>
internal static class AnnotatedNames
{
    public static void Check(Scope scope, string name, Extern item, Dictionary<ResourceId, string> resourceNames, ComponentValidator v)
    {
        var resource = NameValidation.ResourceOf(name, out var annotation);
        if (resource is null) return;
        if (item.Kind != ExternKind.Func) throw v.Error($"item `{name}` is not a func");
        var f = item.Func!;
        switch (annotation)
        {
            case "static":
                if (!resourceNames.ContainsValue(resource))
                    throw v.Error($"name `{name}` is not valid: static resource name is not known in this context");
                break;
            case "constructor":
            {
                if (f.Result is not { } r) throw v.Error("function should return one value");
                var own = r.Kind == DefKind.Result && r.A is { Kind: DefKind.Own } ok ? ok : r;
                if (own.Kind != DefKind.Own) throw v.Error("function should return `(own $T)` or `(result (own $T))`");
                Named(own.Resource!, resource, resourceNames, v);
                break;
            }
            case "method":
            {
                if (f.Params.Count == 0 || f.Params[0].Name != "self") throw v.Error("function should have a first argument called `self`");
                var self = f.Params[0].Type;
                if (self.Kind != DefKind.Borrow) throw v.Error("function should take a first argument of `(borrow $T)`");
                Named(self.Resource!, resource, resourceNames, v);
                break;
            }
        }
    }

    private static void Named(ResourceId id, string expected, Dictionary<ResourceId, string> resourceNames, ComponentValidator v)
    {
        if (!resourceNames.TryGetValue(id, out var actual)) throw v.Error("resource used in function does not have a name in this context");
        if (actual != expected) throw v.Error($"function does not match expected resource name `{actual}`");
    }
}
