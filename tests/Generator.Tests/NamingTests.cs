using WitBindgen.Generator.Naming;

namespace WitBindgen.Generator.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("get-value", "GetValue")]
    [InlineData("HTTP-client", "HttpClient")]
    [InlineData("%use", "Use")]
    [InlineData("a1-b2", "A1B2")]
    [InlineData("x", "X")]
    public void PascalCase(string wit, string expected) => Assert.Equal(expected, CSharpNames.Pascal(wit));

    [Theory]
    [InlineData("get-value", "getValue")]
    [InlineData("class", "@class")]
    [InlineData("event", "@event")]
    [InlineData("object", "@object")]
    [InlineData("self-ref", "selfRef")]
    public void CamelCaseEscapesKeywords(string wit, string expected) => Assert.Equal(expected, CSharpNames.Camel(wit));

    [Fact]
    public void CollisionsGetDeterministicSuffixes()
    {
        var scope = new NameScope("Value");
        Assert.Equal("Value2", scope.Claim("Value"));
        Assert.Equal("Other", scope.Claim("Other"));
        Assert.Equal("Other2", scope.Claim("Other"));
        Assert.Equal("Value3", scope.Claim("Value"));
    }

    [Fact]
    public void DocsAreXmlEscaped()
    {
        var lines = XmlDocs.Summary("a <b> & */ c\nsecond");
        Assert.Equal(new[] { "/// <summary>", "/// a &lt;b&gt; &amp; */ c", "/// second", "/// </summary>" }, lines);
    }
}
