using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

public class SimdTests
{
    [Fact]
    public void V128ValuesCrossTheHostBoundaryGlobalsAndMemory()
    {
        var instance = Wat.Instantiate(@"(module (memory 1)
          (global $g (mut v128) (v128.const i32x4 1 2 3 4))
          (func (export ""add"") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
          (func (export ""roundtrip"") (result v128)
            (v128.store offset=16 (i32.const 0) (global.get $g))
            (global.set $g (i32x4.mul (v128.load offset=16 (i32.const 0)) (i32x4.splat (i32.const 10))))
            (global.get $g))
          (func (export ""lane"") (param v128) (result i32) (i32x4.extract_lane 3 (local.get 0)))
          (func (export ""oob"") (result v128) (v128.load (i32.const 65530))))");
        var a = WasmValue.FromV128(0x0000000200000001, 0x0000000400000003);
        var sum = instance.Call("add", a, a)[0];
        Assert.Equal(0x0000000400000002, sum.V128Low);
        Assert.Equal(0x0000000800000006, sum.V128High);
        var scaled = instance.Call("roundtrip")[0];
        Assert.Equal(0x000000140000000A, scaled.V128Low);
        Assert.Equal(4, instance.Call("lane", a)[0].I32);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("oob").Code);
    }
}
