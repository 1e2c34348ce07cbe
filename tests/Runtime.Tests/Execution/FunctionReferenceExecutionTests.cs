using System;
using System.Linq;
using System.Threading;
using WitBindgen.Runtime;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Typed function references run: call_ref, return_call_ref, ref.as_non_null, br_on_null, br_on_non_null, typed
/// locals, globals and tables (with initializers), the null-reference traps with the spec's wording, linking of
/// typed imports across modules (canonical type identities), and a differential test against Wasmtime (function
/// references switched on through its Config).
/// </summary>
public class FunctionReferenceExecutionTests
{
    private readonly ITestOutputHelper _output;

    public FunctionReferenceExecutionTests(ITestOutputHelper output) => _output = output;

    // $apply folds a list of operations (a typed table) over an accumulator with call_ref; $twice composes;
    // $count is a return_call_ref loop; $pick chooses with br_on_null / br_on_non_null.
    internal const string Program = @"(module
      (type $op (func (param i64) (result i64)))
      (type $binop (func (param i64 i64) (result i64)))
      (func $inc (type $op) (i64.add (local.get 0) (i64.const 1)))
      (func $dbl (type $op) (i64.mul (local.get 0) (i64.const 2)))
      (func $mix (type $op) (i64.xor (i64.mul (local.get 0) (i64.const 31)) (i64.const 7)))
      (table $ops 3 (ref $op) (ref.func $inc))
      (global $default (ref $op) (ref.func $dbl))
      (global $slot (mut (ref null $op)) (ref.null $op))
      (elem (table $ops) (i32.const 1) (ref $op) (ref.func $dbl) (ref.func $mix))
      (elem declare func $inc $dbl $mix)
      (func $apply (export ""apply"") (param $n i64) (param $acc i64) (result i64)
        (local $i i32) (local $f (ref $op))
        (block $done
          (loop $next
            (br_if $done (i64.eqz (local.get $n)))
            (local.set $f (table.get $ops (i32.rem_u (local.get $i) (i32.const 3))))
            (local.set $acc (call_ref $op (local.get $acc) (local.get $f)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $n (i64.sub (local.get $n) (i64.const 1)))
            (br $next)))
        (local.get $acc))
      (func $twice (param $f (ref $op)) (param $x i64) (result i64)
        (call_ref $op (call_ref $op (local.get $x) (local.get $f)) (local.get $f)))
      (func (export ""twice_mix"") (param i64) (result i64) (call $twice (ref.func $mix) (local.get 0)))
      (func $count (export ""count"") (param $n i64) (param $acc i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (local.get $acc))
          (else (return_call_ref $binop (i64.sub (local.get $n) (i64.const 1))
                  (i64.add (i64.mul (local.get $acc) (i64.const 3)) (local.get $n)) (ref.func $count)))))
      (elem declare func $count)
      (func $pick (param $r (ref null $op)) (param $x i64) (result i64)
        (block $null
          (return (call_ref $op (local.get $x) (br_on_null $null (local.get $r)))))
        (call_ref $op (local.get $x) (global.get $default)))
      (func (export ""pick"") (param $which i32) (param $x i64) (result i64)
        (if (i32.eqz (local.get $which))
          (then (global.set $slot (ref.null $op)))
          (else (global.set $slot (table.get $ops (i32.rem_u (local.get $which) (i32.const 3))))))
        (call $pick (global.get $slot) (local.get $x)))
      (func (export ""non_null_or"") (param $which i32) (param $x i64) (result i64) (local $f (ref null $op))
        (local.set $f (if (result (ref null $op)) (local.get $which) (then (ref.func $mix)) (else (ref.null $op))))
        (local.get $x)
        (block $some (param i64) (result i64 (ref $op))
          (br_on_non_null $some (local.get $f))
          (drop)
          (return (i64.const -1)))
        (call_ref $op)))";

    private static Instance Instantiate() => Wat.Instantiate(Program);

    private static long Inc(long x) => x + 1;

    private static long Dbl(long x) => x * 2;

    private static long Mix(long x) => (x * 31) ^ 7;

    private static readonly Func<long, long>[] Ops = { Inc, Dbl, Mix };

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(1000L)]
    public void CallRefThroughATypedTable(long n)
    {
        var expected = 5L;
        for (var i = 0; i < n; i++) expected = Ops[i % 3](expected);
        Assert.Equal(expected, Instantiate().Call("apply", WasmValue.FromI64(n), WasmValue.FromI64(5))[0].I64);
    }

    [Fact]
    public void CallRefOfAFunctionPassedAsAnArgument()
    {
        Assert.Equal(Mix(Mix(11)), Instantiate().Call("twice_mix", WasmValue.FromI64(11))[0].I64);
    }

    [Fact]
    public void BranchOnNullTakesTheDefaultOtherwiseCallsTheReference()
    {
        var instance = Instantiate();
        Assert.Equal(Dbl(9), instance.Call("pick", WasmValue.FromI32(0), WasmValue.FromI64(9))[0].I64);
        Assert.Equal(Dbl(9), instance.Call("pick", WasmValue.FromI32(1), WasmValue.FromI64(9))[0].I64);
        Assert.Equal(Mix(9), instance.Call("pick", WasmValue.FromI32(2), WasmValue.FromI64(9))[0].I64);
        Assert.Equal(Inc(9), instance.Call("pick", WasmValue.FromI32(3), WasmValue.FromI64(9))[0].I64);
    }

    [Fact]
    public void BranchOnNonNullPassesTheReferenceToTheLabel()
    {
        var instance = Instantiate();
        Assert.Equal(Mix(4), instance.Call("non_null_or", WasmValue.FromI32(1), WasmValue.FromI64(4))[0].I64);
        Assert.Equal(-1L, instance.Call("non_null_or", WasmValue.FromI32(0), WasmValue.FromI64(4))[0].I64);
    }

    [Fact]
    public void ReturnCallRefRunsInConstantStack()
    {
        var instance = Instantiate();
        const long n = 2_000_000;
        long result = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = instance.Call("count", WasmValue.FromI64(n), WasmValue.FromI64(1))[0].I64; }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        var acc = 1L;
        for (var k = n; k != 0; k--) acc = acc * 3 + k;
        Assert.Equal(acc, result);
    }

    [Fact]
    public void NullReferencesTrapWithTheSpecWording()
    {
        var instance = Wat.Instantiate(@"(module
          (type $v (func (result i32)))
          (func (export ""call"") (result i32) (call_ref $v (ref.null $v)))
          (func (export ""tail"") (result i32) (return_call_ref $v (ref.null $v)))
          (func (export ""as_non_null"") (drop (ref.as_non_null (ref.null func))))
          (func (export ""extern"") (param externref) (result externref) (ref.as_non_null (local.get 0))))");
        var call = instance.Traps("call");
        Assert.Equal(TrapCode.NullFunctionReference, call.Code);
        Assert.Equal("null function reference", call.Code.Message());
        Assert.Equal(TrapCode.NullFunctionReference, instance.Traps("tail").Code);
        var asNonNull = instance.Traps("as_non_null");
        Assert.Equal(TrapCode.NullReference, asNonNull.Code);
        Assert.Equal("null reference", asNonNull.Code.Message());
        var boxed = new object();
        Assert.Same(boxed, instance.Call("extern", WasmValue.FromExternRef(boxed))[0].Ref);
        Assert.Equal(TrapCode.NullReference, instance.Traps("extern", WasmValue.FromExternRef(null)).Code);
    }

    [Fact]
    public void TypedParametersCheckTheFunctionPassedByTheHost()
    {
        var instance = Wat.Instantiate(@"(module
          (type $op (func (param i32) (result i32)))
          (func $sq (export ""sq"") (type $op) (i32.mul (local.get 0) (local.get 0)))
          (func (export ""other"") (param i64) (result i64) (local.get 0))
          (func (export ""run"") (param $f (ref $op)) (result i32) (call_ref $op (i32.const 7) (local.get $f)))
          (func (export ""run_null"") (param $f (ref null $op)) (result i32)
            (block $n (return (call_ref $op (i32.const 7) (br_on_null $n (local.get $f))))) (i32.const -1)))");
        var sq = instance.GetFunction("sq")!;
        Assert.Equal(49, instance.Call("run", WasmValue.FromFuncRef(sq))[0].I32);
        Assert.Equal(-1, instance.Call("run_null", WasmValue.FromFuncRef(null))[0].I32);
        // A function of another type, or null where the parameter is non-null: refused before any call.
        Assert.Throws<ArgumentException>(() => instance.Call("run", WasmValue.FromFuncRef(instance.GetFunction("other"))));
        Assert.Throws<ArgumentException>(() => instance.Call("run", WasmValue.FromFuncRef(null)));
        Assert.Throws<ArgumentException>(() => instance.Call("run", WasmValue.FromExternRef(new object())));
    }

    // The exporter names $op at index 2 and puts a reference to it in $hof's type; the importer numbers them differently.
    private const string Exporter = @"(module
      (type $pad (func (param f32)))
      (type $other (func))
      (type $op (func (param i32) (result i32)))
      (type $hof (func (param (ref $op) i32) (result i32)))
      (func $sq (export ""sq"") (type $op) (i32.mul (local.get 0) (local.get 0)))
      (func (export ""apply"") (type $hof) (call_ref $op (local.get 1) (local.get 0)))
      (table (export ""ops"") 1 (ref null $op))
      (global (export ""g"") (ref $op) (ref.func $sq))
      (global (export ""mg"") (mut (ref null $op)) (ref.null $op))
      (elem declare func $sq))";

    private static Linker LinkerWithExporter(Store store)
    {
        var linker = new Linker(Wat.Engine);
        linker.DefineInstance("m", linker.Instantiate(store, Wat.Compile(Exporter)));
        return linker;
    }

    [Fact]
    public void TypeIdentitiesAreTheSameAcrossModules()
    {
        var store = new Store(Wat.Engine);
        var linker = LinkerWithExporter(store);
        var importer = Wat.Instantiate(@"(module
          (type $op (func (param i32) (result i32)))
          (type $hof (func (param (ref $op) i32) (result i32)))
          (import ""m"" ""apply"" (func $apply (type $hof)))
          (import ""m"" ""sq"" (func $sq (type $op)))
          (import ""m"" ""ops"" (table $ops 1 (ref null $op)))
          (import ""m"" ""g"" (global $g (ref $op)))
          (import ""m"" ""mg"" (global $mg (mut (ref null $op))))
          (table $local 1 funcref)
          (elem (table $local) (i32.const 0) func $apply)
          (func $cube (type $op) (i32.mul (local.get 0) (i32.mul (local.get 0) (local.get 0))))
          (elem declare func $cube)
          (func (export ""direct"") (result i32) (call $apply (ref.func $cube) (i32.const 3)))
          (func (export ""indirect"") (result i32)
            (call_indirect $local (type $hof) (global.get $g) (i32.const 5) (i32.const 0)))
          (func (export ""through_table"") (result i32)
            (table.set $ops (i32.const 0) (ref.func $cube))
            (global.set $mg (table.get $ops (i32.const 0)))
            (call_ref $op (i32.const 2) (ref.as_non_null (global.get $mg)))))", store, linker);
        Assert.Equal(27, importer.I32("direct"));
        Assert.Equal(25, importer.I32("indirect"));
        Assert.Equal(8, importer.I32("through_table"));
    }

    [Theory]
    // A function of another type (the referenced type differs: i64 instead of i32).
    [InlineData(@"(type $op (func (param i64) (result i64))) (import ""m"" ""apply"" (func (param (ref $op) i32) (result i32)))")]
    // Tables are invariant: (ref null $op) is not (ref null func).
    [InlineData(@"(import ""m"" ""ops"" (table 1 funcref))")]
    // A mutable global must have the same type.
    [InlineData(@"(import ""m"" ""mg"" (global (mut funcref)))")]
    // An immutable global's type must be a subtype: (ref $op) is not (ref $other).
    [InlineData(@"(type $other (func)) (import ""m"" ""g"" (global (ref $other)))")]
    public void MismatchedTypedImportsAreLinkErrors(string imports)
    {
        var store = new Store(Wat.Engine);
        var linker = LinkerWithExporter(store);
        Assert.Throws<LinkException>(() => Wat.Instantiate("(module " + imports + ")", store, linker));
    }

    [Theory]
    // Immutable globals are covariant: (ref $op) <: (ref null $op) <: funcref.
    [InlineData(@"(type $op (func (param i32) (result i32))) (import ""m"" ""g"" (global (ref null $op)))")]
    [InlineData(@"(import ""m"" ""g"" (global funcref))")]
    [InlineData(@"(import ""m"" ""g"" (global (ref func)))")]
    public void SubtypedGlobalImportsLink(string imports)
    {
        var store = new Store(Wat.Engine);
        var linker = LinkerWithExporter(store);
        Assert.NotNull(Wat.Instantiate("(module " + imports + ")", store, linker));
    }

    [Fact]
    public void RecursiveTypesGetOneIdentity()
    {
        // A type that refers to itself, in two modules at different indices: the function links and calls.
        var store = new Store(Wat.Engine);
        var linker = new Linker(Wat.Engine);
        linker.DefineInstance("m", linker.Instantiate(store, Wat.Compile(@"(module
          (type $self (func (param (ref null $self) i32) (result i32)))
          (func $down (export ""down"") (type $self)
            (if (result i32) (i32.eqz (local.get 1)) (then (i32.const 100))
              (else (i32.add (i32.const 1)
                (call_ref $self (local.get 0) (i32.sub (local.get 1) (i32.const 1)) (ref.as_non_null (local.get 0))))))))")));
        var importer = Wat.Instantiate(@"(module
          (type $pad (func))
          (type $self (func (param (ref null $self) i32) (result i32)))
          (import ""m"" ""down"" (func $down (type $self)))
          (elem declare func $down)
          (func (export ""run"") (result i32) (call $down (ref.func $down) (i32.const 5))))", store, linker);
        Assert.Equal(105, importer.I32("run"));
    }

    [Fact]
    public void ManyMutuallyRecursiveTypesStillCompile()
    {
        // 24 types, each referring to itself and every earlier one: expansions double in length per type, so the
        // registry stops at its limit and gives the later ones ids of their own; the module still compiles and runs.
        const int count = 24;
        var types = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            types.Append("(type (func");
            for (var j = 0; j <= i; j++) types.Append(" (param (ref null ").Append(j).Append("))");
            types.Append(" (result i32)))");
        }
        var nulls = string.Concat(Enumerable.Range(0, count).Select(j => $"(ref.null {j})"));
        var instance = Wat.Instantiate($@"(module {types}
          (table 1 funcref) (elem (i32.const 0) func $f)
          (func $f (type {count - 1}) (i32.const 42))
          (func (export ""run"") (result i32) (call_indirect (type {count - 1}) {nulls} (i32.const 0))))");
        Assert.Equal(42, instance.I32("run"));
    }

    [Theory]
    [InlineData("apply", 1000L)]
    [InlineData("count", 100_000L)]
    [InlineData("twice_mix", 3L)]
    [InlineData("pick", 2L)]
    public void MatchesWasmtime(string export, long n)
    {
        WasmValue[] Args(bool ours) => export switch
        {
            "twice_mix" => new[] { WasmValue.FromI64(n) },
            "pick" => new[] { WasmValue.FromI32((int)n), WasmValue.FromI64(17) },
            _ => new[] { WasmValue.FromI64(n), WasmValue.FromI64(5) },
        };
        var ours = Instantiate().Call(export, Args(true))[0].I64;

        using var config = new Wasmtime.Config().WithFunctionReferences(true).WithTailCalls(true);
        using var wtEngine = new Wasmtime.Engine(config);
        using var wtModule = Wasmtime.Module.FromText(wtEngine, "funcref", Program);
        using var wtLinker = new Wasmtime.Linker(wtEngine);
        using var wtStore = new Wasmtime.Store(wtEngine);
        var wtInstance = wtLinker.Instantiate(wtStore, wtModule);
        var function = wtInstance.GetFunction(export)!;
        var theirs = (long)(export switch
        {
            "twice_mix" => function.Invoke(n),
            "pick" => function.Invoke((int)n, 17L),
            _ => function.Invoke(n, 5L),
        })!;
        _output.WriteLine($"{export}({n}) = {ours} (wasmtime: {theirs})");
        Assert.Equal(theirs, ours);
    }
}
