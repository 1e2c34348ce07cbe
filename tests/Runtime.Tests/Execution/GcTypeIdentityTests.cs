using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// One type identity for every module (iso-recursive, as the GC spec defines it): a function type alone in its rec
/// group is the same type whether the module declaring it uses GC or not, so functions and tables pass between GC and
/// non-GC modules (imports, call_indirect, call_ref) exactly as between two modules of the same kind.
/// </summary>
public class GcTypeIdentityTests
{
    // Uses GC (a struct type), and exports functions whose signatures name other function types, one of them itself.
    private const string GcModule = @"(module
      (type $s (struct (field i32)))
      (type $f (func (result i32)))
      (type $g (func (param (ref $f)) (result i32)))
      (type $self (func (param (ref null $self)) (result i32)))
      (table (export ""t"") 4 funcref)
      (func $one (type $f) (i32.const 1))
      (func $apply (export ""apply"") (type $g) (i32.add (i32.const 10) (call_ref $f (local.get 0))))
      (func $selfish (export ""selfish"") (type $self) (ref.is_null (local.get 0)))
      (func (export ""plain"") (param i32) (result i32) (struct.get $s 0 (struct.new $s (local.get 0))))
      (elem (table 0) (i32.const 0) func $apply $one $selfish)
      (func (export ""call_slot"") (param (ref $f)) (param i32) (result i32)
        (call_indirect (type $g) (local.get 0) (local.get 1))))";

    // The same signatures without GC: imports the GC module's functions and calls through its table.
    private const string PlainModule = @"(module
      (type $f (func (result i32)))
      (type $g (func (param (ref $f)) (result i32)))
      (type $self (func (param (ref null $self)) (result i32)))
      (import ""gc"" ""apply"" (func $apply (type $g)))
      (import ""gc"" ""selfish"" (func $selfish (type $self)))
      (import ""gc"" ""plain"" (func $plain (param i32) (result i32)))
      (import ""gc"" ""t"" (table 4 funcref))
      (func $two (type $f) (i32.const 2))
      (elem declare func $two $selfish)
      (func (export ""direct"") (result i32) (call $apply (ref.func $two)))
      (func (export ""indirect"") (result i32) (call_indirect (type $g) (ref.func $two) (i32.const 0)))
      (func (export ""indirect_self"") (result i32) (call_indirect (type $self) (ref.null $self) (i32.const 2)))
      (func (export ""indirect_wrong"") (result i32) (call_indirect (type $g) (ref.func $two) (i32.const 1)))
      (func (export ""ref_self"") (result i32) (call_ref $self (ref.null $self) (ref.func $selfish)))
      (func (export ""plain"") (result i32) (call $plain (i32.const 5))))";

    private static (Engine Engine, Store Store, Linker Linker) Fresh()
    {
        var engine = new Engine();
        return (engine, new Store(engine), new Linker(engine));
    }

    [Fact]
    public void NonGcModuleImportsAndCallsThroughAGcModulesTable()
    {
        var (engine, store, linker) = Fresh();
        linker.DefineInstance("gc", linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(GcModule))));
        var plain = linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(PlainModule)));
        Assert.Equal(12, plain.I32("direct"));
        Assert.Equal(12, plain.I32("indirect"));
        Assert.Equal(1, plain.I32("indirect_self"));
        Assert.Equal(1, plain.I32("ref_self"));
        Assert.Equal(5, plain.I32("plain"));
        Assert.Equal(TrapCode.BadSignature, plain.Traps("indirect_wrong").Code);
    }

    [Fact]
    public void GcModuleImportsAndCallsThroughANonGcModulesTable()
    {
        var (engine, store, linker) = Fresh();
        linker.DefineInstance("plain", linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(@"(module
          (type $f (func (result i32)))
          (type $g (func (param (ref $f)) (result i32)))
          (table (export ""t"") 1 funcref)
          (func $apply (export ""apply"") (type $g) (i32.add (i32.const 20) (call_ref $f (local.get 0))))
          (elem (table 0) (i32.const 0) func $apply))"))));
        var gc = linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(@"(module
          (type $s (struct (field i32)))
          (type $f (func (result i32)))
          (type $g (func (param (ref $f)) (result i32)))
          (import ""plain"" ""apply"" (func $apply (type $g)))
          (import ""plain"" ""t"" (table 1 funcref))
          (func $three (type $f) (i32.const 3))
          (elem declare func $three)
          (func (export ""direct"") (result i32) (call $apply (ref.func $three)))
          (func (export ""indirect"") (result i32) (call_indirect (type $g) (ref.func $three) (i32.const 0)))
          (func (export ""test"") (result i32) (ref.test (ref $g) (table.get (i32.const 0)))))")));
        Assert.Equal(23, gc.I32("direct"));
        Assert.Equal(23, gc.I32("indirect"));
        Assert.Equal(1, gc.I32("test"));
    }

    [Fact]
    public void ImportOfADifferentTypedReferenceSignatureFailsToLink()
    {
        var (engine, store, linker) = Fresh();
        linker.DefineInstance("gc", linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(GcModule))));
        // (ref $f) with $f = [] -> [i64] is not the GC module's (ref $f) with $f = [] -> [i32].
        var ex = Assert.Throws<LinkException>(() => linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(@"(module
          (type $f (func (result i64)))
          (import ""gc"" ""apply"" (func (param (ref $f)) (result i32))))"))));
        Assert.Contains("apply", ex.Message);
        // A nullable parameter is a different (super) type of the parameter, so the signature differs too.
        Assert.Throws<LinkException>(() => linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(@"(module
          (type $f (func (result i32)))
          (import ""gc"" ""apply"" (func (param (ref null $f)) (result i32))))"))));
    }
}
