using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// A component or instance type being built: its declarators and the index spaces they extend, plus the maps
/// from WIT type ids and function signatures to indices already defined in this scope.
/// </summary>
internal sealed class TypeScope
{
    public List<Declaration> Declarations { get; } = new();
    public uint TypeCount { get; private set; }
    public uint InstanceCount { get; private set; }
    public uint FuncCount { get; private set; }
    public uint ComponentCount { get; private set; }
    public Dictionary<WitParser.Model.Id<WitParser.Model.TypeDef>, uint> TypeMap { get; } = new();
    public Dictionary<string, uint> FuncTypeMap { get; } = new();

    public uint Define(TypeDefinition definition)
    {
        Declarations.Add(new TypeDeclaration(definition));
        return TypeCount++;
    }

    public uint Import(ExternName name, ExternDesc desc) { Declarations.Add(new ImportDeclaration(name, desc)); return Count(desc.Kind); }

    public uint Export(ExternName name, ExternDesc desc) { Declarations.Add(new ExportDeclaration(name, desc)); return Count(desc.Kind); }

    public uint AddAlias(Alias alias)
    {
        Declarations.Add(new AliasDeclaration(alias));
        return alias.Sort switch
        {
            Sort.Type => TypeCount++,
            Sort.Instance => InstanceCount++,
            Sort.Func => FuncCount++,
            Sort.Component => ComponentCount++,
            _ => 0,
        };
    }

    private uint Count(ExternKind kind) => kind switch
    {
        ExternKind.Type => TypeCount++,
        ExternKind.Instance => InstanceCount++,
        ExternKind.Func => FuncCount++,
        ExternKind.Component => ComponentCount++,
        _ => 0,
    };
}
