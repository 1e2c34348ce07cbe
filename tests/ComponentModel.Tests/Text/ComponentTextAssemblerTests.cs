using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Tests;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Tests.Text;

/// <summary>Each construct of the component text format, checked against Wasmtime's assembler and by structure.</summary>
public class ComponentTextAssemblerTests
{
    // An imported core module, so components can have core instances without core module text.
    private const string Module = "(import \"m\" (core module $m))";
    private const string CoreSetup = Module + " (core instance $ci (instantiate $m)) (core func $cf (alias core export $ci \"f\")) (alias core export $ci \"mem\" (core memory $mem))";

    [Theory]
    [InlineData("(component)")]
    [InlineData("(component $c)")]
    // every defined value type
    [InlineData("(component (type bool) (type s8) (type u8) (type s16) (type u16) (type s32) (type u32) (type s64) (type u64) (type f32) (type f64) (type char) (type string) (type error-context))")]
    [InlineData("(component (type $r (record (field \"a\" u32) (field \"b\" (list string)))) (type (list $r)) (type (list u8 4)))")]
    [InlineData("(component (type (variant (case \"a\") (case $b \"b\" u32) (case \"c\" (tuple u8 (option string))))))")]
    [InlineData("(component (type (tuple)) (type (flags \"a\" \"b\")) (type (enum \"x\" \"y\" \"z\")) (type (option (option u8))))")]
    [InlineData("(component (type (result)) (type (result u32)) (type (result (error string))) (type (result u32 (error (list u8)))))")]
    [InlineData("(component (type $r (resource (rep i32))) (type (own $r)) (type (borrow $r)) (type (stream)) (type (stream u8)) (type (future)) (type (future $r)))")]
    // function types
    [InlineData("(component (type (func)) (type (func (param \"a\" u32) (param \"b\" (list string)) (result (tuple u8 u8)))) (type (func async (result u32))))")]
    // component and instance types with every declarator
    [InlineData("(component (type $t (component (core type (module (import \"a\" \"b\" (func (param i32))) (export \"m\" (memory 1)))) (type $x u32) (import \"i\" (func (param \"x\" $x))) (export \"e\" (instance (export \"r\" (type (sub resource))))) (alias outer $t $x (type $y)) (export \"y\" (type (eq $y))))))")]
    [InlineData("(component (type u8) (type $i (instance (export \"r\" (type $r (sub resource))) (export \"f\" (func (param \"self\" (borrow $r)))) (type (list 0)))))")]
    // imports of every kind, with names carrying options
    [InlineData("(component (import \"f\" (func $f (param \"a\" string))) (import \"i\" (instance $i (export \"g\" (func)))) (import \"c\" (component (import \"x\" (func)))) (import \"m\" (core module (export \"x\" (func)))) (import \"t\" (type $t (sub resource))) (import \"u\" (type (eq $t))))")]
    [InlineData("(component (import \"a:b/c@1.0.0\" (instance)) (import (interface \"x:y/z\") (instance)) (import \"d\" (implements \"a:b/c\") (instance)) (import \"e\" (external-id \"id\") (func)))")]
    // exports, ascription, inline exports and export ids
    [InlineData("(component (import \"f\" (func $f)) (import \"i\" (instance $i (export \"x\" (func)))) (export $g \"g\" (func $f)) (export \"h\" (func $g) (func)) (func (export \"i\") (export \"j\") (alias export $i \"x\")))")]
    // aliases and their sugar
    [InlineData("(component (import \"i\" (instance $i (export \"f\" (func)) (export \"n\" (instance (export \"g\" (func)))))) (alias export $i \"f\" (func $f)) (func $f2 (alias export $i \"f\")) (export \"a\" (func $i \"f\")) (export \"b\" (func $i \"n\" \"g\")))")]
    [InlineData("(component $outer (type $t u32) (component (type (list $t)) (alias outer $outer $t (type)) (alias outer 1 0 (type)) (component (type (option $t)))))")]
    // instances
    [InlineData("(component (import \"f\" (func $f)) (component $c (import \"a\" (func))) (instance (instantiate $c (with \"a\" (func $f)))) (instance $b (export \"x\" (func $f))) (instance (instantiate $c (with \"a\" (instance (export \"y\" (func $f)))) (with \"b\" (instance $b)))))")]
    [InlineData("(component " + Module + " (core instance $i (instantiate $m)) (core instance $j (instantiate $m (with \"a\" (instance $i)) (with \"b\" (instance (export \"f\" (func $i \"f\")))))) (core instance (export \"g\" (func $j \"g\")) (export \"t\" (table $j \"t\")) (export \"m\" (memory $j \"m\")) (export \"gl\" (global $j \"gl\"))))")]
    // canon lift / lower with options, and the func / core func sugar
    [InlineData("(component " + CoreSetup + " (type $ft (func (param \"s\" string) (result string))) (canon lift (core func $cf) (memory $mem) (realloc (core func $ci \"realloc\")) (post-return $cf) string-encoding=utf16 (func $f (type $ft))) (canon lower (func $f) (memory $mem) string-encoding=latin1+utf16 (core func $lowered)) (core func (canon lower (func $f) (memory (core memory $ci \"mem\")) (realloc $cf))) (func (export \"g\") (param \"x\" u32) (canon lift (core func $ci \"g\"))) (func (type $ft) (canon lift (core func $cf) async (callback $cf))))")]
    // resources and resource built-ins
    [InlineData("(component " + CoreSetup + " (type $r (resource (rep i32) (dtor (core func $cf)))) (type $r2 (resource (rep i32) (dtor (core func $ci \"dtor\")))) (canon resource.new $r (core func $new)) (canon resource.drop $r (core func)) (canon resource.drop $r2 (core func)) (core func (canon resource.rep $r)))")]
    // async and thread built-ins
    [InlineData("(component " + CoreSetup + " (type $s (stream u8)) (type $fu (future)) (core type $ft (func (param i32))) (canon task.return (result u32) (memory $mem) (core func)) (canon task.return (core func)) (canon task.cancel (core func)) (canon context.get i32 0 (core func)) (canon context.set i32 1 (core func)) (canon backpressure.inc (core func)) (canon backpressure.dec (core func)) (canon thread.yield (core func)) (canon subtask.drop (core func)) (canon subtask.cancel async (core func)) (canon stream.new $s (core func)) (canon stream.read $s async (memory $mem) (core func)) (canon stream.write $s (memory $mem) (core func)) (canon stream.cancel-read $s async (core func)) (canon stream.cancel-write $s (core func)) (canon stream.drop-readable $s (core func)) (canon stream.drop-writable $s (core func)) (canon future.new $fu (core func)) (canon future.read $fu (core func)) (canon future.write $fu (core func)) (canon future.cancel-read $fu (core func)) (canon future.drop-readable $fu (core func)) (canon error-context.new (memory $mem) (core func)) (canon error-context.debug-message (memory $mem) (realloc $cf) (core func)) (canon error-context.drop (core func)) (canon waitable-set.new (core func)) (canon waitable-set.wait (memory $mem) (core func)) (canon waitable-set.poll (memory $mem) (core func)) (canon waitable-set.drop (core func)) (canon waitable.join (core func)) (canon thread.index (core func)))")]
    // core types, incl. module types with imports and exports of every kind
    [InlineData("(component (core type $f (func (param i32 i64) (param $x f32) (result f64 v128))) (core type (module (type $t (func)) (import \"a\" \"f\" (func (type $t))) (import \"a\" \"g\" (func (param i32))) (import \"a\" \"t\" (table 1 2 funcref)) (import \"a\" \"m\" (memory i64 1)) (import \"a\" \"gl\" (global (mut i32))) (export \"e\" (global externref)) (alias outer 1 $f (type)))))")]
    // nested components, inline component and module imports, custom sections
    [InlineData("(component (component $inner (export \"x\") (import \"f\" (func))) (component $imp (import \"c\") (import \"y\" (func))) (core module $mi (import \"m\") (export \"x\" (func))) (import \"g\" (func $g)) (instance (export \"i\") (instantiate $inner (with \"f\" (func $g)))))")]
    [InlineData("(component (@name \"c\") (type $t (export \"t\") (list u32)) (@producers (language \"x\" \"1\")) (export \"u\" (type $t)))")]
    public void AssemblesLikeWasmtime(string text)
    {
        var ours = WatAssembler.Assemble(text);
        var theirs = Wasmtime.Module.ConvertText(text);
        Assert.Equal(
            Convert.ToHexString(ComponentTextDifferentialTests.Normalize(theirs)),
            Convert.ToHexString(ComponentTextDifferentialTests.Normalize(ours)));
    }

    [Theory]
    [InlineData("(core func (canon lower (func $f) (memory $ci \"mem\")))", "(core func (canon lower (func $f) (memory (core memory $ci \"mem\"))))")]
    [InlineData("(type (resource (rep i32) (dtor (func $cf))))", "(type (resource (rep i32) (dtor (core func $cf))))")]
    [InlineData("(canon thread.yield cancellable (core func))", "(canon thread.yield async (core func))")]
    public void Accepts_legacy_forms_the_strict_reference_rejects(string legacy, string strict)
    {
        const string prefix = "(component " + CoreSetup + " (import \"f\" (func $f)) ";
        Assert.Equal(WatAssembler.Assemble(prefix + strict + ")"), WatAssembler.Assemble(prefix + legacy + ")"));
    }

    [Fact]
    public void Inline_types_come_before_their_user_and_exports_at_the_end()
    {
        var bytes = WatAssembler.Assemble("(component (func $f (export \"f\") (import \"g\") (param \"a\" (list u8))) (type u32))");
        var sections = ComponentReader.Read(bytes).Sections;
        Assert.Collection(sections,
            s => Assert.Equal(2, Assert.IsType<TypeSection>(s).Types.Count), // list<u8>, func
            s => Assert.IsType<ImportSection>(s),
            s => Assert.IsType<TypeSection>(s),
            s => Assert.Equal("f", Assert.IsType<ExportSection>(s).Exports.Single().Name.Name),
            s => Assert.Equal("component-name", Assert.IsType<CustomSection>(s).Name));
    }

    [Fact]
    public void Instance_export_references_inject_aliases()
    {
        var bytes = WatAssembler.Assemble("(component (import \"i\" (instance $i (export \"n\" (instance (export \"f\" (func)))))) (export \"x\" (func $i \"n\" \"f\")))");
        var aliases = ComponentReader.Read(bytes).Sections.OfType<AliasSection>().Single().Aliases;
        Assert.Equal(new Alias(Sort.Instance, new InstanceExportAlias(0, "n")), aliases[0]);
        Assert.Equal(new Alias(Sort.Func, new InstanceExportAlias(1, "f")), aliases[1]);
    }

    [Fact]
    public void Custom_sections_are_kept_in_place()
    {
        var bytes = WatAssembler.Assemble("(component (type u8) (@custom \"hello\" \"wor\" \"ld\") (type u16))");
        var sections = ComponentReader.Read(bytes).Sections;
        var custom = Assert.IsType<CustomSection>(sections[1]);
        Assert.Equal("hello", custom.Name);
        Assert.Equal("world"u8.ToArray(), custom.Data);
        Assert.Equal(3, sections.Count);
    }

    [Fact]
    public void Names_section_matches_the_reference_encoding()
    {
        const string text = "(component $top (import \"m\" (core module $m)) (core instance $ci (instantiate $m)) (core func $cf (alias core export $ci \"f\")) (core type $ct (func)) (type $t u32) (import \"f\" (func $f)) (component $c) (instance $i) (export $e \"e\" (func $f)))";
        var ours = WatAssembler.Assemble(text);
        Assert.Equal(Convert.ToHexString(Wasmtime.Module.ConvertText(text)), Convert.ToHexString(ours));
        // Text-level only: the imported module exports nothing, so the component is not valid; read it unvalidated.
        var names = ComponentReader.Read(ours, validate: false).Sections.OfType<CustomSection>().Single();
        Assert.Equal("component-name", names.Name);
    }

    [Fact]
    public void Name_annotations_name_items_in_place_of_ids()
    {
        const string text = "(component $top (@name \"the top\") (import \"m\" (core module $m (@name \"mod\"))) " +
            "(core instance $ci (@name \"ci!\") (instantiate $m)) (core func $cf (@name \"cf!\") (alias core export $ci \"f\")) " +
            "(alias core export $ci \"mem\" (core memory $mem (@name \"mem!\"))) (core type $ct (@name \"ct!\") (func)) " +
            "(type $t (@name \"t!\") u32) (import \"f\" (func $f (@name \"f!\"))) (component $c (@name \"c!\")) (instance $i (@name \"i!\")) " +
            "(func $g (@name \"g!\") (type 0) (canon lift (core func $cf))) (canon lower (func $f) (core func $lf (@name \"lf!\"))) " +
            "(export $e (@name \"e!\") \"e\" (func $f)))";
        Assert.Equal(Convert.ToHexString(Wasmtime.Module.ConvertText(text)), Convert.ToHexString(WatAssembler.Assemble(text)));
    }

    [Fact]
    public void Producers_section_matches_the_reference_encoding()
    {
        const string text = "(component (@producers (language \"x\" \"1\") (processed-by \"tool\" \"2.0\") (language \"y\" \"3\")) (type u8))";
        Assert.Equal(Convert.ToHexString(Wasmtime.Module.ConvertText(text)), Convert.ToHexString(WatAssembler.Assemble(text)));
    }

    [Fact]
    public void Binary_forms_are_taken_verbatim()
    {
        var component = WatAssembler.Assemble("(component)");
        Assert.Equal(component, WatAssembler.Assemble("(component binary \"\\00asm\" \"\\0d\\00\\01\\00\")"));
        // Not re-encoded: a padded LEB128 size stays as written.
        var padded = WatAssembler.Assemble("(component binary \"\\00asm\\0d\\00\\01\\00\" \"\\07\\81\\80\\80\\80\\00\\00\")");
        Assert.Equal(15, padded.Length);
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, WatAssembler.Assemble("(module binary \"\\00asm\\01\\00\\00\\00\")"));
        Assert.Equal(component, WatAssembler.Assemble("(component quote \"\")"));
        Assert.Equal(WatAssembler.Assemble("(component (type u8))"), WatAssembler.Assemble("(component quote \"(type\" \" u8)\")"));
    }

    [Theory]
    [InlineData("(component", 1, 11, "expected ')'")]
    [InlineData("(component (type $t u32) (type $t u8))", 1, 32, "duplicate type identifier $t")]
    [InlineData("(component\n  (type (list $nope)))", 2, 15, "unknown type: failed to find name `$nope`")]
    [InlineData("(component (type (record (field \"a\"))))", 1, 36, "unexpected end of list")]
    [InlineData("(component (import \"a\" (funk)))", 1, 24, "expected an extern descriptor, found `funk`")]
    [InlineData("(component (canon frobnicate))", 1, 19, "unknown canonical built-in `frobnicate`")]
    [InlineData("(component (type (func (result \"a\" u32))))", 1, 32, "named function results are not supported")]
    [InlineData("(component (type (list u8 4294967296)))", 1, 27, "u32 constant out of range")]
    [InlineData("(component (import \"\\ff\" (func)))", 1, 20, "malformed UTF-8 encoding")]
    [InlineData("(component (alias outer $nope 0 (type)))", 1, 25, "outer component `nope` not found")]
    [InlineData("(component (value $v u32 1))", 1, 12, "value definitions are not supported")]
    [InlineData("(component (type u8) x)", 1, 22, "unexpected token `x`, expected a component field")]
    [InlineData("(component) (component)", 1, 1, "expected a single `(component ...)` or `(module ...)`")]
    [InlineData("(component (canon lift (core func 0)))", 1, 37, "expected `(func ...)`")]
    [InlineData("(component (core func (canon lift (core func 0) (func (type 0)))))", 1, 23, "`canon lift` defines a component function, not a core function")]
    [InlineData("(component (alias export 0 \"x\" (sprocket)))", 1, 33, "unknown sort `sprocket`")]
    [InlineData("(component (alias core export 0 \"x\" (core thing)))", 1, 43, "unknown core sort `thing`")]
    [InlineData("(component (import \"f\" (func)) (component (import \"g\" (func (type $nope)))))", 1, 67, "unknown type: failed to find name `$nope`")]
    [InlineData("(component (import \"f\" (func $f)) (component (export \"g\" (func $f))))", 1, 64, "outer item `f` is not a module, type, or component")]
    [InlineData("(component (type (resource (rep i64))))", 1, 33, "expected keyword `i32`")]
    [InlineData("(component (type (flags a)))", 1, 25, "expected a string")]
    [InlineData("(component (import \"a\" (implements \"x:y/z\") (implements \"x:y/z\") (instance)))", 1, 45, "unexpected token: the name option is given twice")]
    [InlineData("(component (core type (func (param i128))))", 1, 36, "expected a core value type (i32, i64, f32, f64, v128 or a reference type)")]
    [InlineData("", 1, 1, "expected `(component ...)` or `(module ...)`")]
    public void Reports_errors_with_positions(string text, int line, int column, string problem)
    {
        var ex = Assert.Throws<WatException>(() => WatAssembler.Assemble(text, "t.wat"));
        Assert.Equal((problem, line, column), (ex.Problem, ex.Line, ex.Column));
        Assert.Equal("t.wat", ex.Path);
    }

    [Theory]
    [InlineData("(type ", "(list ", "u8", ")")]
    [InlineData("", "(component ", "", ")")]
    [InlineData("(type ", "(instance (type ", "u8", "))")]
    public void Deep_nesting_is_a_wat_exception(string head, string open, string inner, string close)
    {
        const int depth = 200_000;
        var text = "(component " + head + string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth)) + (head.Length > 0 ? ")" : "") + ")";
        // Run on a thread with a small stack so the check triggers the same way everywhere.
        Exception? caught = null;
        var thread = new System.Threading.Thread(() =>
        {
            try { WatAssembler.Assemble(text); }
            catch (Exception e) { caught = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        var ex = Assert.IsType<WatException>(caught);
        Assert.Equal("nesting too deep", ex.Problem);
    }

    [Fact]
    public void Malformed_embedded_binary_is_a_wat_exception()
    {
        var ex = Assert.Throws<WatException>(() => WatAssembler.Assemble("(component (component binary \"\\00asm\\0d\\00\\01\\00\\07\\05\"))"));
        Assert.StartsWith("cannot assemble:", ex.Problem);
    }

    [Theory]
    [InlineData("simple-wasm-text.wat", "a:b", "x")]
    [InlineData("kinds-of-deps/deps/d.wat", "d:d", "d")]
    public void Wit_parser_text_packages_decode(string file, string package, string iface)
    {
        var root = Conformance.PathOf("wit-parser", "ui");
        if (root is null) return;
        var path = Path.Combine(root, file);
        var resolve = WitBinaryDecoder.DecodePackage(WatAssembler.Assemble(File.ReadAllText(path), path));
        var pkg = Assert.Single(resolve.Packages);
        Assert.Equal(package, $"{pkg.Name.Namespace}:{pkg.Name.Name}");
        Assert.True(pkg.Interfaces.TryGetValue(iface, out var id));
        Assert.Equal(iface, resolve.Interfaces[id].Name);
    }
}
