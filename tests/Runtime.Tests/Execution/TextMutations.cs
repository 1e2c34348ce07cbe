using System;
using System.Linq;
using WitBindgen.CoreWasm;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Never-crash runs over mutated copies of one module text: each copy is rejected, or links and runs
/// every export (fuel-bounded) ending normally or with a documented <see cref="WasmException"/>.</summary>
internal static class TextMutations
{
    /// <summary>The counts (rejected, ran, trapped or failed to link). Mutations are biased towards
    /// <paramref name="opcodes"/> (the encodings under test); <paramref name="run"/> runs a copy (e.g. on a small stack).</summary>
    public static (int Rejected, int Ran, int Trapped) Run(string text, byte[] opcodes, int seed, int iterations, Func<Func<int>, int> run)
    {
        var original = Wat.ToBinary(text);
        var random = new Random(seed);
        var engine = new Engine(new EngineOptions { ConsumeFuel = true });
        int rejected = 0, ran = 0, trapped = 0;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var bytes = (byte[])original.Clone();
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                var at = random.Next(8, bytes.Length);
                var choice = random.Next(opcodes.Length + 2);
                bytes[at] = choice < opcodes.Length ? opcodes[choice]
                    : choice == opcodes.Length ? (byte)random.Next(256)
                    : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }
            Module module;
            try
            {
                module = Module.FromBytes(engine, bytes);
            }
            catch (WasmException)
            {
                rejected++;
                continue;
            }
            var linker = new Linker(engine);
            var store = new Store(engine) { Fuel = 2_000_000 };
            foreach (var import in module.Imports)
            {
                if (import.Type is Types.FuncType type)
                    linker.DefineFunction(import.Module, import.Name, type, (_, _, results) =>
                    {
                        for (var i = 0; i < results.Length; i++) results[i] = WasmValue.Default(type.Results[i]);
                    });
                else if (import.Type is Types.TagType tag)
                    linker.Define(import.Module, import.Name, new Tag(store, tag.Payload));
            }
            var outcome = run(() =>
            {
                try
                {
                    var instance = linker.Instantiate(store, module);
                    foreach (var function in instance.Exports.Values.OfType<Function>())
                        function.Invoke(function.Type.Params.Select(t => t == ValueKind.I32 ? WasmValue.FromI32(1000) : WasmValue.Default(t)).ToArray());
                    return 0;
                }
                catch (WasmException)
                {
                    return 1;
                }
            });
            if (outcome == 0) ran++;
            else trapped++;
        }
        return (rejected, ran, trapped);
    }
}
