using System;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The bounds check of loads and stores (MemoryHelpers.Check): the offset folded into a limit computed from the
/// cached memory length, which RyuJIT hoists out of loops. These pin the edges: the last byte in bounds and the
/// first one out for every access size and offset, traps at the exact access inside an unrolled loop with the
/// earlier stores done, and a limit that follows memory.grow inside a loop (directly and through a call).
/// </summary>
public class BoundsCheckTests
{
    private const int Page = 65536;

    [Theory]
    [InlineData("i32.load", 4)]
    [InlineData("i64.load", 8)]
    [InlineData("f32.load", 4)]
    [InlineData("f64.load", 8)]
    [InlineData("i32.load8_s", 1)]
    [InlineData("i32.load8_u", 1)]
    [InlineData("i32.load16_s", 2)]
    [InlineData("i32.load16_u", 2)]
    [InlineData("i64.load8_s", 1)]
    [InlineData("i64.load8_u", 1)]
    [InlineData("i64.load16_s", 2)]
    [InlineData("i64.load16_u", 2)]
    [InlineData("i64.load32_s", 4)]
    [InlineData("i64.load32_u", 4)]
    [InlineData("i32.store", 4)]
    [InlineData("i64.store", 8)]
    [InlineData("f32.store", 4)]
    [InlineData("f64.store", 8)]
    [InlineData("i32.store8", 1)]
    [InlineData("i32.store16", 2)]
    [InlineData("i64.store8", 1)]
    [InlineData("i64.store16", 2)]
    [InlineData("i64.store32", 4)]
    public void EveryAccessIsInBoundsUpToTheLastByteAndTrapsOneBytePast(string op, int size) =>
        AssertEdges(offset => Access(op, offset), size);

    /// <summary>The access of <paramref name="size"/> bytes that <paramref name="at"/> compiles with a static offset, at
    /// the last address in bounds and the first past it, for small, large and the largest offsets.</summary>
    private static void AssertEdges(Func<long, Instance> at, int size)
    {
        foreach (var offset in new long[] { 0, 3, Page - size })
        {
            var instance = at(offset);
            var last = (int)(Page - size - offset);
            instance.Call("at", WasmValue.FromI32(last));
            AssertOutOfBounds(instance, last + 1);
            AssertOutOfBounds(instance, -1);
            AssertOutOfBounds(instance, -size);
        }
        // The largest offset: out of bounds for every address, and the sum does not wrap.
        var maxOffset = at(uint.MaxValue);
        AssertOutOfBounds(maxOffset, 0);
        AssertOutOfBounds(maxOffset, -1);
        // An offset past the end with address 0.
        AssertOutOfBounds(at(Page - size + 1), 0);
    }

    [Theory]
    [InlineData("(drop (v128.load offset={0} (local.get 0)))", 16)]
    [InlineData("(v128.store offset={0} (local.get 0) (v128.const i64x2 0 0))", 16)]
    [InlineData("(drop (v128.load8x8_s offset={0} (local.get 0)))", 8)]
    [InlineData("(drop (v128.load16x4_u offset={0} (local.get 0)))", 8)]
    [InlineData("(drop (v128.load32x2_s offset={0} (local.get 0)))", 8)]
    [InlineData("(drop (v128.load8_splat offset={0} (local.get 0)))", 1)]
    [InlineData("(drop (v128.load16_splat offset={0} (local.get 0)))", 2)]
    [InlineData("(drop (v128.load32_splat offset={0} (local.get 0)))", 4)]
    [InlineData("(drop (v128.load64_splat offset={0} (local.get 0)))", 8)]
    [InlineData("(drop (v128.load32_zero offset={0} (local.get 0)))", 4)]
    [InlineData("(drop (v128.load64_zero offset={0} (local.get 0)))", 8)]
    [InlineData("(drop (v128.load8_lane offset={0} 15 (local.get 0) (v128.const i64x2 0 0)))", 1)]
    [InlineData("(drop (v128.load16_lane offset={0} 7 (local.get 0) (v128.const i64x2 0 0)))", 2)]
    [InlineData("(drop (v128.load32_lane offset={0} 3 (local.get 0) (v128.const i64x2 0 0)))", 4)]
    [InlineData("(drop (v128.load64_lane offset={0} 1 (local.get 0) (v128.const i64x2 0 0)))", 8)]
    [InlineData("(v128.store8_lane offset={0} 15 (local.get 0) (v128.const i64x2 0 0))", 1)]
    [InlineData("(v128.store16_lane offset={0} 7 (local.get 0) (v128.const i64x2 0 0))", 2)]
    [InlineData("(v128.store32_lane offset={0} 3 (local.get 0) (v128.const i64x2 0 0))", 4)]
    [InlineData("(v128.store64_lane offset={0} 1 (local.get 0) (v128.const i64x2 0 0))", 8)]
    public void EverySimdAccessIsInBoundsUpToTheLastByteAndTrapsOneBytePast(string access, int size) =>
        AssertEdges(offset => Wat.Instantiate(
            $"(module (memory 1) (func (export \"at\") (param i32) {string.Format(System.Globalization.CultureInfo.InvariantCulture, access, offset)}))"), size);

    [Fact]
    public void AV128StoreAndLoadAtTheLastAddressReachTheLastSixteenBytes()
    {
        var instance = Wat.Instantiate(@"(module (memory (export ""mem"") 1)
          (func (export ""put"") (param i32) (v128.store (local.get 0) (v128.const i64x2 0x0706050403020100 0x0f0e0d0c0b0a0908)))
          (func (export ""high"") (param i32) (result i64) (i64x2.extract_lane 1 (v128.load (local.get 0)))))");
        var memory = instance.GetMemory("mem")!;
        instance.Call("put", WasmValue.FromI32(Page - 16));
        Assert.Equal(0x0706050403020100L, memory.Read<long>(Page - 16));
        Assert.Equal(0x0f0e0d0c0b0a0908L, memory.Read<long>(Page - 8));
        Assert.Equal(0x0f0e0d0c0b0a0908L, instance.Call("high", WasmValue.FromI32(Page - 16))[0].I64);
        AssertOutOfBounds(instance, Page - 15, "high");
        AssertOutOfBounds(instance, Page - 15, "put");
        Assert.Equal(0x0706050403020100L, memory.Read<long>(Page - 16)); // the trapping store wrote nothing
    }

    [Theory]
    [InlineData("(memory.fill (local.get 0) (i32.const 1) (local.get 1))")]
    [InlineData("(memory.copy (local.get 0) (i32.const 0) (local.get 1))")]
    [InlineData("(memory.copy (i32.const 0) (local.get 0) (local.get 1))")]
    [InlineData("(memory.init $d (local.get 0) (i32.const 0) (local.get 1))")]
    public void BulkMemoryReachesTheLastByteAndTrapsOneBytePast(string op)
    {
        var instance = Wat.Instantiate($@"(module (memory 1) (data $d ""0123456789abcdef"")
          (func (export ""at"") (param i32 i32) {op}))");
        foreach (var count in new[] { 0, 1, 16 })
        {
            instance.Call("at", WasmValue.FromI32(Page - count), WasmValue.FromI32(count));
            AssertOutOfBounds(instance, Page - count + 1, "at", count);
            AssertOutOfBounds(instance, -1, "at", count);
        }
        AssertOutOfBounds(instance, 0, "at", -1);
    }

    [Fact]
    public void MemoryInitTrapsOneBytePastTheEndOfTheSegment()
    {
        var instance = Wat.Instantiate(@"(module (memory 1) (data $d ""0123456789abcdef"")
          (func (export ""at"") (param i32 i32) (memory.init $d (i32.const 0) (local.get 0) (local.get 1))))");
        instance.Call("at", WasmValue.FromI32(12), WasmValue.FromI32(4));
        instance.Call("at", WasmValue.FromI32(16), WasmValue.FromI32(0));
        AssertOutOfBounds(instance, 13, "at", 4);
        AssertOutOfBounds(instance, 17, "at", 0);
        AssertOutOfBounds(instance, -1, "at", 1);
    }

    [Fact]
    public void AStoreBeforeAnOutOfBoundsLoadInTheSameBlockIsDone()
    {
        var instance = Wat.Instantiate(@"(module (memory (export ""mem"") 1)
          (func (export ""f"") (param $p i32)
            (i32.store (local.get $p) (i32.const 7))
            (drop (i32.load offset=4 (local.get $p)))
            (i32.store (i32.const 0) (i32.const 9))))");
        var memory = instance.GetMemory("mem")!;
        instance.Call("f", WasmValue.FromI32(Page - 8));
        Assert.Equal(7, memory.Read<int>(Page - 8));
        Assert.Equal(9, memory.Read<int>(0));
        memory.Write(0, 0);

        AssertOutOfBounds(instance, Page - 4, "f");
        Assert.Equal(7, memory.Read<int>(Page - 4)); // the store at the same address came first
        Assert.Equal(0, memory.Read<int>(0));        // the store after the trapping load did not happen
    }

    /// <summary>matmul's inner loop shape: c[p] += b[q] unrolled twice, so each iteration reads b[q], reads and writes
    /// c[p], then the same at +8. Run until one of the arrays reaches the end of memory.</summary>
    private const string UnrolledAddLoop = @"(module (memory (export ""mem"") 1)
      (func (export ""add"") (param $p i32) (param $q i32)
        (loop $next
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.load (local.get $q))))
          (f64.store (i32.add (local.get $p) (i32.const 8))
            (f64.add (f64.load (i32.add (local.get $p) (i32.const 8))) (f64.load (i32.add (local.get $q) (i32.const 8)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $next))))";

    [Fact]
    public void AnUnrolledLoopTrapsAtTheFirstOutOfBoundsStoreTargetWithTheEarlierStoresDone()
    {
        // c holds 5 doubles that end exactly at the end of memory: the third iteration writes c[4] and then traps
        // reading c[5] (its b[5] read, before it, is in bounds).
        var instance = Wat.Instantiate(UnrolledAddLoop);
        var memory = instance.GetMemory("mem")!;
        const int c = Page - 5 * 8, b = 0;
        for (var i = 0; i < 6; i++) memory.Write(b + 8 * i, i + 1.0);
        AssertOutOfBounds(instance, c, "add", b);
        for (var i = 0; i < 5; i++) Assert.Equal(i + 1.0, memory.Read<double>(c + 8 * i));
    }

    [Fact]
    public void AnUnrolledLoopTrapsAtTheFirstOutOfBoundsSourceWithTheEarlierStoresDone()
    {
        // b holds 5 doubles at the end of memory: the third iteration writes c[4], then reading b[5] traps, so c[5]
        // keeps its old value.
        var instance = Wat.Instantiate(UnrolledAddLoop);
        var memory = instance.GetMemory("mem")!;
        const int c = 0, b = Page - 5 * 8;
        for (var i = 0; i < 5; i++) memory.Write(b + 8 * i, i + 1.0);
        memory.Write(c + 8 * 5, -1.0);
        AssertOutOfBounds(instance, c, "add", b);
        for (var i = 0; i < 5; i++) Assert.Equal(i + 1.0, memory.Read<double>(c + 8 * i));
        Assert.Equal(-1.0, memory.Read<double>(c + 8 * 5));
    }

    [Theory]
    [InlineData("(drop (memory.grow (i32.const 1)))")]
    [InlineData("(call $grow)")]
    public void MemoryGrowInsideALoopMovesTheLimit(string grow)
    {
        // Stores i64s with stride 8 over 3 pages, growing by one page whenever the next store is at the end.
        var instance = Wat.Instantiate($@"(module (memory (export ""mem"") 1)
          (func $grow (drop (memory.grow (i32.const 1))))
          (func (export ""fill"") (param $end i32) (result i32)
            (local $a i32)
            (loop $next
              (if (i32.eq (local.get $a) (i32.mul (memory.size) (i32.const {Page})))
                (then {grow}))
              (i64.store (local.get $a) (i64.extend_i32_u (local.get $a)))
              (local.set $a (i32.add (local.get $a) (i32.const 8)))
              (br_if $next (i32.lt_u (local.get $a) (local.get $end))))
            (i32.add (i32.load (i32.sub (local.get $end) (i32.const 8))) (memory.size)))
          (func (export ""at"") (param $a i32) (result i64) (i64.load (local.get $a))))");
        Assert.Equal(3 * Page - 8 + 3, instance.I32("fill", 3 * Page));
        Assert.Equal(2 * Page, instance.Call("at", WasmValue.FromI32(2 * Page))[0].I64);
        AssertOutOfBounds(instance, 3 * Page - 7, "at");
    }

    /// <summary>One memory page and an export <c>at</c> doing <paramref name="op"/> with the static offset at the address
    /// given.</summary>
    private static Instance Access(string op, long offset)
    {
        var type = op[..3];
        var body = op.Contains("store", StringComparison.Ordinal)
            ? $"({op} offset={offset} (local.get 0) ({type}.const 0))"
            : $"(drop ({op} offset={offset} (local.get 0)))";
        return Wat.Instantiate($"(module (memory 1) (func (export \"at\") (param i32) {body}))");
    }

    private static void AssertOutOfBounds(Instance instance, int address, string export = "at", params int[] more)
    {
        var args = new WasmValue[1 + more.Length];
        args[0] = WasmValue.FromI32(address);
        for (var i = 0; i < more.Length; i++) args[i + 1] = WasmValue.FromI32(more[i]);
        var trap = instance.Traps(export, args);
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.Equal("out of bounds memory access", trap.Message);
    }
}
