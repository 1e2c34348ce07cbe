using System;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser;

/// <summary>
/// Decodes a WIT package stored as a component: binary (<c>.wasm</c>) or text (<c>.wat</c>). The front end cannot
/// read component binaries itself (that is the next stage of the pipeline); WitBindgen.ComponentModel supplies
/// one through <c>WitPackageFiles.Enable</c>. Throw any exception to reject the file; its message becomes a diagnostic.
/// </summary>
/// <param name="path">The file's path, for messages.</param>
/// <param name="contents">The file's bytes.</param>
public delegate DecodedWitPackage WitPackageDecoder(string path, byte[] contents);

/// <summary>A decoded WIT package: its own graph (with the foreign items it refers to) and the package's id in it.</summary>
public sealed class DecodedWitPackage
{
    /// <summary>Creates the result of a <see cref="WitPackageDecoder"/>.</summary>
    public DecodedWitPackage(Resolve resolve, Id<Package> package)
    {
        if (!resolve.Packages.Contains(package)) throw new ArgumentOutOfRangeException(nameof(package));
        Resolve = resolve;
        Package = package;
    }

    /// <summary>The decoded graph; it is merged into the graph being loaded and must not be used afterwards.</summary>
    public Resolve Resolve { get; }

    /// <summary>The id of the decoded package in <see cref="Resolve"/>.</summary>
    public Id<Package> Package { get; }
}
