using System.Linq;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Test helpers: assemble text with Wasmtime (test-only) and run it on our engine.</summary>
internal static class Wat
{
    public static readonly Engine Engine = new();

    public static byte[] ToBinary(string text) => Wasmtime.Module.ConvertText(text);

    public static Module Compile(string text) => Module.FromBytes(Engine, ToBinary(text));

    public static Instance Instantiate(string text, Store? store = null, Linker? linker = null) =>
        (linker ?? new Linker(Engine)).Instantiate(store ?? new Store(Engine), Compile(text));

    public static WasmValue[] Call(this Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(args);

    public static int I32(this Instance instance, string name, params int[] args) =>
        instance.Call(name, args.Select(WasmValue.FromI32).ToArray())[0].I32;

    public static Trap Traps(this Instance instance, string name, params WasmValue[] args) =>
        Assert.Throws<Trap>(() => instance.Call(name, args));
}
