using System.Text;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// A module with more functions than one .NET type may hold (65,535 methods): the compiler spreads them over several
/// generated types, calls cross between those types, and a trap's backtrace still names functions of the later ones.
/// </summary>
public class LargeModuleTests
{
    private const int Count = 70_000;

    [Fact]
    [Trait("Category", "Slow")]
    public void FunctionsBeyondOneTypesLimitCompileCallEachOtherAndTrapWithTheirNames()
    {
        var wat = new StringBuilder("(module\n");
        for (var i = 0; i < Count; i++) wat.Append("(func $f").Append(i).Append(" (result i32) i32.const ").Append(i).Append(")\n");
        // Defined after the 70,000 above, so they live in the third generated type and call into the first.
        wat.Append("(func $sum (export \"sum\") (result i32) call $f0 call $f40000 i32.add call $f69999 i32.add)\n");
        wat.Append("(func $boom (export \"boom\") call $inner)\n");
        wat.Append("(func $inner unreachable))");
        var instance = Wat.Instantiate(wat.ToString());

        Assert.Equal(0 + 40_000 + 69_999, instance.I32("sum"));
        var trap = instance.Traps("boom");
        Assert.Equal(new[] { "inner", "boom" }, trap.WasmBacktrace);
    }
}
