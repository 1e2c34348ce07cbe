using static WitBindgen.ComponentModel.Tests.Binary.Validation.ValidationAssert;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Canonical lift/lower options and signatures, and the resource built-ins.</summary>
public sealed class CanonValidationTests
{
    [Fact]
    public void LoweringAListNeedsMemory() =>
        Rejects("(component (import \"f\" (func $f (param \"p\" (list u8)))) (core func (canon lower (func $f))))",
            "canonical option `memory` is required", "canon");

    [Fact]
    public void LiftingAListParameterNeedsRealloc() =>
        Rejects("""
            (component
              (core module $M (memory (export "mem") 1) (func (export "f") (param i32 i32)))
              (core instance $i (instantiate $M))
              (func (param "p" (list u8)) (canon lift (core func $i "f") (memory (core memory $i "mem")))))
            """, "canonical option `realloc` is required");

    [Fact]
    public void ReallocAndPostReturnHaveFixedSignatures()
    {
        Rejects("""
            (component
              (core module $M (memory (export "mem") 1) (func (export "f") (param i32 i32)) (func (export "realloc")))
              (core instance $i (instantiate $M))
              (func (param "p" (list u8))
                (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))
            """, "canonical option `realloc` uses a core function with an incorrect signature");
        Rejects("""
            (component
              (core module $M (func (export "f") (result i32) unreachable) (func (export "post")))
              (core instance $i (instantiate $M))
              (func (result u32) (canon lift (core func $i "f") (post-return (core func $i "post")))))
            """, "canonical option `post-return` uses a core function with an incorrect signature");
    }

    [Fact]
    public void TheLiftedCoreFunctionMatchesTheFlattening()
    {
        Rejects("""
            (component
              (core module $M (func (export "f") (param i32)))
              (core instance $i (instantiate $M))
              (func (canon lift (core func $i "f"))))
            """, "lowered parameter types `[]` do not match parameter types `[I32]`");
        Accepts("""
            (component
              (core module $M (func (export "f") (param i32 i32 i32 i64 i32 i32)))
              (core instance $i (instantiate $M))
              (func (param "a" (tuple u32 u32)) (param "b" (option u64)) (param "c" (result u32 (error f32)))
                (canon lift (core func $i "f"))))
            """);
    }

    [Fact]
    public void AsyncNeedsAnAsyncFunctionType() =>
        Rejects("(component (import \"f\" (func $f)) (core func (canon lower (func $f) async)))",
            "the `async` canonical option requires an async function type");

    [Fact]
    public void ResourceBuiltInsNeedResources()
    {
        Rejects("(component (type $T (tuple u32)) (core func (canon resource.drop $T)))", "not a resource type");
        Rejects("(component (import \"T\" (type $T (sub resource))) (core func (canon resource.new $T)))", "not a local resource");
        Accepts("(component (import \"T\" (type $T (sub resource))) (core func (canon resource.drop $T)))");
    }

    [Fact]
    public void DestructorsTakeTheRepresentation() =>
        Rejects("""
            (component
              (core module $M (func (export "dtor")))
              (core instance $m (instantiate $M))
              (type $R (resource (rep i32) (dtor (core func $m "dtor")))))
            """, "wrong signature for a destructor", "type");
}
