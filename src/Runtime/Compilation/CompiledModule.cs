using System;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// A module compiled to collectible types with one static method <c>f{index}</c> per defined function, at most
/// <see cref="MethodsPerType"/> per type (the CLR refuses a type with more than 65,535 methods; wasm allows a million
/// functions).
/// </summary>
internal sealed class CompiledModule
{
    private static readonly ConditionalWeakTable<Type, CompiledModule> ByType = new();

    /// <summary>How many functions one generated type holds.</summary>
    internal const int MethodsPerType = 32768;

    private CompiledModule(ModuleDefinition definition, Type type, IntPtr[] pointers, ImmutableArray<FunctionType> functionTypes, int[] typeIds)
    {
        TypeIds = typeIds;
        Definition = definition;
        Type = type;
        FunctionPointers = pointers;
        FunctionTypes = functionTypes;
    }

    public ModuleDefinition Definition { get; }

    /// <summary>Canonical id (TypeRegistry) of every type of the module, by type index.</summary>
    public int[] TypeIds { get; }

    /// <summary>The first generated type (keeps the collectible assembly alive).</summary>
    public Type Type { get; }

    /// <summary>Entry points of module-defined functions.</summary>
    public IntPtr[] FunctionPointers { get; }

    public ImmutableArray<FunctionType> FunctionTypes { get; }

    public static CompiledModule Compile(ValidatedModule validated, EngineOptions options)
    {
        var definition = validated.Definition;
        var moduleBuilder = DynamicAssemblies.Create("WasmModule", collectible: !options.TieredCompilation);
        var imported = definition.ImportedFunctionCount;
        var methods = new MethodBuilder[definition.Functions.Length];
        var typeBuilders = new TypeBuilder[Math.Max(1, (methods.Length + MethodsPerType - 1) / MethodsPerType)];
        for (var t = 0; t < typeBuilders.Length; t++)
            typeBuilders[t] = moduleBuilder.DefineType(t == 0 ? "Module" : "Module" + t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        for (var i = 0; i < methods.Length; i++)
        {
            var type = definition.Types[(int)definition.Functions[i]];
            methods[i] = typeBuilders[i / MethodsPerType].DefineMethod(MethodName(imported + i), MethodAttributes.Public | MethodAttributes.Static,
                ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type));
            // Not inlined: a .NET stack trace has no frame for an inlined method, so a trap's backtrace would lose
            // the wasm function RyuJIT folded into its caller (tier-0 code never inlines, optimized code does).
            methods[i].SetImplementationFlags(MethodImplAttributes.NoInlining);
        }
        var compilation = new ModuleCompilation(definition, methods, options);
        for (var i = 0; i < methods.Length; i++)
        {
            var type = definition.Types[(int)definition.Functions[i]];
            new FunctionCompiler(compilation, methods[i].GetILGenerator(), type, definition.Codes[i], validated.Functions[i]).Compile();
        }
        var created = new Type[typeBuilders.Length];
        for (var t = 0; t < created.Length; t++) created[t] = typeBuilders[t].CreateType();
        // One reflection pass (GetMethod by name per function would be quadratic in the function count).
        var byName = new System.Collections.Generic.Dictionary<string, MethodInfo>(methods.Length, StringComparer.Ordinal);
        foreach (var createdType in created)
            foreach (var method in createdType.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)) byName[method.Name] = method;
        var handles = new RuntimeMethodHandle[methods.Length];
        for (var i = 0; i < methods.Length; i++) handles[i] = byName[MethodName(imported + i)].MethodHandle;
        // Machine code for every function now, spread over the cores, instead of one at a time on first calls.
        if (options.EagerCompilation) System.Threading.Tasks.Parallel.For(0, handles.Length, i => RuntimeHelpers.PrepareMethod(handles[i]));
        var pointers = new IntPtr[methods.Length];
        for (var i = 0; i < methods.Length; i++) pointers[i] = handles[i].GetFunctionPointer();
        var compiled = new CompiledModule(definition, created[0], pointers, compilation.FunctionTypes, compilation.TypeIds);
        foreach (var createdType in created) ByType.AddOrUpdate(createdType, compiled);
        return compiled;
    }

    public static string MethodName(int functionIndex) => "f" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The display name of a function for backtraces.</summary>
    public string FunctionName(int index) =>
        Definition.FunctionNames.TryGetValue((uint)index, out var name) ? name : $"func[{index}]";

    public static bool TryFind(Type type, out CompiledModule module) => ByType.TryGetValue(type, out module!);
}
