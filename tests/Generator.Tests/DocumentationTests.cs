using System.Reflection;
using WitBindgen.Tests;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// The binding runtime and the source generator document every public type and member (record positional
/// properties included, which CS1591 does not check), like the assemblies checked in Cli.Tests.
/// </summary>
public sealed class DocumentationTests
{
    [Theory]
    [InlineData("WitBindgen.Bindings")]
    [InlineData("WitBindgen.Generator.SourceGenerator")]
    public void EveryPublicTypeAndMemberIsDocumented(string assembly)
    {
        var missing = XmlDocCoverage.Missing(Assembly.Load(assembly));
        Assert.True(missing.Count == 0, $"{missing.Count} undocumented in {assembly}:\n" + string.Join("\n", missing));
    }
}
