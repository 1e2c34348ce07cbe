using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Assembles component text with Wasmtime and reads it with validation.</summary>
internal static class ValidationAssert
{
    public static ComponentBinary Accepts(string wat) => ComponentReader.Read(Wasmtime.Module.ConvertText(wat));

    /// <summary>Asserts the component is rejected with a message containing <paramref name="problem"/>.</summary>
    public static ComponentFormatException Rejects(string wat, string problem, string? section = null)
    {
        var bytes = Wasmtime.Module.ConvertText(wat);
        var e = Assert.Throws<ComponentFormatException>(() => ComponentReader.Read(bytes));
        Assert.Contains(problem, e.Message);
        if (section is not null) Assert.Equal(section, e.Section);
        Assert.InRange(e.Offset, 8, bytes.Length);
        // Decoding WIT reads without validation: the rules here are the validator's.
        return e;
    }
}
