using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

public class SmokeTests
{
    [Fact]
    public void AddsTwoNumbers()
    {
        var instance = Wat.Instantiate("(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))");
        Assert.Equal(5, instance.I32("add", 2, 3));
    }

    [Fact]
    public void RecursiveFactorialWithLoopsAndBlocks()
    {
        var instance = Wat.Instantiate(@"(module
          (func $fac (export ""fac"") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
              (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
          (func (export ""sum"") (param i32) (result i32) (local i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (local.get 0)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br $l)))
            (local.get 1)))");
        Assert.Equal(2432902008176640000L, instance.Call("fac", WasmValue.FromI64(20))[0].I64);
        Assert.Equal(5050, instance.I32("sum", 100));
    }
}
