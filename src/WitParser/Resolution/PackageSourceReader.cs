using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Syntax;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>A file's path (as the caller spelled it, joined with file names) and its text.</summary>
internal readonly record struct RawSource(string Path, string Text);

/// <summary>
/// Finds and parses the WIT sources of a path: a single file, or a directory's <c>*.wit</c> files plus
/// its <c>deps/</c> folder (sorted; each subdirectory or <c>.wit</c> file is one package).
/// </summary>
internal static class PackageSourceReader
{
    /// <summary>Reads a file as UTF-8 text.</summary>
    public static RawSource ReadSource(string path) => DecodeText(path, File.ReadAllBytes(path));

    /// <summary>
    /// Whether a file holds WebAssembly rather than WIT: the binary magic, or text whose first token opens an
    /// s-expression (WIT never starts with a parenthesis; the reference sniffs the same way).
    /// </summary>
    public static bool IsWasm(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == (byte)'a' && bytes[2] == (byte)'s' && bytes[3] == (byte)'m') return true;
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') { i++; continue; }
            if (b == (byte)';' && i + 1 < bytes.Length && bytes[i + 1] == (byte)';')
            {
                while (i < bytes.Length && bytes[i] != (byte)'\n') i++;
                continue;
            }
            return b == (byte)'(';
        }
        return false;
    }

    private static RawSource DecodeText(string path, byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ResolveErrors.Unlocated(DiagnosticCodes.InvalidCharacter, $"input file is not valid utf-8 [{path}]");
        }
        return new RawSource(path, text);
    }

    /// <summary>Parses the files of one package (sorted by path) and its nested packages.</summary>
    public static UnresolvedPackageGroup ParseFiles(IEnumerable<RawSource> files)
    {
        var sorted = new List<RawSource>(files);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var main = new PackageResolver();
        var nested = new List<UnresolvedPackage>();
        foreach (var raw in sorted)
        {
            var file = SourcePrechecks.Normalize(raw.Path, raw.Text);
            WitFile ast = WitFileParser.Parse(file);
            foreach (var np in ast.NestedPackages) nested.Add(PackageResolver.ResolveNested(file, np));
            main.Push(file, ast.Package?.Name, ast.Package?.Docs ?? Docs.None, ast.Items);
        }
        return new UnresolvedPackageGroup(main.Resolve(), nested);
    }

    /// <summary>Parses the <c>*.wit</c> files directly inside <paramref name="dir"/> as one package.</summary>
    public static UnresolvedPackageGroup ParseDirectory(string dir)
    {
        var files = new List<RawSource>();
        foreach (var entry in Directory.GetFiles(dir))
        {
            if (!entry.EndsWith(".wit", StringComparison.Ordinal)) continue;
            files.Add(ReadSource(Path.Combine(dir, Path.GetFileName(entry))));
        }
        return ParseFiles(files);
    }

    /// <summary>
    /// Parses every package of a <c>deps</c> folder in file-name order. Component-encoded packages
    /// (<c>.wasm</c>/<c>.wat</c>, or a <c>.wit</c> file holding one) go to <paramref name="binaryPackage"/> as they
    /// are met, as the reference merges them before sorting the text packages.
    /// </summary>
    public static List<UnresolvedPackageGroup> ParseDeps(string deps, Action<string, byte[]> binaryPackage)
    {
        var result = new List<UnresolvedPackageGroup>();
        if (!Directory.Exists(deps)) return result;
        var names = new List<string>();
        foreach (var entry in Directory.GetFileSystemEntries(deps)) names.Add(Path.GetFileName(entry));
        names.Sort(string.CompareOrdinal);
        foreach (var name in names)
        {
            var path = Path.Combine(deps, name);
            if (Directory.Exists(path))
            {
                result.Add(WithContext(() => ParseDirectory(path), $"failed to parse package: {path}"));
                continue;
            }
            var ext = Path.GetExtension(name);
            if (ext is not (".wit" or ".wat" or ".wasm")) continue; // e.g. .DS_Store
            var bytes = File.ReadAllBytes(path);
            if (IsWasm(bytes)) binaryPackage(path, bytes);
            else result.Add(ParseFiles(new[] { DecodeText(path, bytes) }));
        }
        return result;
    }

    /// <summary>Runs <paramref name="action"/>, adding an outer context message to its diagnostic.</summary>
    public static T WithContext<T>(Func<T> action, string context)
    {
        try
        {
            return action();
        }
        catch (WitException e)
        {
            throw new WitException(e.Diagnostic.WithContext(context));
        }
    }
}
