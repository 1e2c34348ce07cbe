using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace WitBindgen.Generator.Tests.Support;

// The inputs a build gives the source generator: <Wit> items as additional files with their metadata.

/// <summary>A .wit file handed to the generator as an additional file.</summary>
internal sealed class Text : AdditionalText
{
    private readonly string _text;
    public Text(string path, string text) { Path = path; _text = text; }
    public override string Path { get; }
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
}

/// <summary>Item metadata (<c>build_metadata.AdditionalFiles.*</c>) as analyzer config options.</summary>
internal sealed class Options : AnalyzerConfigOptions
{
    private readonly Dictionary<string, string> _values;
    public Options(Dictionary<string, string> values) => _values = values;
    public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
}

/// <summary>Gives .wit files their item metadata and everything else none.</summary>
internal sealed class Provider : AnalyzerConfigOptionsProvider
{
    private readonly Options _file;
    private readonly Options _empty = new(new Dictionary<string, string>());
    public Provider(Dictionary<string, string> fileValues) => _file = new Options(fileValues);
    public override AnalyzerConfigOptions GlobalOptions => _empty;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _empty;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path.EndsWith(".wit") ? _file : _empty;
}
