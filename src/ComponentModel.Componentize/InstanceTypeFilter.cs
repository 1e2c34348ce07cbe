using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Narrows the instance types of a world's interface imports to the functions core modules actually import (and the
/// types those, or other kept declarations, need), so unused functions — and interfaces only they refer to — are not
/// imported. Importing an instance with fewer exports is always allowed: the host's instance is a subtype.
/// </summary>
internal static class InstanceTypeFilter
{
    /// <summary>
    /// Returns <paramref name="world"/> with each imported instance's type narrowed to the names
    /// <paramref name="usedNames"/> gives for it (null keeps that import whole).
    /// </summary>
    public static ComponentTypeDefinition Narrow(ComponentTypeDefinition world, Func<string, ISet<string>?> usedNames, Func<string, bool> isUsed)
    {
        var decls = world.Declarations;
        // Which world-scope type index each import's instance type is, and the import's name.
        var typeDecl = TypePositions(decls);
        var imports = new List<(int TypePosition, string Name, ISet<string> Funcs)>();
        foreach (var d in decls)
        {
            if (d is not ImportDeclaration { Desc.Kind: ExternKind.Instance } i || i.Desc.Index >= typeDecl.Count) continue;
            if (decls[typeDecl[(int)i.Desc.Index]] is not TypeDeclaration { Type: InstanceTypeDefinition }) continue;
            if (usedNames(i.Name.Name) is { } used) imports.Add((typeDecl[(int)i.Desc.Index], i.Name.Name, used));
        }
        if (imports.Count == 0) return world;

        var keepTypes = imports.ToDictionary(x => x.TypePosition, x => new HashSet<string>(
            x.Funcs.Where(n => n.StartsWith("[resource-drop]", StringComparison.Ordinal)).Select(n => n.Substring(15))));
        while (true)
        {
            var narrowed = Apply(world, imports, keepTypes);
            var needed = WorldImports.Needed(narrowed, isUsed);
            // Type exports other kept declarations alias out of an instance must stay in its type.
            bool changed = false;
            var instancePositions = InstancePositions(narrowed.Declarations);
            for (int p = 0; p < narrowed.Declarations.Count; p++)
            {
                if (!needed[p] || narrowed.Declarations[p] is not AliasDeclaration { Alias: { Sort: Sort.Type, Target: InstanceExportAlias e } }) continue;
                if (e.Instance >= instancePositions.Count) continue;
                if (narrowed.Declarations[instancePositions[(int)e.Instance]] is not ImportDeclaration { Desc.Kind: ExternKind.Instance } imp) continue;
                if (imp.Desc.Index >= typeDecl.Count || !keepTypes.TryGetValue(typeDecl[(int)imp.Desc.Index], out var set)) continue;
                changed |= set.Add(e.Name);
            }
            if (!changed) return narrowed;
        }
    }

    private static ComponentTypeDefinition Apply(ComponentTypeDefinition world, List<(int TypePosition, string Name, ISet<string> Funcs)> imports,
        Dictionary<int, HashSet<string>> keepTypes)
    {
        var decls = world.Declarations.ToList();
        foreach (var (position, _, funcs) in imports)
        {
            var it = (InstanceTypeDefinition)((TypeDeclaration)decls[position]).Type;
            decls[position] = new TypeDeclaration(Filter(it, funcs, keepTypes[position]));
        }
        return new ComponentTypeDefinition(decls);
    }

    // Keeps the function exports in `funcs`, the type exports in `types`, and what they depend on; renumbers types.
    private static InstanceTypeDefinition Filter(InstanceTypeDefinition it, ISet<string> funcs, ISet<string> types)
    {
        var decls = it.Declarations;
        var typePositions = TypePositions(decls);
        var keep = new bool[decls.Count];
        var work = new Stack<int>();
        void Mark(int p) { if (!keep[p]) { keep[p] = true; work.Push(p); } }
        void MarkType(uint index) { if (index < typePositions.Count) Mark(typePositions[(int)index]); }
        for (int p = 0; p < decls.Count; p++)
        {
            switch (decls[p])
            {
                case ExportDeclaration { Desc.Kind: ExternKind.Func } f when funcs.Contains(f.Name.Name): Mark(p); break;
                case ExportDeclaration { Desc.Kind: ExternKind.Type } t when types.Contains(t.Name.Name): Mark(p); break;
                case ExportDeclaration { Desc.Kind: ExternKind.Func or ExternKind.Type }: break;
                case ExportDeclaration or ImportDeclaration or CoreTypeDeclaration: Mark(p); break;
            }
        }
        while (work.Count > 0)
        {
            switch (decls[work.Pop()])
            {
                case TypeDeclaration t:
                    foreach (var r in WorldImports.References(t.Type)) MarkType(r);
                    break;
                case ExportDeclaration { Desc.Kind: ExternKind.Type } x when !x.Desc.Bound.IsSubResource:
                    MarkType(x.Desc.Bound.Index);
                    break;
                case ExportDeclaration { Desc.Kind: ExternKind.Func } x:
                    MarkType(x.Desc.Index);
                    break;
            }
        }

        var map = new List<uint>();
        uint next = 0;
        var result = new List<Declaration>();
        for (int p = 0; p < decls.Count; p++)
        {
            var d = decls[p];
            bool definesType = d is TypeDeclaration or AliasDeclaration { Alias.Sort: Sort.Type } or ExportDeclaration { Desc.Kind: ExternKind.Type }
                or ImportDeclaration { Desc.Kind: ExternKind.Type };
            if (!keep[p])
            {
                if (definesType) map.Add(uint.MaxValue);
                continue;
            }
            result.Add(d switch
            {
                TypeDeclaration t => new TypeDeclaration(WorldImports.Remap(t.Type, map)),
                ExportDeclaration { Desc.Kind: ExternKind.Type } x when !x.Desc.Bound.IsSubResource =>
                    new ExportDeclaration(x.Name, ExternDesc.Type(TypeBound.Eq(map[(int)x.Desc.Bound.Index]))),
                ExportDeclaration { Desc.Kind: ExternKind.Func } x => new ExportDeclaration(x.Name, ExternDesc.Func(map[(int)x.Desc.Index])),
                _ => d,
            });
            if (definesType) map.Add(next++);
        }
        return new InstanceTypeDefinition(result);
    }

    private static List<int> TypePositions(IReadOnlyList<Declaration> decls)
    {
        var list = new List<int>();
        for (int p = 0; p < decls.Count; p++)
            if (decls[p] is TypeDeclaration or AliasDeclaration { Alias.Sort: Sort.Type } or ExportDeclaration { Desc.Kind: ExternKind.Type }
                or ImportDeclaration { Desc.Kind: ExternKind.Type })
                list.Add(p);
        return list;
    }

    private static List<int> InstancePositions(IReadOnlyList<Declaration> decls)
    {
        var list = new List<int>();
        for (int p = 0; p < decls.Count; p++)
            if (decls[p] is AliasDeclaration { Alias.Sort: Sort.Instance } or ImportDeclaration { Desc.Kind: ExternKind.Instance }
                or ExportDeclaration { Desc.Kind: ExternKind.Instance })
                list.Add(p);
        return list;
    }
}
