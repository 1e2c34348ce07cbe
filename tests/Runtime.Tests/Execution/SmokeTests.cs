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

public class DelegateTests
{
    private static readonly Instance Instance = Wat.Instantiate(@"(module
      (func (export ""add"") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export ""scale"") (param i64 f64) (result f64) (f64.mul (f64.convert_i64_s (local.get 0)) (local.get 1)))
      (func (export ""nothing""))
      (func $r (export ""recurse"") (call $r))
      (func (export ""div"") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0))))");

    [Fact]
    public void TypedDelegatesCallWithoutBoxing()
    {
        var add = Instance.GetFunction("add")!.CreateDelegate<System.Func<int, int, int>>();
        Assert.Equal(7, add(3, 4));
        var scale = Instance.GetFunction("scale")!.CreateDelegate<System.Func<long, double, double>>();
        Assert.Equal(7.5, scale(3, 2.5));
        Instance.GetFunction("nothing")!.CreateDelegate<System.Action>()();
    }

    [Fact]
    public void TypedDelegatesTrapLikeInvoke()
    {
        var div = Instance.GetFunction("div")!.CreateDelegate<System.Func<int, int>>();
        var trap = Assert.Throws<Trap>(() => div(0));
        Assert.Equal(TrapCode.IntegerDivisionByZero, trap.Code);
        Assert.Equal(1, div(1));
        var recurse = Instance.GetFunction("recurse")!.CreateDelegate<System.Action>();
        Assert.Equal(TrapCode.StackOverflow, Assert.Throws<Trap>(() => recurse()).Code);
        Assert.Equal(1, div(1));
    }

    [Fact]
    public void MismatchedDelegateTypesAreRejected()
    {
        Assert.Throws<System.ArgumentException>(() => Instance.GetFunction("add")!.CreateDelegate<System.Func<long, int, int>>());
        Assert.Throws<System.ArgumentException>(() => Instance.GetFunction("add")!.CreateDelegate<System.Action<int, int>>());
    }
}

public class TypedHostFunctionTests
{
    [Fact]
    public void TypedHostDelegatesAreCalledDirectly()
    {
        var linker = new Linker(Wat.Engine);
        var log = new System.Collections.Generic.List<long>();
        linker.DefineFunction("env", "mix", (System.Func<int, long, double>)((a, b) => a * 0.5 + b));
        linker.DefineFunction("env", "log", (System.Action<long>)(v => log.Add(v)));
        var instance = Wat.Instantiate(@"(module
          (import ""env"" ""mix"" (func $mix (param i32 i64) (result f64)))
          (import ""env"" ""log"" (func $log (param i64)))
          (func (export ""run"") (result f64) (call $log (i64.const 42)) (call $mix (i32.const 3) (i64.const 10))))", linker: linker);
        Assert.Equal(11.5, instance.Call("run")[0].F64);
        Assert.Equal(new[] { 42L }, log);
        Assert.Equal(3.0, linker.Get("env", "mix") is Function f ? f.Invoke(WasmValue.FromI32(2), WasmValue.FromI64(2))[0].F64 : 0);
    }

    [Fact]
    public void UnsupportedDelegateTypesAreRejected() =>
        Assert.Throws<System.ArgumentException>(() => Function.FromDelegate((System.Func<string, int>)(s => s.Length)));
}
