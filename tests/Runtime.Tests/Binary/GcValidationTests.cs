using System;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.Runtime.Tests.Execution;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>GC in CoreWasm's reader and validator (and the engine runs what they accept).</summary>
public class GcValidationTests
{
    internal const string Valid = @"(module
      (rec (type $node (sub (struct (field $v (mut i32)) (field $next (ref null $node)))))
           (type $leaf (sub final $node (struct (field (mut i32)) (field (ref null $node)) (field i8)))))
      (rec (type $node2 (sub (struct (field (mut i32)) (field (ref null $node2))))))
      (type $bytes (array (mut i8)))
      (type $refs (array (ref null any)))
      (global $g (ref $bytes) (array.new_fixed $bytes 2 (i32.const 1) (i32.const 2)))
      (global $i (ref i31) (ref.i31 (i32.const 7)))
      (global $e externref (extern.convert_any (struct.new_default $node)))
      (func (export ""sum"") (param $n (ref null $leaf)) (result i32)
        (struct.get $node $v (local.get $n)))
      (func (param $a anyref) (result i32)
        (block $yes (result (ref $leaf))
          (br_on_cast $yes anyref (ref $leaf) (local.get $a))
          (drop)
          (return (i32.const 0)))
        (struct.get_s $leaf 2))
      (func (param $a anyref) (result i32)
        (i32.add (ref.test (ref $node) (local.get $a))
          (i31.get_u (ref.cast (ref i31) (local.get $a)))))
      (func (result i32)
        (array.set $bytes (global.get $g) (i32.const 0) (i32.const 300))
        (i32.add (array.get_u $bytes (global.get $g) (i32.const 0)) (array.len (global.get $g))))
      (func (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
      (func (param externref) (result anyref) (any.convert_extern (local.get 0))))";

    [Fact]
    public void StructsArraysCastsAndRecGroupsValidate()
    {
        var module = CoreValidation.Validated(Valid);
        Assert.Equal(CompositeKind.Struct, module.TypeDef(0).Kind);
        Assert.Equal((0, 2), (module.TypeDef(1).RecStart, module.TypeDef(1).RecSize));
        Assert.Equal(new FieldType(ValueTypes.I8, true), module.TypeDef(3).Fields[0]);
        Assert.NotNull(module.GcUseOffset);
    }

    [Fact]
    public void EqualRecGroupsAreTheSameTypeAndDeclaredSupertypesAreSupertypes()
    {
        var module = CoreValidation.Validated(Valid);
        var subtyping = new Subtyping(module);
        // $node2 is a group of its own: not the same as $node, which shares its group with $leaf.
        Assert.False(subtyping.SameIndex(0, 2));
        Assert.True(subtyping.HeapMatches(1, 0));
        Assert.False(subtyping.HeapMatches(0, 1));
        Assert.True(subtyping.HeapMatches(0, ValueTypes.HeapEq));
        Assert.True(subtyping.HeapMatches(ValueTypes.HeapNone, 3));
        Assert.False(subtyping.HeapMatches(ValueTypes.HeapNoFunc, 3));
        var twice = CoreValidation.Validated("(module (rec (type $a (struct (field (ref null $b)))) (type $b (array i32))) (rec (type $c (struct (field (ref null $d)))) (type $d (array i32))))");
        Assert.True(new Subtyping(twice).SameIndex(0, 2));
        Assert.True(new Subtyping(twice).SameIndex(1, 3));
    }

    [Theory]
    [InlineData("(module (type $s (struct (field i32))) (func (param (ref $s)) (struct.set $s 0 (local.get 0) (i32.const 1))))", "immutable field")]
    [InlineData("(module (type $a (array i8)) (func (param (ref $a)) (result i32) (array.get $a (local.get 0) (i32.const 0))))", "type mismatch")]
    [InlineData("(module (type $t (sub final (struct))) (type (sub $t (struct))))", "sub type")]
    [InlineData("(module (type $t (sub (struct (field i32)))) (type (sub $t (struct (field i64)))))", "sub type")]
    [InlineData("(module (type $a (array (mut funcref))) (func (param (ref $a)) (array.new_data $a 0 (i32.const 0) (i32.const 0)) (drop)) (data \"\"))", "array type is not numeric or vector")]
    [InlineData("(module (func (param anyref) (result i32) (block $l (result (ref i31)) (br_on_cast $l (ref i31) anyref (local.get 0)) (drop) (ref.i31 (i32.const 0))) (drop) (i32.const 0)))", "type mismatch")]
    [InlineData("(module (type $s (struct)) (func (call_ref $s (ref.null $s))))", "non-function type 0")]
    public void InvalidUsesAreRejectedWithTheSpecWording(string text, string reason)
    {
        Assert.StartsWith(reason, CoreValidation.Invalid(text), StringComparison.Ordinal);
    }

    [Fact]
    public void TheEngineRunsTheValidModule()
    {
        var engine = new Engine();
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, Wat.ToBinary(Valid)));
        var trap = Assert.Throws<Trap>(() => instance.GetFunction("sum")!.Invoke(default(WasmValue)));
        Assert.Equal(TrapCode.NullStructReference, trap.Code);
    }
}
