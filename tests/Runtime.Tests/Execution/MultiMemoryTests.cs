using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Multi-memory: several memories per module, each with its own size, bounds and data segments.</summary>
public class MultiMemoryTests
{
    private const string TwoMemories = @"(module
      (memory $a (export ""a"") 1)
      (memory $b (export ""b"") 2 4)
      (data (memory $a) (i32.const 0) ""\01\02\03\04"")
      (data (memory $b) (i32.const 8) ""\0a\0b\0c\0d"")
      (func (export ""load_a"") (param i32) (result i32) (i32.load $a (local.get 0)))
      (func (export ""load_b"") (param i32) (result i32) (i32.load $b (local.get 0)))
      (func (export ""load8_b"") (param i32) (result i32) (i32.load8_u $b offset=1 (local.get 0)))
      (func (export ""store_a"") (param i32 i32) (i32.store $a (local.get 0) (local.get 1)))
      (func (export ""store_b"") (param i32 i32) (i64.store32 $b (local.get 0) (i64.extend_i32_u (local.get 1))))
      (func (export ""size_a"") (result i32) (memory.size $a))
      (func (export ""size_b"") (result i32) (memory.size $b))
      (func (export ""grow_b"") (param i32) (result i32) (memory.grow $b (local.get 0)))
      (func (export ""copy_a_to_b"") (param i32 i32 i32) (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
      (func (export ""copy_b_to_a"") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
      (func (export ""fill_b"") (param i32 i32 i32) (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
      (func (export ""grow_b_then_load"") (param i32) (result i32)
        (drop (call $grow (i32.const 1)))
        (i32.load $b (local.get 0)))
      (func $grow (param i32) (result i32) (memory.grow $b (local.get 0))))";

    [Fact]
    public void DataSegments_GoToTheirMemories()
    {
        var instance = Wat.Instantiate(TwoMemories);
        Assert.Equal(0x04030201, instance.I32("load_a", 0));
        Assert.Equal(0, instance.I32("load_b", 0));
        Assert.Equal(0x0d0c0b0a, instance.I32("load_b", 8));
        Assert.Equal(0x0b, instance.I32("load8_b", 8));
        Assert.Equal(0, instance.I32("load_a", 8));
    }

    [Fact]
    public void Stores_TouchOnlyTheirMemory()
    {
        var instance = Wat.Instantiate(TwoMemories);
        instance.Call("store_a", WasmValue.FromI32(100), WasmValue.FromI32(11));
        instance.Call("store_b", WasmValue.FromI32(100), WasmValue.FromI32(22));
        Assert.Equal(11, instance.I32("load_a", 100));
        Assert.Equal(22, instance.I32("load_b", 100));
        Assert.Equal(11, instance.GetMemory("a")!.Read<int>(100));
        Assert.Equal(22, instance.GetMemory("b")!.Read<int>(100));
    }

    [Fact]
    public void BoundsAreCheckedPerMemory()
    {
        var instance = Wat.Instantiate(TwoMemories);
        // 70000 is beyond memory a (1 page) but inside memory b (2 pages).
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load_a", WasmValue.FromI32(70000)).Code);
        Assert.Equal(0, instance.I32("load_b", 70000));
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load_b", WasmValue.FromI32(2 * 65536 - 3)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load8_b", WasmValue.FromI32(2 * 65536 - 1)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("store_a", WasmValue.FromI32(65535), WasmValue.FromI32(1)).Code);
    }

    [Fact]
    public void GrowingOneMemory_LeavesTheOtherAlone()
    {
        var instance = Wat.Instantiate(TwoMemories);
        Assert.Equal(1, instance.I32("size_a"));
        Assert.Equal(2, instance.I32("size_b"));
        Assert.Equal(2, instance.I32("grow_b", 1));
        Assert.Equal(3, instance.I32("size_b"));
        Assert.Equal(1, instance.I32("size_a"));
        Assert.Equal(-1, instance.I32("grow_b", 2)); // maximum 4
        Assert.Equal(0, instance.I32("load_b", 3 * 65536 - 4));
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load_a", WasmValue.FromI32(2 * 65536)).Code);
    }

    [Fact]
    public void GrowDuringACall_RefreshesTheCallersCachedLength()
    {
        var instance = Wat.Instantiate(TwoMemories);
        Assert.Equal(0, instance.I32("grow_b_then_load", 2 * 65536 + 8)); // only valid after the callee grew b
        Assert.Equal(3, instance.I32("size_b"));
    }

    [Fact]
    public void Copy_BetweenMemories()
    {
        var instance = Wat.Instantiate(TwoMemories);
        instance.Call("copy_a_to_b", WasmValue.FromI32(70000), WasmValue.FromI32(0), WasmValue.FromI32(4));
        Assert.Equal(0x04030201, instance.I32("load_b", 70000));
        instance.Call("copy_b_to_a", WasmValue.FromI32(16), WasmValue.FromI32(8), WasmValue.FromI32(4));
        Assert.Equal(0x0d0c0b0a, instance.I32("load_a", 16));
        // The source range is checked against the source memory, the destination against the destination.
        Assert.Equal(TrapCode.MemoryOutOfBounds,
            instance.Traps("copy_b_to_a", WasmValue.FromI32(0), WasmValue.FromI32(70000), WasmValue.FromI32(65536)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds,
            instance.Traps("copy_a_to_b", WasmValue.FromI32(0), WasmValue.FromI32(70000), WasmValue.FromI32(4)).Code);
        instance.Call("copy_b_to_a", WasmValue.FromI32(0), WasmValue.FromI32(65536), WasmValue.FromI32(65536)); // all of a
        Assert.Equal(0, instance.I32("load_a", 0));
    }

    [Fact]
    public void Fill_TargetsTheNamedMemory()
    {
        var instance = Wat.Instantiate(TwoMemories);
        instance.Call("fill_b", WasmValue.FromI32(0), WasmValue.FromI32(0x7f), WasmValue.FromI32(4));
        Assert.Equal(0x7f7f7f7f, instance.I32("load_b", 0));
        Assert.Equal(0x04030201, instance.I32("load_a", 0));
        Assert.Equal(TrapCode.MemoryOutOfBounds,
            instance.Traps("fill_b", WasmValue.FromI32(2 * 65536 - 1), WasmValue.FromI32(0), WasmValue.FromI32(2)).Code);
    }

    [Fact]
    public void ImportsAndExportsOfSeveralMemories()
    {
        var exporter = Wat.Instantiate(@"(module (memory (export ""m1"") 1) (memory (export ""m2"") 1)
          (func (export ""get2"") (param i32) (result i32) (i32.load 1 (local.get 0))))");
        var linker = new Linker(Wat.Engine);
        linker.Define("env", "first", exporter.GetMemory("m1")!);
        linker.Define("env", "second", exporter.GetMemory("m2")!);
        var importer = Wat.Instantiate(@"(module
          (import ""env"" ""first"" (memory $x 1))
          (import ""env"" ""second"" (memory $y 1))
          (memory $own 1)
          (data (memory $y) (i32.const 4) ""\2a"")
          (func (export ""load_x"") (param i32) (result i32) (i32.load $x (local.get 0)))
          (func (export ""load_own"") (param i32) (result i32) (i32.load $own (local.get 0)))
          (func (export ""store_y"") (param i32 i32) (i32.store $y (local.get 0) (local.get 1))))", linker: linker);
        Assert.Equal(42, exporter.I32("get2", 4));
        exporter.GetMemory("m1")!.Write(12, 99);
        Assert.Equal(99, importer.I32("load_x", 12));
        importer.Call("store_y", WasmValue.FromI32(20), WasmValue.FromI32(7));
        Assert.Equal(7, exporter.I32("get2", 20));
        Assert.Equal(0, importer.I32("load_own", 12)); // the module's own memory comes after the imports (index 2)
    }

    [Fact]
    public void SameMemoryImportedTwice_SeesGrowthThroughBothIndices()
    {
        var exporter = Wat.Instantiate(@"(module (memory (export ""m"") 1))");
        var linker = new Linker(Wat.Engine);
        linker.Define("env", "m", exporter.GetMemory("m")!);
        var instance = Wat.Instantiate(@"(module
          (import ""env"" ""m"" (memory $p 1))
          (import ""env"" ""m"" (memory $q 1))
          (func (export ""grow_p_load_q"") (param i32) (result i32)
            (drop (memory.grow $p (i32.const 1)))
            (i32.load $q (local.get 0))))", linker: linker);
        Assert.Equal(0, instance.I32("grow_p_load_q", 65536 + 8));
        Assert.Equal(2u, exporter.GetMemory("m")!.Pages);
    }

    [Fact]
    public void UnknownMemoryIndex_IsAValidationError()
    {
        // (module (memory 1) (func (drop (i32.load 1 (i32.const 0))))), hand-assembled: memarg flags 0x42, memory 1.
        var bytes = new byte[]
        {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x03, 0x02, 0x01, 0x00,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a, 0x0b,
        };
        var e = Assert.ThrowsAny<System.Exception>(() => Module.FromBytes(Wat.Engine, bytes));
        Assert.Contains("unknown memory 1", e.Message);
    }
}
