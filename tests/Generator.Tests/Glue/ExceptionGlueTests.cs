using System;
using WitBindgen.Bindings.Abi;
using CV = WitBindgen.ComponentModel.Abi.ComponentValue;

namespace WitBindgen.Generator.Tests.Glue;

/// <summary>Exception-style glue: exports turn a thrown WitException into <c>err</c>, imports throw on <c>err</c>.</summary>
[Collection(LinearMemoryCollection.Name)]
public sealed class ExceptionGlueTests : IClassFixture<ExceptionsGlueFixture>
{
    private readonly GlueFixture _f;

    public ExceptionGlueTests(ExceptionsGlueFixture fixture)
    {
        _f = fixture;
        _f.Attach();
        _f.Invoke("Register");
        _f.Invoke("InstallHooks");
    }

    private CV? CallExport(string name, params CV[] args)
    {
        var plan = _f.Plan("api", name);
        var flat = new ulong[plan.FlatArgumentCount];
        plan.LowerArguments(_f.Cx, args, flat);
        var results = (ulong[])_f.Invoke("CallExport", name, flat)!;
        var value = plan.LiftResult(_f.Cx, results);
        if (plan.ResultIndirect) _f.Invoke("Post", name, (int)results[0]);
        return value;
    }

    [Fact]
    public void ExportThrowingWitExceptionReturnsErr()
    {
        Assert.Equal(CV.Ok(CV.String("some(none)/y")), CallExport("maybe", CV.Some(CV.None), CV.Some(CV.String("y"))));
        Assert.Equal(CV.Err(CV.Enum(0)), CallExport("maybe", CV.None, CV.None));
        Assert.Empty(_f.BadFrees);
        Assert.Empty(_f.Live);
        Assert.Equal(0, LinearMemory.PendingCount);
    }

    [Fact]
    public void ImportErrThrowsWitException()
    {
        var plan = _f.Plan("types", "lookup");
        _f.Glue.GetField("Host")!.SetValue(null, (Func<string, ulong[], ulong[]>)((name, args) =>
        {
            var values = new CV[1];
            plan.LiftArguments(_f.Cx, args, values);
            plan.LowerResult(_f.Cx, values[0].AsString() == "x" ? CV.Ok(CV.String("found")) : CV.Err(CV.Enum(1)), args, new ulong[1]);
            return Array.Empty<ulong>();
        }));
        Assert.Equal("Ok(found)", (string)_f.Invoke("Lookup", "x")!);
        Assert.Equal("Err(NotFound)", (string)_f.Invoke("Lookup", "y")!);
        Assert.Empty(_f.BadFrees);
        Assert.Empty(_f.Live);
    }
}
