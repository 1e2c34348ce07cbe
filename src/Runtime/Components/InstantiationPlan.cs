using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// What every instantiation of one component from one <see cref="ComponentInstancePre"/> shares: the leading sections of
/// the root that bind only host imports and types (type definitions, imports, aliases of the imported instances'
/// exports, core types and modules), evaluated once. Host functions take the caller's store on each call and host
/// resource types are the linker's, so none of these items belongs to a store; an instantiation copies the index
/// spaces and goes on from <see cref="Sections"/>, allocating only what is per store (core instances, canonical
/// functions, the instance state and its handle tables).
/// </summary>
internal sealed class InstantiationPlan
{
    public InstantiationPlan(Scope scope, int sections, int[] sizes)
    {
        Scope = scope;
        Sections = sections;
        Sizes = sizes;
    }

    /// <summary>The sizes of the root's index spaces once instantiated (<see cref="SpaceSizes"/>).</summary>
    public int[] Sizes { get; }

    /// <summary>The root's index spaces after the planned sections.</summary>
    public Scope Scope { get; }

    /// <summary>How many leading sections of the root the plan covers.</summary>
    public int Sections { get; }

    /// <summary>
    /// Whether <paramref name="section"/> can be evaluated without a store, given that every section before it could:
    /// no core instances, canonical functions, nested components or component instances, no generative (resource) type
    /// definitions, and aliases only of the exports of the (imported) instances in scope.
    /// </summary>
    public static bool Covers(ComponentSection section)
    {
        switch (section)
        {
            case CustomSection or CoreTypeSection or CoreModuleSection or ImportSection:
                return true;
            case TypeSection ts:
                foreach (var t in ts.Types) if (t is ResourceTypeDefinition) return false;
                return true;
            case AliasSection a:
                foreach (var alias in a.Aliases) if (alias.Target is not InstanceExportAlias) return false;
                return true;
            default:
                return false;
        }
    }
}
