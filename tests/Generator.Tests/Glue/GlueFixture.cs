using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using WitBindgen.Bindings.Abi;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Tests.Glue;

/// <summary>
/// Compiles the kitchen-sink guest bindings plus a harness (imports routed to hooks) into an
/// in-memory assembly, and provides a test linear memory: a pinned buffer that both the generated
/// glue (through <see cref="LinearMemory.Base"/>) and the reference canonical ABI of
/// WitBindgen.ComponentModel (through <see cref="ArrayAbiMemory"/>) read and write.
/// </summary>
public unsafe class GlueFixture : IDisposable
{
    private readonly byte[] _bytes = GC.AllocateArray<byte>(1 << 20, pinned: true);
    private int _next = 16;

    public GlueFixture() : this(exceptions: false) { }

    /// <summary>With <paramref name="exceptions"/>, <c>api#maybe</c> and <c>types#lookup</c> use exception style.</summary>
    protected GlueFixture(bool exceptions)
    {
        (Resolve, World) = Samples.KitchenSink();
        var options = exceptions
            ? new BindingOptions { ExceptionsFor = new[] { "test:pkg/api#maybe", "test:pkg/types#lookup" }.ToEquatableArray() }
            : new BindingOptions();
        var result = WitBindingsGenerator.Generate(Resolve, World, options);
        if (!result.Success) throw new InvalidOperationException(string.Join("; ", result.Diagnostics));
        string harness;
        using (var s = typeof(GlueFixture).Assembly.GetManifestResourceStream("GlueHarness.cs")!)
        using (var r = new StreamReader(s)) harness = r.ReadToEnd();
        var files = result.Files.Select(f => (f.HintName, f.Text)).Append(("GlueHarness.cs", harness));
        var compilation = RoslynCompiler.Create(files, "GlueHarness" + Guid.NewGuid().ToString("N"), hooks: true, extraSymbols: exceptions ? new[] { "EXCEPTIONS" } : null);
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        if (!emit.Success) throw new InvalidOperationException(RoslynCompiler.Format(emit.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)));
        Assembly = Assembly.Load(pe.ToArray());
        Glue = Assembly.GetType("Harness.Glue")!;
        Memory = new ArrayAbiMemory(_bytes);
        Cx = new CanonicalOptions(Memory, Realloc);
        Layouts = new ValTypeBuilder(Resolve);
    }

    public Resolve Resolve { get; }
    public Id<World> World { get; }
    public Assembly Assembly { get; }
    public Type Glue { get; }
    public ArrayAbiMemory Memory { get; }
    public CanonicalOptions Cx { get; }
    public ValTypeBuilder Layouts { get; }

    /// <summary>Addresses of blocks allocated and not yet freed.</summary>
    public HashSet<int> Live { get; } = new();
    /// <summary>Frees of blocks that were not live (double frees, wild frees).</summary>
    public List<int> BadFrees { get; } = new();

    /// <summary>Points the glue at the test memory.</summary>
    public void Attach()
    {
        LinearMemory.Base = (byte*)Unsafe.AsPointer(ref _bytes[0]);
        LinearMemory.AllocHook = Alloc;
        LinearMemory.FreeHook = Free;
        Live.Clear();
        BadFrees.Clear();
    }

    public FunctionAbiPlan Plan(string iface, string function)
    {
        var id = Resolve.Packages[Resolve.Worlds[World].Package].Interfaces[iface];
        return FunctionAbiPlan.FromWit(Layouts, Resolve.Interfaces[id].Functions[function]);
    }

    public object? Invoke(string method, params object?[] args) => Glue.GetMethod(method)!.Invoke(null, args);

    private int Alloc(int size, int alignment)
    {
        if (size == 0) return alignment;
        _next = (_next + alignment - 1) & ~(alignment - 1);
        int address = _next;
        _next += size;
        if (_next > _bytes.Length) throw new InvalidOperationException("test memory exhausted");
        Live.Add(address);
        return address;
    }

    private uint Realloc(uint oldPtr, uint oldSize, uint alignment, uint newSize)
    {
        int fresh = Alloc((int)newSize, (int)alignment);
        if (oldPtr != 0 && oldSize != 0)
        {
            Array.Copy(_bytes, (int)oldPtr, _bytes, fresh, (int)Math.Min(oldSize, newSize));
            Free((int)oldPtr);
        }
        return (uint)fresh;
    }

    private void Free(int address)
    {
        if (!Live.Remove(address)) BadFrees.Add(address);
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        LinearMemory.Base = null;
        LinearMemory.AllocHook = null;
        LinearMemory.FreeHook = null;
    }
}

/// <summary>The same harness with exception-style bindings for two functions.</summary>
public sealed class ExceptionsGlueFixture : GlueFixture
{
    public ExceptionsGlueFixture() : base(exceptions: true) { }
}
