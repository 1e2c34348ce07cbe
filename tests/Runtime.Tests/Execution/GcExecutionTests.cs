using WitBindgen.Runtime.Execution;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// GC runs: an allocation-heavy program (linked lists of structs, byte and i64 arrays, i31) against Wasmtime (GC
/// switched on through its Config), casts between modules that define the same rec group, and hostile lengths that
/// must trap rather than take the host down.
/// </summary>
public class GcExecutionTests
{
    private readonly ITestOutputHelper _output;

    public GcExecutionTests(ITestOutputHelper output) => _output = output;

    internal const string Program = @"(module
      (type $node (struct (field $v i64) (field $next (ref null $node))))
      (type $bytes (array (mut i8)))
      (type $longs (array (mut i64)))
      (func $build (param $n i32) (result (ref null $node))
        (local $head (ref null $node)) (local $i i32)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $head (struct.new $node
              (i64.rem_u (i64.mul (i64.extend_i32_u (local.get $i)) (i64.extend_i32_u (local.get $i))) (i64.const 1000))
              (local.get $head)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $head))
      (func (export ""list_sum"") (param $n i32) (result i64)
        (local $p (ref null $node)) (local $sum i64)
        (local.set $p (call $build (local.get $n)))
        (block $done
          (loop $next
            (br_if $done (ref.is_null (local.get $p)))
            (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $p))))
            (local.set $p (struct.get $node $next (local.get $p)))
            (br $next)))
        (local.get $sum))
      (func (export ""sieve"") (param $n i32) (result i32)
        (local $a (ref $bytes)) (local $i i32) (local $j i32) (local $count i32)
        (local.set $a (array.new $bytes (i32.const 1) (local.get $n)))
        (local.set $i (i32.const 2))
        (block $done
          (loop $outer
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (if (array.get_u $bytes (local.get $a) (local.get $i))
              (then
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $j (i32.mul (local.get $i) (local.get $i)))
                (block $inner_done
                  (loop $inner
                    (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                    (array.set $bytes (local.get $a) (local.get $j) (i32.const 0))
                    (local.set $j (i32.add (local.get $j) (local.get $i)))
                    (br $inner)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $outer)))
        (local.get $count))
      (func (export ""prefix"") (param $n i32) (result i64)
        (local $a (ref $longs)) (local $i i32)
        (local.set $a (array.new_default $longs (local.get $n)))
        (local.set $i (i32.const 1))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (array.set $longs (local.get $a) (local.get $i)
              (i64.add (array.get $longs (local.get $a) (i32.sub (local.get $i) (i32.const 1))) (i64.extend_i32_u (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (array.copy $longs $longs (local.get $a) (i32.const 0) (local.get $a) (i32.const 1) (i32.sub (local.get $n) (i32.const 1)))
        (array.get $longs (local.get $a) (i32.div_u (local.get $n) (i32.const 2))))
      (func (export ""i31"") (param $n i32) (result i32)
        (local $i i32) (local $sum i32) (local $r (ref i31))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $r (ref.i31 (i32.mul (local.get $i) (i32.const 4099))))
            (local.set $sum (i32.add (local.get $sum) (i31.get_s (local.get $r))))
            (local.set $sum (i32.add (local.get $sum)
              (ref.eq (local.get $r) (ref.i31 (i32.mul (local.get $i) (i32.const 4099))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $sum)))";

    [Theory]
    [InlineData("list_sum", 100_000)]
    [InlineData("sieve", 100_000)]
    [InlineData("prefix", 10_000)]
    [InlineData("i31", 1_000_000)]
    public void MatchesWasmtime(string export, int n)
    {
        var ours = Wat.Instantiate(Program).Call(export, WasmValue.FromI32(n))[0];

        using var config = new Wasmtime.Config().WithGc(true).WithFunctionReferences(true);
        using var wtEngine = new Wasmtime.Engine(config);
        using var wtModule = Wasmtime.Module.FromText(wtEngine, "gc", Program);
        using var wtLinker = new Wasmtime.Linker(wtEngine);
        using var wtStore = new Wasmtime.Store(wtEngine);
        var theirs = wtLinker.Instantiate(wtStore, wtModule).GetFunction(export)!.Invoke(n)!;
        _output.WriteLine($"{export}({n}) = {ours} (wasmtime: {theirs})");
        Assert.Equal(System.Convert.ToInt64(theirs, System.Globalization.CultureInfo.InvariantCulture), ours.Type == ValueKind.I64 ? ours.I64 : ours.I32);
    }

    // The same rec group in two modules is the same type: a struct made by one passes the other's cast; a struct of
    // another group with the same fields does not.
    private const string Maker = @"(module
      (rec (type $pt (sub (struct (field i32) (field i32)))) (type $pt3 (sub $pt (struct (field i32) (field i32) (field i32)))))
      (type $other (struct (field i32) (field i32)))
      (func (export ""make"") (result anyref) (struct.new $pt3 (i32.const 1) (i32.const 2) (i32.const 3)))
      (func (export ""other"") (result anyref) (struct.new $other (i32.const 1) (i32.const 2))))";

    private const string User = @"(module
      (rec (type $pt (sub (struct (field i32) (field i32)))) (type $pt3 (sub $pt (struct (field i32) (field i32) (field i32)))))
      (import ""m"" ""make"" (func $make (result anyref)))
      (import ""m"" ""other"" (func $other (result anyref)))
      (func (export ""is_pt"") (result i32) (ref.test (ref $pt) (call $make)))
      (func (export ""third"") (result i32) (struct.get $pt3 2 (ref.cast (ref $pt3) (call $make))))
      (func (export ""other_is_pt"") (result i32) (ref.test (ref $pt) (call $other)))
      (func (export ""cast_other"") (result i32) (struct.get $pt 0 (ref.cast (ref $pt) (call $other)))))";

    [Fact]
    public void CastsAcrossModulesFollowIsoRecursiveTypes()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        linker.DefineInstance("m", linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(Maker))));
        var user = linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(User)));
        Assert.Equal(1, user.I32("is_pt"));
        Assert.Equal(3, user.I32("third"));
        Assert.Equal(0, user.I32("other_is_pt"));
        Assert.Equal(TrapCode.CastFailure, user.Traps("cast_other").Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void HostileArrayLengthsTrap(int length)
    {
        var instance = Wat.Instantiate(@"(module (type $a (array (mut i64)))
          (func (export ""new"") (param i32) (result i32) (array.len (array.new_default $a (local.get 0)))))");
        var trap = instance.Traps("new", WasmValue.FromI32(length));
        Assert.Equal(TrapCode.ArrayOutOfBounds, trap.Code);
        Assert.Equal(42, instance.I32("new", 42));
    }

    [Fact]
    public void GcReferencesReachTheHostWithTheirKinds()
    {
        var instance = Wat.Instantiate(@"(module (type $s (struct (field i32)))
          (func (export ""make"") (result (ref $s)) (struct.new $s (i32.const 5)))
          (func (export ""i31"") (result anyref) (ref.i31 (i32.const -3))))");
        var made = instance.Call("make")[0];
        Assert.Equal(ValueKind.StructRef, made.Type);
        Assert.Equal(5, Assert.IsAssignableFrom<StructRef>(made.Ref).GetField(0).I32);
        var i31 = instance.Call("i31")[0];
        Assert.Equal(ValueKind.AnyRef, i31.Type);
        Assert.Equal(-3, Assert.IsType<I31Ref>(i31.Ref).Value);
    }
}
