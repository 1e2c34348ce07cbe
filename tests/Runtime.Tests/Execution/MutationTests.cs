using System;
using System.IO;
using System.Linq;
using WitBindgen.Runtime;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using Xunit.Abstractions;
using ValueType = WitBindgen.Runtime.ValueKind;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Never-crash check: randomly mutated fixture binaries either fail with the documented exceptions
/// (decode/validation errors, link errors) or compile, instantiate and run with traps only.
/// </summary>
public class MutationTests
{
    private readonly ITestOutputHelper _output;

    public MutationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedModulesFailOnlyWithDocumentedExceptions()
    {
        var path = Fixtures.PathOf("hash.wasm");
        if (path is null)
        {
            _output.WriteLine("fixtures not available (clang-16 missing): not run");
            return;
        }
        var files = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.wasm").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var random = new Random(20261124);
        var engine = new Engine(new EngineOptions { ConsumeFuel = true });
        int rejected = 0, compiled = 0, calls = 0, traps = 0;
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var bytes = File.ReadAllBytes(files[random.Next(files.Length)]);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(8, bytes.Length);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }
            Module module;
            try
            {
                module = Module.FromBytes(engine, bytes);
            }
            catch (Exception e) when (e is WasmDecodeException or WasmValidationException)
            {
                rejected++;
                continue;
            }
            compiled++;
            var linker = new Linker(engine);
            foreach (var import in module.Imports)
                if (import.Type is WitBindgen.Runtime.Types.FuncType type)
                    linker.DefineFunction(import.Module, import.Name, type, (_, _, results) =>
                    {
                        for (var i = 0; i < results.Length; i++) results[i] = WasmValue.Default(type.Results[i]);
                    });
            var store = new Store(engine) { Fuel = 1_000_000 };
            Instance instance;
            try
            {
                instance = linker.Instantiate(store, module);
            }
            catch (Exception e) when (e is Trap or LinkException)
            {
                traps++;
                continue;
            }
            foreach (var function in instance.Exports.Values.OfType<Function>())
            {
                var args = function.Type.Params.Select(t => t switch
                {
                    ValueType.I32 => WasmValue.FromI32(random.Next(-5, 5000)),
                    ValueType.I64 => WasmValue.FromI64(random.Next(-5, 5000)),
                    ValueType.F32 => WasmValue.FromF32(random.Next(100)),
                    ValueType.F64 => WasmValue.FromF64(random.Next(100)),
                    _ => WasmValue.Default(t),
                }).ToArray();
                store.Fuel = 1_000_000;
                try
                {
                    function.Invoke(args);
                    calls++;
                }
                catch (Trap)
                {
                    traps++;
                }
            }
        }
        _output.WriteLine($"rejected {rejected}, compiled {compiled}, completed calls {calls}, traps {traps}");
        Assert.True(compiled > 0 && calls > 0, "no mutated module ran");
    }
}
