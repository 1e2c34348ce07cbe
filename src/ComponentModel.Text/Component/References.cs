using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>References to items: plain indices, <c>$id</c>s, and instance-export sugar that injects aliases.</summary>
internal static partial class ComponentTextAssembler
{
    /// <summary>
    /// An index in a component sort at the cursor, optionally followed by export names (<c>$i "a" "b"</c>): each
    /// name injects an <c>alias export</c> (intermediate ones of instances) when resolved.
    /// </summary>
    private static Slot<uint> ItemRef(TextScope scope, WatCursor c, Sort sort, Pending p)
    {
        if (c.Peek() is WatList)
        {
            // The same wrapped with its sort: `(component $i "x")`, `(module $i "x")`, `(core module ...)`.
            var wrapped = c.ExpectList();
            var wc = WatCursor.Inside(wrapped, 0);
            wc.TryKeyword("core");
            var kw = wc.TryAnyKeyword() ?? throw wc.Here.Error("expected a sort");
            var named = sort == Sort.CoreModule ? (kw.Text == "module" ? Sort.CoreModule : (Sort?)null) : SortOf(kw.Text);
            if (named != sort) throw kw.Error($"expected `{SortCodes.Name(sort)}`");
            var inner = ItemRef(scope, wc, sort, p);
            wc.ExpectEnd();
            return inner;
        }
        var target = c.Next();
        var names = new List<WatAtom>();
        while (c.TryString() is { } n) names.Add(n);
        var slot = new Slot<uint>();
        p.Add(() =>
        {
            if (names.Count == 0)
            {
                slot.Value = scope.Resolve(sort, target);
                return;
            }
            uint index = scope.Resolve(Sort.Instance, target);
            for (int i = 0; i < names.Count; i++)
            {
                var aliasSort = i == names.Count - 1 ? sort : Sort.Instance;
                index = scope.EmitAlias(new Alias(aliasSort, new InstanceExportAlias(index, names[i].GetName())), null);
            }
            slot.Value = index;
        });
        return slot;
    }

    /// <summary>
    /// A core item reference: <c>idx</c>, <c>$inst "name"</c> (injects <c>alias core export</c>), or the same
    /// wrapped as <c>(core func ...)</c> / <c>(core memory ...)</c>.
    /// </summary>
    private static Slot<uint> CoreItemRef(TextScope scope, WatCursor c, Sort sort, Pending p)
    {
        if (c.Peek() is WatList { Head: { } head } && (head == "core" || CoreSortOf(head) == sort))
        {
            // `(core func idx "name"?)`, or the same without `core` (`(func $f)` in a resource destructor).
            var list = c.ExpectList();
            var lc = WatCursor.Inside(list, head == "core" ? 1 : 0);
            var kind = lc.TryAnyKeyword() ?? throw lc.Here.Error("expected a core sort");
            if (CoreSortOf(kind.Text) != sort) throw kind.Error($"expected `{SortCodes.Name(sort)}`");
            var slot = CoreItemRef(scope, lc, sort, p);
            lc.ExpectEnd();
            return slot;
        }
        var target = c.Next();
        var name = c.TryString();
        var result = new Slot<uint>();
        p.Add(() =>
        {
            if (name is null)
            {
                result.Value = scope.Resolve(sort, target);
                return;
            }
            uint instance = scope.Resolve(Sort.CoreInstance, target);
            result.Value = scope.EmitAlias(new Alias(sort, new CoreInstanceExportAlias(instance, name.GetName())), null);
        });
        return result;
    }

    /// <summary>A core sort keyword without the <c>core</c> prefix (func, table, memory, global, tag, type, module, instance).</summary>
    private static Sort? CoreSortOf(string keyword) => keyword switch
    {
        "func" => Sort.CoreFunc,
        "table" => Sort.CoreTable,
        "memory" => Sort.CoreMemory,
        "global" => Sort.CoreGlobal,
        "tag" => Sort.CoreTag,
        "type" => Sort.CoreType,
        "module" => Sort.CoreModule,
        "instance" => Sort.CoreInstance,
        _ => null,
    };

    /// <summary>A component sort keyword (func, value, type, component, instance).</summary>
    private static Sort? SortOf(string keyword) => keyword switch
    {
        "func" => Sort.Func,
        "value" => Sort.Value,
        "type" => Sort.Type,
        "component" => Sort.Component,
        "instance" => Sort.Instance,
        _ => null,
    };

    /// <summary>
    /// The sort at the start of a list: <c>func</c>, ..., or <c>core</c> followed by a core sort. With
    /// <paramref name="coreImplicit"/> the core sorts are written without <c>core</c> (core instance exports).
    /// </summary>
    private static Sort ListSort(WatCursor c, bool coreImplicit = false)
    {
        var kw = c.TryAnyKeyword() ?? throw c.Here.Error("expected a sort");
        if (coreImplicit)
            return CoreSortOf(kw.Text) ?? throw kw.Error($"unknown core sort `{kw.Text}`");
        if (kw.Text == "core")
        {
            var inner = c.TryAnyKeyword() ?? throw c.Here.Error("expected a core sort");
            return CoreSortOf(inner.Text) ?? throw inner.Error($"unknown core sort `{inner.Text}`");
        }
        return SortOf(kw.Text) ?? throw kw.Error($"unknown sort `{kw.Text}`");
    }

    /// <summary><c>(sort idx "name"*)</c> as used by exports and instantiation arguments.</summary>
    private static (Sort Sort, Slot<uint> Index) SortIndex(TextScope scope, WatList list, Pending p, bool coreImplicit = false)
    {
        var c = WatCursor.Inside(list, 0);
        var sort = ListSort(c, coreImplicit);
        // A core module named through a component instance export is a component-level alias.
        bool core = coreImplicit || (SortCodes.IsCore(sort) && sort != Sort.CoreModule);
        var index = core ? CoreItemRef(scope, c, sort, p) : ItemRef(scope, c, sort, p);
        c.ExpectEnd();
        return (sort, index);
    }
}
