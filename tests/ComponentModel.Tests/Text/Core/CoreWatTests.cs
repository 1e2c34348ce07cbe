using System.Text;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Tests.Text.Core;

/// <summary>CoreWasm's own entry for core module text (no component assembler involved).</summary>
public class CoreWatTests
{
    private const string Module = "(module (func (export \"f\") (result i32) i32.const 7))";

    [Fact]
    public void Assembles_what_the_component_assembler_assembles()
    {
        Assert.Equal(WatAssembler.Assemble(Module), CoreWat.Assemble(Module));
        Assert.Equal(WatAssembler.Assemble(Module), CoreWat.Assemble(Encoding.UTF8.GetBytes(Module)));
    }

    [Fact]
    public void Bare_fields_are_a_module()
    {
        var module = ModuleReader.Read(CoreWat.Assemble("(memory 1) (func)"));
        Assert.Single(module.Memories);
        Assert.Single(module.Codes);
    }

    [Fact]
    public void Binary_and_quoted_modules()
    {
        var binary = CoreWat.Assemble("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")");
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0 }, binary);
        Assert.Equal(CoreWat.Assemble("(module (memory 1))"), CoreWat.Assemble("(module quote \"(memory 1)\")"));
    }

    [Fact]
    public void A_component_or_nothing_is_reported_with_its_position()
    {
        var component = Assert.Throws<WatException>(() => CoreWat.Assemble("\n  (component)", "c.wat"));
        Assert.Equal("c.wat:2:3: expected a single `(module ...)`", component.Message);
        var empty = Assert.Throws<WatException>(() => CoreWat.Assemble(";; nothing", "e.wat"));
        Assert.Equal("expected `(module ...)`", empty.Problem);
        Assert.Equal(("e.wat", 1, 1), (empty.Path, empty.Line, empty.Column));
    }

    [Fact]
    public void Binary_input_passes_through_and_text_is_assembled()
    {
        var binary = CoreWat.Assemble(Module);
        Assert.Same(binary, CoreWat.ToBinary(binary));
        Assert.Equal(binary, CoreWat.ToBinary(Encoding.UTF8.GetBytes("  " + Module)));
    }

    [Fact]
    public void Unforeseen_failures_surface_as_WatException()
    {
        var e = Assert.Throws<WatException>(() => CoreWat.Guard(() => throw new System.InvalidOperationException("boom"), "g.wat"));
        Assert.Equal("g.wat:1:1: cannot assemble: boom", e.Message);
        Assert.Throws<System.NotSupportedException>(() => CoreWat.Guard(() => throw new System.NotSupportedException(), "g.wat"));
    }
}
