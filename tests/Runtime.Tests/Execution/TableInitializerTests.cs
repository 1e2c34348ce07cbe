using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Tables declared with an initializer expression, and (ref null func|extern) spelled out.</summary>
public class TableInitializerTests
{
    [Fact]
    public void TableWithInitializer_StartsFilledWithTheValue()
    {
        var instance = Wat.Instantiate(@"(module
          (type $t (func (result i32)))
          (func $seven (result i32) (i32.const 7))
          (table $tab 3 funcref (ref.func $seven))
          (func (export ""call"") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
          (func (export ""grow"") (result i32) (table.grow $tab (ref.null func) (i32.const 1)))
          (func (export ""is_null"") (param i32) (result i32) (ref.is_null (table.get $tab (local.get 0)))))");
        Assert.Equal(7, instance.I32("call", 0));
        Assert.Equal(7, instance.I32("call", 2));
        Assert.Equal(3, instance.I32("grow"));
        Assert.Equal(1, instance.I32("is_null", 3)); // grown elements take table.grow's value, not the initializer
        Assert.Equal(TrapCode.IndirectCallToNull, instance.Traps("call", WasmValue.FromI32(3)).Code);
    }

    [Fact]
    public void TableInitializer_MayReadAnImportedGlobal()
    {
        var exporter = Wat.Instantiate(@"(module (global (export ""g"") externref (ref.null extern)))");
        var linker = new Linker(Wat.Engine);
        linker.Define("env", "g", exporter.GetExport("g")!);
        var instance = Wat.Instantiate(@"(module
          (import ""env"" ""g"" (global $g externref))
          (table $tab 2 (ref null extern) (global.get $g))
          (func (export ""is_null"") (param i32) (result i32) (ref.is_null (table.get $tab (local.get 0)))))", linker: linker);
        Assert.Equal(1, instance.I32("is_null", 1));
    }

    [Fact]
    public void TableInitializer_OfTheWrongType_IsInvalid()
    {
        var e = Assert.ThrowsAny<System.Exception>(() => Wat.Compile(@"(module (table 1 funcref (ref.null extern)))"));
        Assert.Contains("type mismatch", e.Message);
    }
}
