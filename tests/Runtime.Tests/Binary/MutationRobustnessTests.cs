using System;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>Corrupted binaries are rejected with the documented exception types, never a crash.</summary>
public sealed class MutationRobustnessTests
{
    private const string Sample = """
        (module
          (type $t (func (param i32) (result i32)))
          (import "env" "f" (func $imp (type $t)))
          (import "env" "g" (global $g i32))
          (table $tab 4 10 funcref)
          (memory 1 2)
          (global $m (mut i64) (i64.const 5))
          (global i32 (i32.add (global.get $g) (i32.const 1)))
          (export "run" (func $run))
          (export "mem" (memory 0))
          (elem (i32.const 0) $run $imp)
          (elem declare func $run)
          (data (i32.const 8) "hello")
          (data "passive")
          (func $run (param i32) (result i32) (local f64 v128)
            (block $b (result i32)
              (loop $l
                (br_if $l (i32.eqz (local.get 0)))
                (br_table $b $b (i32.const 1) (local.get 0)))
              (i32.const 7))
            (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))
            (i32.add)
            (call_indirect (type $t) (i32.const 0))
            (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 1))
            (drop (ref.func $run))
            (select (i32.const 1) (i32.const 2) (local.get 0))
            (i32.add)
            (i64.store offset=4 align=8 (i32.const 0) (global.get $m))
            (f64.store (i32.const 16) (f64.const 1.5))))
        """;

    [Fact]
    public void SampleIsValid()
    {
        var module = ModuleReader.Read(Wasmtime.Module.ConvertText(Sample));
        ModuleValidator.Validate(module);
        Assert.Equal(2, module.Codes.Length + module.ImportedFunctionCount);
    }

    [Fact]
    public void MutatedBinariesOnlyThrowDocumentedExceptions()
    {
        var original = Wasmtime.Module.ConvertText(Sample);
        var random = new Random(12345);
        var rejected = 0;
        for (var round = 0; round < 20000; round++)
        {
            var bytes = (byte[])original.Clone();
            var edits = 1 + random.Next(3);
            for (var e = 0; e < edits; e++)
            {
                var at = 8 + random.Next(bytes.Length - 8);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    default: Array.Resize(ref bytes, at); break;
                }
                if (bytes.Length <= 8) break;
            }
            try
            {
                var module = ModuleReader.Read(bytes);
                ModuleValidator.Validate(module);
            }
            catch (WasmDecodeException)
            {
                rejected++;
            }
            catch (WasmValidationException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 1000, $"only {rejected} mutations rejected");
    }
}
