using System;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Decode, validation, link and trap errors all derive from <see cref="WasmException"/>: one catch.</summary>
public sealed class ExceptionFamilyTests
{
    private static WasmException Caught(Action action)
    {
        try
        {
            action();
        }
        catch (WasmException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("no WasmException thrown");
    }

    [Fact]
    public void EveryStageThrowsAWasmException()
    {
        var engine = new Engine();
        // Truncated LEB128 in a header-only module: a decode error.
        Assert.IsType<WasmDecodeException>(Caught(() => Module.FromBytes(engine, new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 0x80 })));
        // (func (result i32)) with an empty body: a validation error.
        Assert.IsType<WasmValidationException>(Caught(() => Module.FromBytes(engine, Wat.ToBinary("(module (func (result i32)))"))));
        var store = new Store(engine);
        var importing = Module.FromBytes(engine, Wat.ToBinary("(module (import \"env\" \"f\" (func)))"));
        Assert.IsType<LinkException>(Caught(() => new Linker(engine).Instantiate(store, importing)));
        var trapping = Module.FromBytes(engine, Wat.ToBinary("(module (func (export \"t\") unreachable))"));
        var instance = new Linker(engine).Instantiate(store, trapping);
        Assert.IsType<Trap>(Caught(() => instance.GetFunction("t")!.Invoke(Array.Empty<WasmValue>())));
    }
}
