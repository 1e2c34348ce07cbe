using System;
using System.Linq;
using WitBindgen.CoreWasm;
using WitBindgen.Runtime.Tests.Execution;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>
/// Never a host crash on the WebAssembly 3.0 encodings: random byte mutations of modules using typed function
/// references, relaxed SIMD, memory64/table64 and GC are rejected with a <see cref="WasmException"/> (decode, validation, unsupported
/// feature, link) or compile and run with traps only (a null argument for a non-null parameter is refused
/// with an ArgumentException by Function.Invoke).
/// (Tail calls: TailCallTests.)
/// </summary>
public class NewEncodingMutationTests
{
    private readonly ITestOutputHelper _output;

    public NewEncodingMutationTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("function references", 1)]
    [InlineData("relaxed SIMD", 2)]
    [InlineData("call_ref program", 3)]
    [InlineData("memory64/table64 program", 4)]
    [InlineData("GC types and instructions", 5)]
    public void MutationsFailOnlyWithDocumentedExceptions(string what, int seed)
    {
        var original = Wat.ToBinary(seed switch
        {
            1 => FunctionReferencesTests.Valid,
            2 => RelaxedSimdTests.Source,
            4 => Memory64Tests.Program,
            5 => GcValidationTests.Valid,
            _ => FunctionReferenceExecutionTests.Program,
        });
        var random = new Random(20261207 + seed);
        var engine = new Engine(new EngineOptions { ConsumeFuel = true });
        int rejected = 0, ran = 0, trapped = 0, refused = 0;
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var bytes = (byte[])original.Clone();
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                var at = random.Next(8, bytes.Length);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }
            try
            {
                var module = Module.FromBytes(engine, bytes);
                var linker = new Linker(engine);
                var instance = linker.Instantiate(new Store(engine) { Fuel = 1_000_000 }, module);
                foreach (var function in instance.Exports.Values.OfType<Function>())
                    function.Invoke(function.Type.Params.Select(WasmValue.Default).ToArray());
                ran++;
            }
            catch (WasmException e) when (e is CoreWasm.Binary.WasmDecodeException or CoreWasm.Validation.WasmValidationException)
            {
                rejected++;
            }
            catch (WasmException)
            {
                trapped++;
            }
            catch (ArgumentException e) when (e.Message.Contains("does not fit the parameter type", StringComparison.Ordinal))
            {
                // Default arguments for a non-null typed reference parameter: refused before the call.
                refused++;
            }
        }
        _output.WriteLine($"{what}: rejected {rejected}, ran {ran}, trapped or unlinkable {trapped}, arguments refused {refused}");
        Assert.Equal(400, rejected + ran + trapped + refused);
        Assert.True(rejected > 0);
    }
}
