using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>Assembles component text with Wasmtime and reads it with validation.</summary>
internal static class ValidationAssert
{
    private static readonly Wasmtime.Engine Engine = new(new Wasmtime.Config().WithComponentModel(true));

    /// <summary>
    /// Reads a component that must be valid; Wasmtime, the reference engine, must load it too unless it uses a
    /// feature Wasmtime.Dotnet cannot enable or load (<paramref name="wasmtimeCannotLoad"/>: implements, values, fixed
    /// lists, re-exported imported functions).
    /// </summary>
    public static ComponentBinary Accepts(string wat, bool wasmtimeCannotLoad = false)
    {
        var bytes = Wasmtime.Module.ConvertText(wat);
        var binary = ComponentReader.Read(bytes);
        if (!wasmtimeCannotLoad)
            Assert.True(WasmtimeAcceptanceTests.TryLoad(Engine, bytes, out var error), "Wasmtime rejects a component the test calls valid: " + error);
        return binary;
    }

    /// <summary>Whether Wasmtime rejects the component as well (for tests of rules it implements).</summary>
    public static bool WasmtimeRejects(string wat) => !WasmtimeAcceptanceTests.TryLoad(Engine, Wasmtime.Module.ConvertText(wat), out _);

    /// <summary>
    /// Asserts the component is rejected with a message containing <paramref name="problem"/> (and, when given, in
    /// <paramref name="section"/>); Wasmtime must reject it as well.
    /// </summary>
    public static ComponentFormatException Rejects(string wat, string problem, string? section = null)
    {
        var bytes = Wasmtime.Module.ConvertText(wat);
        var e = Assert.Throws<ComponentFormatException>(() => ComponentReader.Read(bytes));
        Assert.Contains(problem, e.Message);
        if (section is not null) Assert.Equal(section, e.Section);
        Assert.InRange(e.Offset, 8, bytes.Length);
        Assert.True(WasmtimeRejects(wat), "Wasmtime loads a component the test calls invalid");
        return e;
    }
}
