using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Creates collectible dynamic assemblies allowed to use the internals of this assembly and of WitBindgen.CoreWasm.</summary>
internal static class DynamicAssemblies
{
    private static int _counter;

    public static ModuleBuilder Create(string prefix)
    {
        var name = new AssemblyName($"{prefix}{Interlocked.Increment(ref _counter)}");
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect);
        var ctor = typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor(new[] { typeof(string) })!;
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { typeof(DynamicAssemblies).Assembly.GetName().Name! }));
        // The decoded model (opcodes, value types) lives in WitBindgen.CoreWasm; generated code may name its internals too.
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { typeof(CoreWasm.WasmException).Assembly.GetName().Name! }));
        return assembly.DefineDynamicModule(name.Name!);
    }
}
