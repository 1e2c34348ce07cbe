using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Type-checks a read <see cref="ComponentBinary"/> (Explainer.md "Type checking", Binary.md): every definition is
/// given its type in definition order, and each use is checked against what it requires (index kinds,
/// instantiation arguments by subtyping, canonical options, alias targets, names, export visibility). The first
/// problem is thrown as a <see cref="ComponentFormatException"/> naming the section and its offset.
/// </summary>
internal sealed partial class ComponentValidator
{
    private string _section = "component";
    private int _offset;
    // Position of the definition being checked within its section (-1 for single-item sections).
    private int _item = -1;

    private ComponentValidator()
    {
    }

    /// <summary>Validates a component and all components nested in it.</summary>
    public static void Validate(ComponentBinary component)
    {
        var validator = new ComponentValidator();
        validator.ValidateComponent(component, null);
    }

    /// <summary>
    /// An error at the current definition: the section and its offset, plus the definition's position in the
    /// section (once: a mismatch found in a nested check already ends with it).
    /// </summary>
    internal ComponentFormatException Error(string problem)
    {
        var where = _item >= 0 ? $" ({_section} definition {_item} of the section)" : "";
        return new(problem.EndsWith(where, System.StringComparison.Ordinal) ? problem : problem + where, _offset, _section);
    }

    private void Each<T>(IReadOnlyList<T> items, System.Action<T> check)
    {
        for (int i = 0; i < items.Count; i++)
        {
            _item = i;
            check(items[i]);
        }
        _item = -1;
    }

    private ComponentSig ValidateComponent(ComponentBinary component, Scope? parent)
    {
        var scope = new Scope(parent, isConcrete: true);
        foreach (var section in component.Sections)
        {
            _offset = section.Offset;
            _item = -1;
            switch (section)
            {
                case CoreModuleSection m:
                    _section = "core module";
                    scope.Modules.Add(CoreModuleSummary.Read(m.Module, this));
                    break;
                case CoreInstanceSection ci:
                    _section = "core instance";
                    Each(ci.Instances, def => scope.CoreInstances.Add(CoreInstance(scope, def)));
                    break;
                case CoreTypeSection ct:
                    _section = "core type";
                    Each(ct.Types, t => scope.CoreTypes.AddRange(CoreTypesOf(scope, t)));
                    break;
                case NestedComponentSection nc:
                {
                    var sig = ValidateComponent(nc.Component, scope);
                    _section = "component";
                    _offset = section.Offset;
                    _item = -1;
                    scope.Components.Add(sig);
                    break;
                }
                case InstanceSection inst:
                    _section = "instance";
                    Each(inst.Instances, def => scope.Instances.Add(Instance(scope, def)));
                    break;
                case AliasSection al:
                    _section = "alias";
                    Each(al.Aliases, a => AddAlias(scope, a));
                    break;
                case TypeSection ts:
                    _section = "type";
                    Each(ts.Types, t => scope.Types.Add(DefineType(scope, t)));
                    break;
                case CanonSection cs:
                    _section = "canon";
                    Each(cs.Functions, c => Canon(scope, c));
                    break;
                case StartSection st:
                    _section = "start";
                    Start(scope, st);
                    break;
                case ImportSection im:
                    _section = "import";
                    Each(im.Imports, i => AddImport(scope, i.Name, ExternOf(scope, i.Desc), i.Desc.Kind == ExternKind.Type && i.Desc.Bound.IsSubResource));
                    break;
                case ExportSection ex:
                    _section = "export";
                    Each(ex.Exports, e => Export(scope, e));
                    break;
            }
        }
        _item = -1;
        for (int i = 0; i < scope.ValueUsed.Count; i++)
            if (!scope.ValueUsed[i])
                throw Error($"value index {i} was not used as part of an instantiation, start function, or export");
        var defined = new List<ResourceId>(scope.DefinedResources);
        return new ComponentSig(scope.Imports, scope.Exports, scope.ImportedResources, defined);
    }

    private static T At<T>(List<T> list, uint index, string what, ComponentValidator v)
    {
        if (index >= list.Count) throw v.Error($"unknown {what} {index}: {what} index out of bounds");
        return list[(int)index];
    }

    /// <summary>The entry <paramref name="index"/> of a sort as an extern (component sorts only).</summary>
    private Extern ItemOf(Scope scope, Sort sort, uint index) => sort switch
    {
        Sort.Func => new Extern(ExternKind.Func, At(scope.Funcs, index, "func", this)),
        Sort.Instance => new Extern(ExternKind.Instance, At(scope.Instances, index, "instance", this)),
        Sort.Component => new Extern(ExternKind.Component, At(scope.Components, index, "component", this)),
        Sort.CoreModule => new Extern(ExternKind.Module, At(scope.Modules, index, "module", this)),
        Sort.Type => new Extern(ExternKind.Type, At(scope.Types, index, "type", this)),
        Sort.Value => new Extern(ExternKind.Value, null, UseValue(scope, index)),
        _ => throw Error($"{SortCodes.Name(sort)} definitions cannot be used here"),
    };

    /// <summary>A value consumed by an instantiation, export or start function: values are used exactly once.</summary>
    private DefType UseValue(Scope scope, uint index)
    {
        var value = At(scope.Values, index, "value", this);
        if (scope.IsConcrete)
        {
            if (scope.ValueUsed[(int)index]) throw Error($"value {index} cannot be used more than once");
            scope.ValueUsed[(int)index] = true;
        }
        return value;
    }

    private void Start(Scope scope, StartSection start)
    {
        var f = At(scope.Funcs, start.Func, "func", this);
        if (f.Params.Count != start.Args.Count)
            throw Error($"component start function requires {f.Params.Count} arguments but was given {start.Args.Count}");
        for (int i = 0; i < start.Args.Count; i++)
        {
            var v = UseValue(scope, start.Args[i]);
            TypeChecker.ValueSubtype(v, f.Params[i].Type, this);
        }
        int results = f.Result is null ? 0 : 1;
        if (results != start.Results)
            throw Error($"component start function has a result count of {results} but the section declares {start.Results}");
        if (f.Result is { } r)
        {
            scope.Values.Add(r);
            scope.ValueUsed.Add(false);
        }
    }

    private void Export(Scope scope, ComponentExport e)
    {
        var item = ItemOf(scope, e.Sort, e.Index);
        if (e.Ascribed is { } desc)
        {
            if (desc.Kind == ExternKind.Type && desc.Bound.IsSubResource)
            {
                if (item.Type is not ResourceType)
                    throw Error("ascribed type of export is not compatible with item's type: expected resource, found defined type");
                // A `sub resource` ascription exports an abstract resource of its own, distinct from the one defined.
                var abstractResource = new ResourceId(scope);
                scope.DefinedResources.Add(abstractResource);
                item = item with { Type = new ResourceType(abstractResource) };
            }
            else
            {
                var ascribed = ExternOf(scope, desc);
                if (ascribed.Kind != item.Kind)
                    throw Error($"ascribed type of export is not compatible with item's type: expected {Extern.KindName(ascribed.Kind)}, found {Extern.KindName(item.Kind)}");
                try { TypeChecker.Subtype(item, ascribed, this); }
                catch (ComponentFormatException inner) { throw Error("ascribed type of export is not compatible with item's type: " + inner.Problem); }
                item = ascribed;
            }
        }
        AddExport(scope, e.Name, item, false);
    }
}
