using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>A <see cref="Resolve"/> being built, with the enabled features and the package name index.</summary>
internal sealed class ResolveBuilder
{
    public ResolveBuilder(IEnumerable<string> features, bool allFeatures)
    {
        Features = new HashSet<string>(features);
        AllFeatures = allFeatures;
    }

    public Resolve Resolve { get; } = new();
    public HashSet<string> Features { get; }
    public bool AllFeatures { get; }
    /// <summary>The package declared at the top of the loaded file(s), once pushed; null before.</summary>
    public Id<Package>? RootPackage { get; set; }
    /// <summary>Package names in insertion order (the reference's package_names).</summary>
    public OrderedMap<PackageId, Id<Package>> PackageNames { get; } = new();

    /// <summary>Whether an item with <paramref name="stability"/> in package <paramref name="package"/> is kept.</summary>
    public bool IncludeStability(Stability stability, Id<Package> package, Span? span)
    {
        switch (stability)
        {
            case StableStability stable:
            {
                var name = Resolve.Packages[package].Name;
                if (name.Version is null)
                    throw ResolveErrors.At(span, DiagnosticCodes.Stability,
                        $"package [{name}] contains a feature gate with a version specifier, so it must have a version");
                if (stable.Since.CompareTo(name.Version) > 0)
                    throw ResolveErrors.At(span, DiagnosticCodes.Stability,
                        $"feature gate cannot reference unreleased version {stable.Since} of package [{name}] (current version {name.Version})");
                return true;
            }
            case UnstableStability unstable:
                return AllFeatures || Features.Contains(unstable.Feature);
            default:
                return true;
        }
    }

    /// <summary>The interface a <c>use</c> alias type refers into, or null.</summary>
    public Id<Interface>? TypeInterfaceDependency(Id<TypeDef> typeId)
    {
        var ty = Resolve.Types[typeId];
        if (ty.Kind is not AliasKind { Target.IsId: true } alias) return null;
        var other = Resolve.Types[alias.Target.TypeId];
        if (Equals(ty.Owner, other.Owner)) return null;
        return other.Owner is InterfaceOwner io ? io.Id : null;
    }

    /// <summary>Interfaces an interface uses types from, in its types' order (may repeat).</summary>
    public IEnumerable<Id<Interface>> InterfaceDirectDependencies(Id<Interface> interfaceId)
    {
        foreach (var entry in Resolve.Interfaces[interfaceId].Types)
        {
            var dep = TypeInterfaceDependency(entry.Value);
            if (dep is not null) yield return dep.Value;
        }
    }

    /// <summary>A world key as the reference prints it in messages.</summary>
    public string WorldKeyName(WorldKey key) => key.Name ?? Resolve.InterfaceQualifiedName(key.InterfaceId!.Value) ?? "<unnamed>";
}
