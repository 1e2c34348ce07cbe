using System;
using System.IO;
using System.Linq;
using System.Reflection;
using WitBindgen.Bindings.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using Xunit;

namespace WitBindgen.Generator.Tests.Glue;

/// <summary>
/// Guest bindings compiled as they ship (real <c>DllImport</c>/<c>WasmImportLinkage</c> externs, no test hooks)
/// and called in an ordinary .NET process: every import throws a clear PlatformNotSupportedException before
/// touching memory or the missing import, instead of an AccessViolationException or DllNotFoundException.
/// In the LinearMemory collection: the glue tests point <see cref="LinearMemory.Base"/> at a test buffer.
/// </summary>
[Collection(LinearMemoryCollection.Name)]
public sealed class OutsideWasmTests
{
    private static readonly Lazy<Assembly> Bindings = new(() =>
    {
        var (resolve, world) = Samples.KitchenSink();
        var result = WitBindingsGenerator.Generate(resolve, world, new BindingOptions());
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var compilation = RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), "OutsideWasm" + Guid.NewGuid().ToString("N"), hooks: false);
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        Assert.True(emit.Success, RoslynCompiler.Format(emit.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)));
        return Assembly.Load(pe.ToArray());
    });

    [Theory]
    [InlineData("Add", new object[] { 1u, 2u })]          // scalars only: straight to the extern
    [InlineData("Lookup", new object[] { "key" })]         // a string parameter: lowered into linear memory first
    public void Calling_an_import_outside_wasm_throws_PlatformNotSupportedException(string method, object[] args)
    {
        Assert.False(LinearMemory.IsWasmGuest);
        var type = Bindings.Value.GetTypes().Single(t => t.GetMethod(method, BindingFlags.Public | BindingFlags.Static) is { } m && t.Name.EndsWith("Imports", StringComparison.Ordinal));
        var e = Assert.Throws<TargetInvocationException>(() => type.GetMethod(method)!.Invoke(null, args));
        var pnse = Assert.IsType<PlatformNotSupportedException>(e.InnerException);
        Assert.Contains("WebAssembly component", pnse.Message, StringComparison.Ordinal);
        Assert.Contains("Mode=\"host\"", pnse.Message, StringComparison.Ordinal);
        Assert.Equal(0, LinearMemory.PendingCount);
    }
}
