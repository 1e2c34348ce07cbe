using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.Runtime.Tests.Execution;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>A WAT module through CoreWasm's reader and validator, for the validation tests of each proposal.</summary>
internal static class CoreValidation
{
    /// <summary>The module, read and validated.</summary>
    public static ModuleDefinition Validated(string text)
    {
        var module = ModuleReader.Read(Wat.ToBinary(text));
        ModuleValidator.Validate(module);
        return module;
    }

    /// <summary>The reason validation rejects the module (fails the test when it is accepted).</summary>
    public static string Invalid(string text)
    {
        var module = ModuleReader.Read(Wat.ToBinary(text));
        return Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module)).Reason;
    }
}
