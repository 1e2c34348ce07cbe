using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using WitBindgen.Tests;

namespace WitBindgen.WitParser.Tests.Api;

/// <summary>
/// The front end's public surface stays small and documented: the AST and the resolver are internal, and
/// every public type and member (record positional properties included, which CS1591 does not check) has
/// an XML doc comment in the shipped documentation file.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Front = typeof(WitLoader).Assembly;

    private static List<Type> PublicTypes() => Front.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    [Fact]
    public void AtMostSixtyPublicTypesAndNoneFromTheAstOrTheResolver()
    {
        var types = PublicTypes();
        Assert.InRange(types.Count, 1, 60);
        Assert.DoesNotContain(types, t => t.Namespace is "WitBindgen.WitParser.Syntax" or "WitBindgen.WitParser.Resolution");
        // What generators and the CLI build on stays public.
        foreach (var name in new[] { "WitLoader", "WitLoadResult", "WitOptions", "Model.Resolve", "Model.WitType", "Diagnostics.Diagnostic", "Diagnostics.DiagnosticRenderer", "Output.WitJsonWriter", "Output.WitPrinter" })
            Assert.Contains(types, t => t.FullName == "WitBindgen.WitParser." + name);
    }

    [Fact]
    public void EveryPublicTypeAndMemberIsDocumented() => Assert.Empty(XmlDocCoverage.Missing(Front));
}
