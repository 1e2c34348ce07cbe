using WitBindgen.Tests;
using System.Linq;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// An exported interface using types of an imported interface that contain handles (a record with an `own&lt;blob&gt;`
/// field, a variant with a `blob` case). Outer aliases may not reach types that contain resources, so, as
/// wit-component does, the wrapper component rebuilds each such type from its imported resources and imports it
/// under an `(eq ...)` bound, given the outer type.
/// </summary>
public sealed class ForeignHandleTypeTests
{
    private const string Wit = """
        package example:holders@0.1.0;

        interface types {
          resource blob {
            constructor(size: u32);
          }

          record holder {
            b: blob,
            tag: u32,
          }

          variant maybe-blob {
            none,
            some(blob),
          }
        }

        interface use-holders {
          use types.{blob, holder, maybe-blob};

          take: func(h: holder) -> u32;
          wrap: func(b: blob) -> maybe-blob;
          pair: func(a: holder, b: option<holder>) -> list<holder>;
        }

        world holders {
          import types;
          export use-holders;
        }
        """;

    private const string Core = """
        (module
          (import "example:holders/types@0.1.0" "[resource-drop]blob" (func $drop (param i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
          (func (export "example:holders/use-holders@0.1.0#take") (param i32 i32) (result i32)
            local.get 0 call $drop local.get 1)
          (func (export "example:holders/use-holders@0.1.0#wrap") (param i32) (result i32)
            i32.const 64 i32.const 1 i32.store8
            i32.const 68 local.get 0 i32.store
            i32.const 64)
          (func (export "example:holders/use-holders@0.1.0#pair") (param i32 i32 i32 i32 i32) (result i32)
            i32.const 128 i32.const 0 i32.store
            i32.const 132 i32.const 0 i32.store
            i32.const 128))
        """;

    private readonly ITestOutputHelper _output;

    public ForeignHandleTypeTests(ITestOutputHelper output) => _output = output;

    private static byte[] Build()
    {
        var load = WitLoader.LoadText("holders.wit", Wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var embedded = ComponentTypeSection.Embed(Wasmtime.Module.ConvertText(Core), load.Resolve!, load.SelectWorld("holders"));
        return Componentizer.Create(embedded);
    }

    [Fact]
    public void WasmtimeAcceptsTheWrapper()
    {
        var bytes = Build();
        ComponentReader.Read(bytes);
        using var engine = WasmtimeHost.NewEngine();
        using (Component.FromBytes(engine, bytes)) { }
    }

    [Fact]
    public void PrintedWitKeepsTheForeignTypes()
    {
        var text = ComponentWit.Print(Build());
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("holders.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("use types.{blob, holder, maybe-blob};", text);
        Assert.Contains("take: func(h: holder) -> u32;", text);
        Assert.Contains("wrap: func(b: blob) -> maybe-blob;", text);
        Assert.Contains("pair: func(a: holder, b: option<holder>) -> list<holder>;", text);
        Assert.Equal(3, reloaded.Resolve!.Interfaces.Single(i => i.Name == "use-holders").Functions.Count);
    }

    [Fact]
    public void WorldLevelImportedResourcesInExportedFunctions()
    {
        // A resource declared in the world (imported at the top level) used by world-level exported functions, and a
        // world-level `use` of an interface record holding a handle.
        const string wit = """
            package example:roots@0.1.0;

            interface types {
              resource blob;
              record holder {
                b: blob,
              }
            }

            world roots {
              use types.{holder};
              resource handle {
                id: func() -> u32;
              }
              export touch: func(h: borrow<handle>) -> u32;
              export keep: func(h: holder) -> u32;
            }
            """;
        const string core = """
            (module
              (import "$root" "[method]handle.id" (func $id (param i32) (result i32)))
              (import "$root" "[resource-drop]handle" (func $drop (param i32)))
              (import "example:roots/types@0.1.0" "[resource-drop]blob" (func $drop_blob (param i32)))
              (memory (export "memory") 1)
              (func (export "touch") (param i32) (result i32) local.get 0 call $id)
              (func (export "keep") (param i32) (result i32) local.get 0 call $drop_blob i32.const 1))
            """;
        var load = WitLoader.LoadText("roots.wit", wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var bytes = Componentizer.Create(ComponentTypeSection.Embed(Wasmtime.Module.ConvertText(core), load.Resolve!, load.SelectWorld("roots")));
        ComponentReader.Read(bytes);
        using (var engine = WasmtimeHost.NewEngine())
        using (Component.FromBytes(engine, bytes)) { }
        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("roots.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("export touch: func(h: borrow<handle>) -> u32;", text);
        Assert.Contains("export keep: func(h: holder) -> u32;", text);
    }
}
