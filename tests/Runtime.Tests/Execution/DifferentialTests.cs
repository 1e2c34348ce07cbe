using System;
using System.Globalization;
using System.IO;
using System.Linq;
using WitBindgen.Runtime;
using Xunit.Abstractions;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Runs C kernels (tests/fixtures/c) on our engine and on Wasmtime and compares the results bit for bit.</summary>
public class DifferentialTests
{
    private const int Enosys = 52;

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("hash.wasm", "murmur", "12345", "100000")]
    [InlineData("hash.wasm", "fnv64", "50000")]
    [InlineData("hash.wasm", "divmix", "-987654321987", "3000")]
    [InlineData("hash.wasm", "divmix", "9223372036854775807", "500")]
    [InlineData("hash.wasm", "bits", "81985529216486895", "5000")]
    [InlineData("nbody.wasm", "nbody", "20000")]
    [InlineData("nbody.wasm", "floats", "20000")]
    [InlineData("nbody.wasm", "conversions", "20000")]
    [InlineData("matmul.wasm", "matmul", "60")]
    [InlineData("matmul.wasm", "matmul_i32", "50")]
    [InlineData("sieve.wasm", "sieve", "2000000")]
    [InlineData("sort.wasm", "sort_checksum", "50000", "0")]
    [InlineData("sort.wasm", "sort_checksum", "30000", "1")]
    [InlineData("sort.wasm", "quicksort_checksum", "40000")]
    [InlineData("sort.wasm", "strings", "3000")]
    [InlineData("many-functions.wasm", "run", "5")]
    [InlineData("many-functions.wasm", "run", "-123456")]
    [InlineData("format.wasm", "format_numbers", "3000")]
    [InlineData("format.wasm", "sort_strings", "20000")]
    public void MatchesWasmtime(string fixture, string export, params string[] args)
    {
        var path = Fixtures.PathOf(fixture);
        if (path is null)
        {
            _output.WriteLine($"fixture {fixture} not available (clang-16 missing): not run");
            return;
        }
        var bytes = File.ReadAllBytes(path);

        var engine = new Engine();
        var module = Module.FromBytes(engine, bytes);
        var linker = new Linker(engine);
        // printf-family code links fd_write/fd_seek/fd_close although it never calls them for strings:
        // both engines get stubs returning ENOSYS.
        foreach (var import in module.Imports)
            linker.DefineFunction(import.Module, import.Name, (WitBindgen.CoreWasm.Modules.FunctionType)import.Type,
                static (_, results) => results[0] = WasmValue.FromI32(Enosys));
        var instance = linker.Instantiate(new Store(engine), module);
        var function = instance.GetFunction(export)!;
        var ours = function.Invoke(function.Type.Params.Select((t, i) => Parse(t, args[i])).ToArray());

        using var wtEngine = new Wasmtime.Engine();
        using var wtModule = Wasmtime.Module.FromBytes(wtEngine, fixture, bytes);
        using var wtLinker = new Wasmtime.Linker(wtEngine);
        wtLinker.DefineFunction("wasi_snapshot_preview1", "fd_close", (int fd) => Enosys);
        wtLinker.DefineFunction("wasi_snapshot_preview1", "fd_seek", (int fd, long offset, int whence, int result) => Enosys);
        wtLinker.DefineFunction("wasi_snapshot_preview1", "fd_write", (int fd, int iovs, int count, int written) => Enosys);
        using var wtStore = new Wasmtime.Store(wtEngine);
        var wtInstance = wtLinker.Instantiate(wtStore, wtModule);
        var wtFunction = wtInstance.GetFunction(export)!;
        var theirs = wtFunction.Invoke(function.Type.Params.Select((t, i) => Box(t, args[i])).ToArray());

        Assert.Single(ours);
        var expected = Bits(theirs);
        _output.WriteLine($"{fixture} {export}({string.Join(", ", args)}) = {ours[0]} (wasmtime: {theirs})");
        Assert.Equal(expected, ours[0].Bits);
    }

    private static WasmValue Parse(ValueType type, string text) => type switch
    {
        ValueType.I32 => WasmValue.FromI32(int.Parse(text, CultureInfo.InvariantCulture)),
        ValueType.I64 => WasmValue.FromI64(long.Parse(text, CultureInfo.InvariantCulture)),
        ValueType.F32 => WasmValue.FromF32(float.Parse(text, CultureInfo.InvariantCulture)),
        _ => WasmValue.FromF64(double.Parse(text, CultureInfo.InvariantCulture)),
    };

    private static Wasmtime.ValueBox Box(ValueType type, string text) => type switch
    {
        ValueType.I32 => (Wasmtime.ValueBox)int.Parse(text, CultureInfo.InvariantCulture),
        ValueType.I64 => (Wasmtime.ValueBox)long.Parse(text, CultureInfo.InvariantCulture),
        ValueType.F32 => (Wasmtime.ValueBox)float.Parse(text, CultureInfo.InvariantCulture),
        _ => (Wasmtime.ValueBox)double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static long Bits(object? value) => value switch
    {
        int i => (uint)i,
        long l => l,
        float f => (uint)BitConverter.SingleToInt32Bits(f),
        double d => BitConverter.DoubleToInt64Bits(d),
        _ => throw new InvalidOperationException($"unexpected wasmtime result {value}"),
    };
}
