using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Resolution;

namespace WitBindgen.WitParser;

/// <summary>Loads WIT files and directories into a resolved package graph (<see cref="Resolve"/>).</summary>
public static class WitLoader
{
    /// <summary>
    /// Loads a <c>.wit</c> file, or a directory holding one package's <c>*.wit</c> files and an optional
    /// <c>deps/</c> folder. Never throws for bad input: problems are returned as diagnostics.
    /// </summary>
    public static WitLoadResult LoadPath(string path, WitOptions? options = null)
    {
        options ??= new WitOptions();
        return Run(options, builder =>
        {
            if (Directory.Exists(path))
                return PackageSourceReader.WithContext(() => PushDirectory(builder, options, path),
                    $"failed to resolve directory while parsing WIT for path [{path}]");
            var bytes = File.ReadAllBytes(path);
            if (PackageSourceReader.IsWasm(bytes))
            {
                var id = PushBinary(builder, options, path, bytes);
                builder.RootPackage = id;
                return new List<Id<Package>> { id };
            }
            var group = PackageSourceReader.ParseFiles(new[] { PackageSourceReader.ReadSource(path) });
            return PackageSorter.Push(builder, group, Array.Empty<UnresolvedPackageGroup>());
        });
    }

    /// <summary>Loads one file's text; <paramref name="path"/> is used in diagnostics only.</summary>
    public static WitLoadResult LoadText(string path, string text, WitOptions? options = null)
    {
        return Run(options ?? new WitOptions(), builder =>
        {
            var group = PackageSourceReader.ParseFiles(new[] { new RawSource(path, text) });
            return PackageSorter.Push(builder, group, Array.Empty<UnresolvedPackageGroup>());
        });
    }

    private static List<Id<Package>> PushDirectory(ResolveBuilder builder, WitOptions options, string path)
    {
        var top = PackageSourceReader.WithContext(() => PackageSourceReader.ParseDirectory(path), $"failed to parse package: {path}");
        var depsPath = Path.Combine(path, "deps");
        var deps = PackageSourceReader.WithContext(
            () => PackageSourceReader.ParseDeps(depsPath, (file, bytes) => PushBinary(builder, options, file, bytes)),
            $"failed to parse dependency directory: {depsPath}");
        return PackageSorter.Push(builder, top, deps);
    }

    // A component-encoded package is decoded by the caller's decoder and merged as a whole (with the foreign
    // items it carries), like the reference's Resolve::merge.
    private static Id<Package> PushBinary(ResolveBuilder builder, WitOptions options, string path, byte[] bytes)
    {
        if (options.PackageDecoder is null)
            throw ResolveErrors.Unlocated(DiagnosticCodes.UnsupportedDependency,
                $"{path} is a WIT package encoded as a component; reading it needs a decoder (WitOptions.PackageDecoder, supplied by WitBindgen.ComponentModel)");
        DecodedWitPackage decoded;
        try
        {
            decoded = options.PackageDecoder(path, bytes);
        }
        catch (Exception e) when (e is not WitException)
        {
            throw ResolveErrors.Unlocated(DiagnosticCodes.UnsupportedDependency, $"failed to decode WIT package [{path}]: {e.Message}");
        }
        return ResolveMerger.Merge(builder, decoded.Resolve)[decoded.Package.Index];
    }

    private static WitLoadResult Run(WitOptions options, Func<ResolveBuilder, List<Id<Package>>> load)
    {
        var builder = new ResolveBuilder(options.Features, options.AllFeatures);
        try
        {
            var mains = load(builder);
            mains.Sort();
            return new WitLoadResult(builder.Resolve, mains, builder.RootPackage, Array.Empty<Diagnostic>());
        }
        catch (WitException e)
        {
            return Failure(e.Diagnostic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Failure(new Diagnostic(DiagnosticCodes.Io, e.Message, null));
        }
        catch (Exception e)
        {
            return Failure(new Diagnostic(DiagnosticCodes.InternalError, $"internal error while resolving WIT: {e.GetType().Name}: {e.Message}", null));
        }
    }

    private static WitLoadResult Failure(Diagnostic diagnostic) => new(null, Array.Empty<Id<Package>>(), null, new[] { diagnostic });
}
