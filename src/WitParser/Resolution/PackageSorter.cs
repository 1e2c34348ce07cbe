using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Orders the packages of a main group and its dependencies (by name, then dependencies first) and
/// appends them to the <see cref="Resolve"/> being built.
/// </summary>
internal static class PackageSorter
{
    /// <summary>Appends all packages; returns the ids of the main group's packages in arena order.</summary>
    public static List<Id<Package>> Push(ResolveBuilder builder, UnresolvedPackageGroup main, IReadOnlyList<UnresolvedPackageGroup> deps)
    {
        var byName = new SortedDictionary<PackageId, (UnresolvedPackage Package, bool IsMain)>(PackageIdComparer.Instance);
        void Insert(UnresolvedPackageGroup group, bool isMain)
        {
            var packages = new List<UnresolvedPackage>(group.Nested) { group.Main };
            foreach (var pkg in packages)
            {
                if (byName.TryGetValue(pkg.Name, out var prev))
                {
                    throw ResolveErrors.Unlocated(DiagnosticCodes.DuplicatePackage,
                        $"package `{pkg.Name}` is defined in two different locations:\n  * {DiagnosticRenderer.Location(pkg.NameSpan)}\n  * {DiagnosticRenderer.Location(prev.Package.NameSpan)}");
                }
                byName[pkg.Name] = (pkg, isMain);
            }
        }
        Insert(main, true);
        foreach (var dep in deps) Insert(dep, false);

        var order = new List<PackageId>();
        var done = new HashSet<PackageId>();
        var visiting = new HashSet<PackageId>();
        void Visit(UnresolvedPackage pkg)
        {
            if (done.Contains(pkg.Name)) return;
            foreach (var dep in pkg.ForeignDeps.Values)
            {
                if (!visiting.Add(dep.Name))
                    throw ResolveErrors.At(dep.Span, DiagnosticCodes.Cycle, $"package `{dep.Name}` creates a dependency cycle");
                if (byName.TryGetValue(dep.Name, out var found)) Visit(found.Package);
                visiting.Remove(dep.Name);
            }
            done.Add(pkg.Name);
            order.Add(pkg.Name);
        }
        foreach (var entry in byName.Values) Visit(entry.Package);

        var mains = new List<Id<Package>>();
        foreach (var name in order)
        {
            var (pkg, isMain) = byName[name];
            var id = PackageMerger.Append(builder, pkg);
            if (isMain) mains.Add(id);
            if (ReferenceEquals(pkg, main.Main)) builder.RootPackage = id;
        }
        return mains;
    }
}

/// <summary>Orders package names like the reference: namespace, name, then version (none first).</summary>
internal sealed class PackageIdComparer : IComparer<PackageId>
{
    public static readonly PackageIdComparer Instance = new();

    public int Compare(PackageId? x, PackageId? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = string.CompareOrdinal(x.Namespace, y.Namespace);
        if (c == 0) c = string.CompareOrdinal(x.Name, y.Name);
        if (c != 0) return c;
        if (x.Version is null) return y.Version is null ? 0 : -1;
        if (y.Version is null) return 1;
        return x.Version.CompareTo(y.Version);
    }
}
