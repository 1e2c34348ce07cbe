using System;
using System.Linq;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm.Text;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Tests.Text.Core;

public class CoreModuleAssemblerTests
{
    private static byte[] Wat(string text) => CoreModuleAssembler.Assemble((WatList)WatReader.Read(text, "t.wat").Single());

    private static byte[] Section(byte[] module, byte id) => CoreSections.Split(module)!.Single(s => s.Id == id).Contents;

    private static WatException Fails(string text) => Assert.Throws<WatException>(() => Wat(text));

    /// <summary>Same sections (custom ones aside) as Wasmtime's assembler.</summary>
    private static void LikeReference(string text)
    {
        var ours = Wat(text);
        var reference = Wasmtime.Module.ConvertText(text);
        Assert.Null(CoreSections.FirstDifference(ours, reference));
    }

    [Fact]
    public void Empty_module_is_the_header()
    {
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0 }, Wat("(module)"));
        // An id only names the module in the name section.
        var named = CoreSections.Split(Wat("(module $m)"))!;
        Assert.Equal(new byte[] { 4, (byte)'n', (byte)'a', (byte)'m', (byte)'e', 0, 2, 1, (byte)'m' }, named.Single(s => s.Id == 0).Contents);
    }

    [Fact]
    public void Accepts_core_module_heads_of_components()
    {
        Assert.Equal(Wat("(module (func))"), Wat("(core module (func))"));
        Assert.Equal(Wat("(module $m (func))"), Wat("(core module $m (func))"));
    }

    [Fact]
    public void Binary_and_quoted_modules()
    {
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0 }, Wat("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"));
        Assert.Equal(Wat("(module (func (export \"f\")))"), Wat("(module quote \"(func (export \\\"f\\\"))\")"));
        Assert.Equal(Wat("(module (memory 1))"), Wat("(module quote \"(module (memory 1))\")"));
    }

    [Fact]
    public void Inline_exports_and_imports_expand_to_fields()
    {
        var inline = Wat("(module (func $f (export \"a\") (export \"b\") (import \"m\" \"n\") (param i32)) (memory (export \"mem\") 1))");
        var plain = Wat("(module (import \"m\" \"n\" (func $f (param i32))) (memory 1) (export \"a\" (func $f)) (export \"b\" (func $f)) (export \"mem\" (memory 0)))");
        Assert.Equal(plain, inline);
    }

    [Fact]
    public void Implicit_types_are_appended_in_order_of_first_use()
    {
        var module = Wat("(module (func (param i32)) (type $e (func)) (func (result i64) (block (param i32) (result i32 i32) unreachable) unreachable) (func))");
        // type 0: () -> () explicit; then (i32) -> (), () -> (i64), (i32) -> (i32 i32) in order of use.
        Assert.Equal(new byte[] { 4, 0x60, 0, 0, 0x60, 1, 0x7F, 0, 0x60, 0, 1, 0x7E, 0x60, 1, 0x7F, 2, 0x7F, 0x7F }, Section(module, 1));
        Assert.Equal(new byte[] { 3, 1, 2, 0 }, Section(module, 3));
    }

    [Fact]
    public void Inline_type_must_match_the_referenced_type()
    {
        var e = Fails("(module (type $t (func (param i32))) (func (type $t) (param i64)))");
        Assert.Contains("inline function type", e.Problem);
        Wat("(module (type $t (func (param i32))) (func (type $t) (param $x i32) (local.get $x) drop))");
    }

    [Fact]
    public void Table_with_inline_elements_and_memory_with_inline_data()
    {
        var module = Wat("(module (func $f) (table $t funcref (elem $f $f $f)) (memory (data \"hello\" \"!\")))");
        Assert.Equal(new byte[] { 1, 0x70, 0x01, 3, 3 }, Section(module, 4));
        Assert.Equal(new byte[] { 1, 0x01, 1, 1 }, Section(module, 5));
        Assert.Equal(new byte[] { 1, 0x02, 0, 0x41, 0, 0x0B, 0, 3, 0, 0, 0 }, Section(module, 9));
        Assert.Equal(new byte[] { 1, 0, 0x41, 0, 0x0B, 6, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)'!' }, Section(module, 11));
    }

    [Fact]
    public void Integer_and_float_constants()
    {
        var code = Section(Wat("(module (func i32.const 0xFFFF_FFFF i32.const -0x8000_0000 i64.const 18446744073709551615 f32.const -0x1p-1 f64.const nan:0x8 drop drop drop drop drop))"), 10);
        var expected = new byte[]
        {
            0x41, 0x7F,
            0x41, 0x80, 0x80, 0x80, 0x80, 0x78,
            0x42, 0x7F,
            0x43, 0, 0, 0, 0xBF,
            0x44, 8, 0, 0, 0, 0, 0, 0xF0, 0x7F,
        };
        Assert.True(code.AsSpan().IndexOf(expected) >= 0, BitConverter.ToString(code));
        Assert.Contains("out of range", Fails("(module (func i32.const 0x1_0000_0000 drop))").Problem);
    }

    [Fact]
    public void Vector_constants_and_lanes()
    {
        LikeReference("(module (func (result v128) (v128.const i8x16 -1 255 0 1 2 3 4 5 6 7 8 9 10 11 12 -128) (v128.const i16x8 -1 65535 0 1 2 3 4 5) i8x16.add (v128.const f32x4 1.5 -0 inf nan:0x1) (v128.const i64x2 -1 0x7fff_ffff_ffff_ffff) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31) i16x8.extract_lane_s 7 drop))");
        Assert.Contains("wrong number of lane literals", Fails("(module (func (v128.const i32x4 1 2 3) drop))").Problem);
    }

    [Fact]
    public void Labels_resolve_to_depths_and_may_shadow()
    {
        var code = Section(Wat("(module (func (block $a (block $b (block $a (br $a) (br $b) (br 2))))))"), 10);
        Assert.Equal(new byte[] { 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x0C, 0, 0x0C, 1, 0x0C, 2, 0x0B, 0x0B, 0x0B, 0x0B }, code.Skip(3).ToArray());
        LikeReference("(module (func $f (param i32) (result i32) block $l (result i32) local.get 0 if $i (result i32) i32.const 1 br $l else i32.const 2 end $i end $l))");
    }

    [Fact]
    public void Label_errors_name_the_label_and_its_position()
    {
        var e = Fails("(module\n  (func\n    (br $nowhere)))");
        Assert.Equal("unknown label $nowhere", e.Problem);
        Assert.Equal((3, 9), (e.Line, e.Column));
        Assert.Equal("t.wat", e.Path);
        Assert.Contains("mismatching label", Fails("(module (func block $a end $b))").Problem);
    }

    [Fact]
    public void Errors_point_at_the_offending_token()
    {
        var e = Fails("(module (func\n  i32.const 1\n  i32.frobnicate))");
        Assert.StartsWith("unknown operator", e.Problem);
        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Contains("duplicate func", Fails("(module (func $f) (func $f))").Problem);
        Assert.Contains("unknown func $g", Fails("(module (func call $g))").Problem);
        Assert.Contains("alignment", Fails("(module (memory 1) (func (i32.load align=3 (i32.const 0)) drop))").Problem);
        Assert.Contains("import after function", Fails("(module (func) (import \"m\" \"n\" (func)))").Problem);
        Assert.Contains("unsupported", Fails("(module (func try end))").Problem);
    }

    [Fact]
    public void Folded_and_plain_instructions_encode_the_same()
    {
        Assert.Equal(
            Wat("(module (func (param i32) (result i32) local.get 0 i32.const 1 i32.add if (result i32) i32.const 2 else i32.const 3 end))"),
            Wat("(module (func (param i32) (result i32) (if (result i32) (i32.add (local.get 0) (i32.const 1)) (then (i32.const 2)) (else (i32.const 3)))))"));
    }

    [Fact]
    public void Multi_memory_memargs_and_bulk_memory()
    {
        var module = Wat("(module (memory 1) (memory $m 1) (data $d \"x\") (func (drop (i32.load $m offset=4 (i32.const 0))) (memory.init $m $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)))");
        Assert.Equal(new byte[] { 1 }, Section(module, 12)); // data count present
        var code = Section(module, 10);
        Assert.True(code.AsSpan().IndexOf(new byte[] { 0x28, 0x42, 1, 4 }) >= 0, BitConverter.ToString(code));
        Assert.True(code.AsSpan().IndexOf(new byte[] { 0xFC, 8, 0, 1 }) >= 0, BitConverter.ToString(code));
        Assert.DoesNotContain(CoreSections.Split(Wat("(module (memory 1) (data \"x\"))"))!, s => s.Id == 12);
    }

    [Fact]
    public void Element_segment_forms_match_the_reference()
    {
        LikeReference("(module (table $t 10 funcref) (table $u 10 externref) (func $f) (func $g) " +
            "(elem (i32.const 0) $f $g) (elem (table $t) (offset (i32.const 1)) func $f) (elem $p func $f) (elem declare func $g) " +
            "(elem (i32.const 2) funcref (ref.func $f) (ref.null func)) (elem (table $u) (i32.const 0) externref (ref.null extern)) " +
            "(elem funcref (item ref.func $g)) (func (table.init $u $p (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop $p) (table.copy $t $t (i32.const 0) (i32.const 0) (i32.const 0))))");
    }

    [Fact]
    public void Custom_annotations_become_placed_custom_sections()
    {
        var sections = CoreSections.Split(Wat("(module (@custom \"a\" (before first) \"1\") (@custom \"b\" \"2\") (@custom \"c\" (after func) \"3\") (func) (@name \"ignored\"))"))!;
        Assert.Equal(new byte[] { 0, 1, 3, 0, 10, 0 }, sections.Select(s => s.Id).ToArray());
        Assert.Equal(new byte[] { 1, (byte)'a', (byte)'1' }, sections[0].Contents);
        Assert.Equal(new byte[] { 1, (byte)'b', (byte)'2' }, sections[5].Contents);
    }

    [Fact]
    public void Locals_params_and_their_names()
    {
        var code = Section(Wat("(module (func (param $a i32) (param i64 f32) (local $x i32) (local i32 i64 i64) local.get $x local.get $a local.get 2 drop drop drop))"), 10);
        // Body after the function count and size: 2 local groups (i32 x2, i64 x2); $x is local 3, $a is 0.
        Assert.Equal(new byte[] { 2, 2, 0x7F, 2, 0x7E, 0x20, 3, 0x20, 0, 0x20, 2, 0x1A, 0x1A, 0x1A, 0x0B }, code.Skip(2).ToArray());
        Assert.Contains("duplicate local $a", Fails("(module (func (param $a i32) (local $a i32)))").Problem);
        Assert.Contains("unknown local $b", Fails("(module (func (param $a i32) local.get $b drop))").Problem);
        LikeReference("(module (type $t (func (param i32 i64))) (func (type $t) (local $l f64) local.get 1 drop local.get $l drop))");
    }

    [Fact]
    public void Branch_tables_select_and_calls()
    {
        LikeReference("(module (type $v (func)) (table 1 funcref) (func $f (param i32) (result i32) " +
            "(block $a (block $b (br_table $a $b 0 (local.get 0)))) " +
            "(select (i32.const 1) (i32.const 2) (local.get 0)) (select (result i32) (i32.const 1) (i32.const 2) (local.get 0)) drop " +
            "(call_indirect (type $v) (i32.const 0)) (call_indirect (param i32) (result i32) (i32.const 1) (i32.const 0)) drop " +
            "(return_call $f (local.get 0))))");
    }

    [Fact]
    public void Tags_and_exception_instructions()
    {
        LikeReference("(module (tag $e (import \"m\" \"e\") (param i32)) (tag $f (export \"f\")) " +
            "(func (result i32) (block $h (result i32) (try_table (result i32) (catch $e $h) (catch_all 1) (throw $e (i32.const 1))))))");
    }

    [Fact]
    public void Names_section_matches_the_reference_byte_for_byte()
    {
        const string text = "(module $mod (type $sig (func (param $p i32))) (import \"m\" \"f\" (func $imp (type $sig))) " +
            "(func $fn (param $x i32) (local $y i64) (block $outer (loop $inner (br $outer)))) (table $tab 1 funcref) " +
            "(memory $mem 1) (global $g i32 (i32.const 0)) (elem $el func $fn) (data $d \"\"))";
        Assert.Equal(Wasmtime.Module.ConvertText(text), Wat(text));
    }

    [Fact]
    public void Typed_function_references()
    {
        LikeReference("(module (type $t (func (param i32) (result i32))) (elem declare func $f) " +
            "(func $f (type $t) (local.get 0)) (table $tab 1 (ref null $t)) (global (ref $t) (ref.func $f)) " +
            "(func (param (ref null $t)) (result i32) (block $null (br_on_null $null (local.get 0)) (call_ref $t (i32.const 1)) return) " +
            "(ref.as_non_null (ref.null $t)) drop (i32.const 0)))");
    }

    [Fact]
    public void Gc_types_and_instructions()
    {
        LikeReference("(module (rec (type $node (sub (struct (field $val i32) (field $next (ref null $node))))) (type $leaf (sub final $node (struct (field i32) (field (ref null $node))))))" +
            " (type $bytes (array (mut i8))) (data $d \"abc\") " +
            "(func (result i32) (local $n (ref null $node)) " +
            "(local.set $n (struct.new $node (i32.const 1) (ref.null $node))) " +
            "(drop (ref.test (ref $leaf) (local.get $n))) (drop (ref.cast (ref null $node) (local.get $n))) " +
            "(drop (block $b (result (ref $node)) (br_on_cast $b (ref null $node) (ref $node) (local.get $n)) drop (struct.new_default $node))) " +
            "(drop (array.new_data $bytes $d (i32.const 0) (i32.const 3))) (drop (array.new_fixed $bytes 2 (i32.const 1) (i32.const 2))) " +
            "(i31.get_s (ref.i31 (struct.get $node $val (local.get $n))))))");
    }

    [Fact]
    public void Absurd_nesting_is_an_error_not_a_stack_overflow()
    {
        const int depth = 100_000;
        var text = "(module (func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth) + "))";
        Assert.Equal("nesting too deep", Fails(text).Problem);
    }
}
