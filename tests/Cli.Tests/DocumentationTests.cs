using System.Reflection;
using WitBindgen.Tests;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// Every public type and member of the shipped assemblies (record positional properties included, which CS1591
/// does not check) has an XML doc comment in the assembly's documentation file. WitParser has the same check in
/// its own tests; the source generator is not loaded here (it is an analyzer, not a referenced library).
/// </summary>
public sealed class DocumentationTests
{
    [Theory]
    [InlineData("WitBindgen.CoreWasm")]
    [InlineData("WitBindgen.ComponentModel")]
    [InlineData("WitBindgen.ComponentModel.Binary")]
    [InlineData("WitBindgen.ComponentModel.Text")]
    [InlineData("WitBindgen.ComponentModel.Componentize")]
    [InlineData("WitBindgen.Generator")]
    [InlineData("WitBindgen.Runtime")]
    [InlineData("wit-bindgen")]
    public void EveryPublicTypeAndMemberIsDocumented(string assembly)
    {
        var missing = XmlDocCoverage.Missing(Assembly.Load(assembly));
        Assert.True(missing.Count == 0, $"{missing.Count} undocumented in {assembly}:\n" + string.Join("\n", missing));
    }
}
