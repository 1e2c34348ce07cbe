using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Appends definitions to a component one at a time and hands out the index each one takes in its index space.
/// Consecutive definitions of the same kind share one section.
/// </summary>
internal sealed class ComponentBuilder
{
    private readonly List<ComponentSection> _sections = new();
    private readonly List<object> _pending = new();
    private int _pendingKind = -1;

    public uint Types { get; private set; }
    public uint Funcs { get; private set; }
    public uint Instances { get; private set; }
    public uint CoreFuncs { get; private set; }
    public uint CoreModules { get; private set; }
    public uint CoreInstances { get; private set; }
    public uint CoreMemories { get; private set; }
    public uint CoreTables { get; private set; }

    public uint AddType(TypeDefinition type)
    {
        Add(7, type);
        return Types++;
    }

    public uint Import(ExternName name, ExternDesc desc)
    {
        Add(10, new ComponentImport(name, desc));
        return Bump(ComponentReader.SortOf(desc.Kind));
    }

    public uint Alias(Sort sort, AliasTarget target)
    {
        Add(6, new Alias(sort, target));
        return Bump(sort);
    }

    private readonly System.Collections.Generic.Dictionary<(Sort, uint, string), uint> _coreAliases = new();

    /// <summary>Aliases a core instance's export; the same export is aliased once.</summary>
    public uint AliasCoreExport(Sort sort, uint coreInstance, string name)
    {
        if (_coreAliases.TryGetValue((sort, coreInstance, name), out var known)) return known;
        var index = Alias(sort, new CoreInstanceExportAlias(coreInstance, name));
        _coreAliases[(sort, coreInstance, name)] = index;
        return index;
    }

    public uint AliasExport(Sort sort, uint instance, string name) => Alias(sort, new InstanceExportAlias(instance, name));

    public uint AddCoreModule(byte[] module)
    {
        Flush();
        _sections.Add(new CoreModuleSection(0, module));
        return CoreModules++;
    }

    public uint Instantiate(uint module, IReadOnlyList<CoreInstantiateArg> args)
    {
        Add(2, new CoreInstantiate(module, args));
        return CoreInstances++;
    }

    public uint CoreBag(IReadOnlyList<CoreInlineExport> exports)
    {
        Add(2, new CoreInlineExports(exports));
        return CoreInstances++;
    }

    public uint Canon(CanonFunction function)
    {
        Add(8, function);
        return function.DefinesComponentFunc ? Funcs++ : CoreFuncs++;
    }

    public uint InstanceBag(IReadOnlyList<InlineExport> exports)
    {
        Add(5, new InlineExports(exports));
        return Instances++;
    }

    /// <summary>Exports an item; the export itself takes the next index of its sort.</summary>
    public uint Export(ComponentExport export)
    {
        Add(11, export);
        return Bump(export.Sort);
    }

    public void Custom(string name, byte[] data)
    {
        Flush();
        _sections.Add(new CustomSection(0, name, data));
    }

    public byte[] ToBytes()
    {
        Flush();
        return ComponentWriter.Write(_sections);
    }

    /// <summary>Adds <paramref name="inner"/> as a nested component.</summary>
    public uint AddComponent(ComponentBuilder inner)
    {
        Flush();
        inner.Flush();
        _sections.Add(new NestedComponentSection(0, new ComponentBinary(inner._sections)));
        return Components++;
    }

    public uint InstantiateComponent(uint component, IReadOnlyList<InstantiateArg> args)
    {
        Add(5, new Instantiate(component, args));
        return Instances++;
    }

    public uint Components { get; private set; }

    private uint Bump(Sort sort)
    {
        switch (sort)
        {
            case Sort.Type: return Types++;
            case Sort.Func: return Funcs++;
            case Sort.Instance: return Instances++;
            case Sort.CoreFunc: return CoreFuncs++;
            case Sort.CoreMemory: return CoreMemories++;
            case Sort.CoreTable: return CoreTables++;
            case Sort.CoreInstance: return CoreInstances++;
            case Sort.CoreModule: return CoreModules++;
            case Sort.Component: return Components++;
            default: return 0;
        }
    }

    private void Add(int kind, object item)
    {
        if (kind != _pendingKind) Flush();
        _pendingKind = kind;
        _pending.Add(item);
    }

    private void Flush()
    {
        if (_pending.Count == 0) { _pendingKind = -1; return; }
        switch (_pendingKind)
        {
            case 2: _sections.Add(new CoreInstanceSection(0, Cast<CoreInstanceDefinition>())); break;
            case 5: _sections.Add(new InstanceSection(0, Cast<InstanceDefinition>())); break;
            case 6: _sections.Add(new AliasSection(0, Cast<Alias>())); break;
            case 7: _sections.Add(new TypeSection(0, Cast<TypeDefinition>())); break;
            case 8: _sections.Add(new CanonSection(0, Cast<CanonFunction>())); break;
            case 10: _sections.Add(new ImportSection(0, Cast<ComponentImport>())); break;
            case 11: _sections.Add(new ExportSection(0, Cast<ComponentExport>())); break;
        }
        _pending.Clear();
        _pendingKind = -1;
    }

    private List<T> Cast<T>()
    {
        var list = new List<T>(_pending.Count);
        foreach (var item in _pending) list.Add((T)item);
        return list;
    }
}
