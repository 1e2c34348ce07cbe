using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>Component instances: instantiation of a component (arguments checked by subtyping) and bags of exports.</summary>
internal sealed partial class ComponentValidator
{
    private InstanceSig Instance(Scope scope, InstanceDefinition def)
    {
        switch (def)
        {
            case InlineExports bag:
            {
                var names = new NameSet();
                var exports = new List<(string, Extern)>();
                var resourceNames = new Dictionary<ResourceId, string>();
                foreach (var e in bag.Exports)
                {
                    var item = ItemOf(scope, e.Sort, e.Index);
                    if (NameValidation.SyntaxProblem(e.Name) is { } syntax) throw Error($"export {syntax}");
                    if (NameValidation.ImplementsProblem(e.Name, item.Kind) is { } implements) throw Error(implements);
                    if (names.Add(e.Name.Name, "export") is { } conflict) throw Error(conflict);
                    if (item.Type is ResourceType r) item = item with { Type = new ResourceType(new ResourceId(scope, r.Id)) };
                    AnnotatedNames.Check(scope, e.Name.Name, item, resourceNames, this);
                    if (item.Type is ResourceType named && !resourceNames.ContainsKey(named.Id)) resourceNames[named.Id] = e.Name.Name;
                    exports.Add((e.Name.Name, item));
                }
                return new InstanceSig(exports, new List<ResourceId>());
            }
            case Instantiate inst:
            {
                var component = At(scope.Components, inst.Component, "component", this);
                var args = new Dictionary<string, Extern>();
                foreach (var a in inst.Args)
                {
                    if (args.ContainsKey(a.Name)) throw Error($"instantiation argument `{a.Name}` conflicts with previous argument `{a.Name}`");
                    args[a.Name] = ItemOf(scope, a.Sort, a.Index);
                }
                return Instantiate(scope, component, args);
            }
            default:
                throw Error("unsupported instance definition");
        }
    }

    private InstanceSig Instantiate(Scope scope, ComponentSig component, Dictionary<string, Extern> args)
    {
        var bindable = new HashSet<ResourceId>();
        foreach (var r in component.ImportedResources) bindable.Add(r.Root);
        var map = new Dictionary<ResourceId, ResourceId>();
        var types = new Dictionary<DefType, DefType>();
        foreach (var (name, expected) in component.Imports)
        {
            if (!args.TryGetValue(name, out var actual)) throw Error($"missing import named `{name}`");
            if (actual.Kind != expected.Kind)
                throw Error($"type mismatch for component instantiation argument `{name}`: expected {Extern.KindName(expected.Kind)}, found {Extern.KindName(actual.Kind)}");
            if (expected.Type is ResourceType er && bindable.Contains(er.Id.Root) && !map.ContainsKey(er.Id.Root) && actual.Type is not ResourceType)
                throw Error($"type mismatch for component instantiation argument `{name}`: expected resource, found defined type");
            TypeChecker.Bind(expected, actual, bindable, map, types);
            var substituted = new ResourceSubstitution(map).Extern(expected);
            try { TypeChecker.Subtype(actual, substituted, this); }
            catch (ComponentFormatException e) { throw Error($"type mismatch for component instantiation argument `{name}`: {e.Problem}"); }
        }
        // Each instance gets resources of its own for those the component defines; they are explicit in the
        // instance, so exports may use them without naming them again.
        var fresh = new List<ResourceId>();
        foreach (var r in component.DefinedResources)
        {
            var id = new ResourceId(null);
            map[r.Root] = id;
            fresh.Add(id);
        }
        return new InstanceSig(new ResourceSubstitution(map, types, scope).Items(component.Exports), fresh);
    }
}
