using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Creates dynamic assemblies allowed to use the internals of this assembly and of WitBindgen.CoreWasm: collectible by
/// default; non-collectible ones are only for code that should tier (RyuJIT does not tier collectible code).
/// </summary>
internal static class DynamicAssemblies
{
    private static int _counter;

    public static ModuleBuilder Create(string prefix, bool collectible = true)
    {
        var name = new AssemblyName($"{prefix}{Interlocked.Increment(ref _counter)}");
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, collectible ? AssemblyBuilderAccess.RunAndCollect : AssemblyBuilderAccess.Run);
        var ctor = typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor(new[] { typeof(string) })!;
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { typeof(DynamicAssemblies).Assembly.GetName().Name! }));
        // The decoded model (opcodes, value types) lives in WitBindgen.CoreWasm; generated code may name its internals too.
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { typeof(CoreWasm.WasmException).Assembly.GetName().Name! }));
        return assembly.DefineDynamicModule(name.Name!);
    }
}
