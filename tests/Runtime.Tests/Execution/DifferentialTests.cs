using System;
using System.Globalization;
using System.IO;
using System.Linq;
using WitBindgen.Runtime;
using Xunit.Abstractions;
using ValueType = WitBindgen.Runtime.ValueKind;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Runs C kernels (tests/fixtures/c) on our engine and on Wasmtime and compares the results bit for bit.</summary>
public class DifferentialTests
{
    private const int Enosys = 52;

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output) => _output = output;

    // Fixture, export, arguments.
    public static readonly TheoryData<string, string, string[]> Kernels = new()
    {
        { "hash.wasm", "murmur", new[] { "12345", "100000" } },
        { "hash.wasm", "fnv64", new[] { "50000" } },
        { "hash.wasm", "divmix", new[] { "-987654321987", "3000" } },
        { "hash.wasm", "divmix", new[] { "9223372036854775807", "500" } },
        { "hash.wasm", "bits", new[] { "81985529216486895", "5000" } },
        { "nbody.wasm", "nbody", new[] { "20000" } },
        { "nbody.wasm", "floats", new[] { "20000" } },
        { "nbody.wasm", "conversions", new[] { "20000" } },
        { "matmul.wasm", "matmul", new[] { "60" } },
        { "matmul.wasm", "matmul_i32", new[] { "50" } },
        { "sieve.wasm", "sieve", new[] { "2000000" } },
        { "sort.wasm", "sort_checksum", new[] { "50000", "0" } },
        { "sort.wasm", "sort_checksum", new[] { "30000", "1" } },
        { "sort.wasm", "quicksort_checksum", new[] { "40000" } },
        { "sort.wasm", "strings", new[] { "3000" } },
        { "many-functions.wasm", "run", new[] { "5" } },
        { "many-functions.wasm", "run", new[] { "-123456" } },
        { "format.wasm", "format_numbers", new[] { "3000" } },
        { "format.wasm", "sort_strings", new[] { "20000" } },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesWasmtime(string fixture, string export, string[] args) => Compare(new Engine(), fixture, export, args);

    // The start-up options change how RyuJIT gets the generated methods (all at once on the thread pool; tiered, with
    // on-stack replacement in hot loops), never what they compute.
    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesWasmtimeWithEagerTieredCompilation(string fixture, string export, string[] args) =>
        Compare(new Engine(new EngineOptions { EagerCompilation = true, TieredCompilation = true }), fixture, export, args);

    private void Compare(Engine engine, string fixture, string export, string[] args)
    {
        var path = Fixtures.PathOf(fixture);
        if (path is null)
        {
            _output.WriteLine($"fixture {fixture} not available (clang-16 missing): not run");
            return;
        }
        var bytes = File.ReadAllBytes(path);

        var module = Module.FromBytes(engine, bytes);
        var linker = new Linker(engine);
        // printf-family code links fd_write/fd_seek/fd_close although it never calls them for strings:
        // both engines get stubs returning ENOSYS.
        foreach (var import in module.Imports)
            linker.DefineFunction(import.Module, import.Name, (WitBindgen.Runtime.Types.FuncType)import.Type,
                static (_, _, results) => results[0] = WasmValue.FromI32(Enosys));
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
