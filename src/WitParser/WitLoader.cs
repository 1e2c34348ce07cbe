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
        return Run(options, builder =>
        {
            if (Directory.Exists(path))
                return PackageSourceReader.WithContext(() => PushDirectory(builder, path),
                    $"failed to resolve directory while parsing WIT for path [{path}]");
            var ext = Path.GetExtension(path);
            if (ext is ".wat" or ".wasm")
                throw ResolveErrors.Unlocated(DiagnosticCodes.UnsupportedDependency,
                    $"WIT packages encoded as components are not supported yet: {path}");
            var group = PackageSourceReader.ParseFiles(new[] { PackageSourceReader.ReadSource(path) });
            return PackageSorter.Push(builder, group, Array.Empty<UnresolvedPackageGroup>());
        });
    }

    /// <summary>Loads one file's text; <paramref name="path"/> is used in diagnostics only.</summary>
    public static WitLoadResult LoadText(string path, string text, WitOptions? options = null)
    {
        return Run(options, builder =>
        {
            var group = PackageSourceReader.ParseFiles(new[] { new RawSource(path, text) });
            return PackageSorter.Push(builder, group, Array.Empty<UnresolvedPackageGroup>());
        });
    }

    private static List<int> PushDirectory(ResolveBuilder builder, string path)
    {
        var top = PackageSourceReader.WithContext(() => PackageSourceReader.ParseDirectory(path), $"failed to parse package: {path}");
        var depsPath = Path.Combine(path, "deps");
        var deps = PackageSourceReader.WithContext(() => PackageSourceReader.ParseDeps(depsPath), $"failed to parse dependency directory: {depsPath}");
        return PackageSorter.Push(builder, top, deps);
    }

    private static WitLoadResult Run(WitOptions? options, Func<ResolveBuilder, List<int>> load)
    {
        options ??= new WitOptions();
        var builder = new ResolveBuilder(options.Features, options.AllFeatures);
        try
        {
            var mains = load(builder);
            mains.Sort();
            return new WitLoadResult(builder.Resolve, mains, Array.Empty<Diagnostic>());
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

    private static WitLoadResult Failure(Diagnostic diagnostic) => new(null, Array.Empty<int>(), new[] { diagnostic });
}
