using System;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// A module compiled to collectible types with one static method <c>f{index}</c> per defined function (and its first and
/// resume bodies, see <see cref="Tiering"/>), at most
/// <see cref="MethodsPerType"/> per type (the CLR refuses a type with more than 65,535 methods; wasm allows a million
/// functions).
/// </summary>
internal sealed class CompiledModule
{
    private static readonly ConditionalWeakTable<Type, CompiledModule> ByType = new();

    /// <summary>How many functions one generated type holds (each has up to three bodies, see <see cref="Tiering"/>).</summary>
    internal const int MethodsPerType = 16384;

    private CompiledModule(ModuleDefinition definition, Type type, IntPtr[] pointers, IntPtr[] entries, ImmutableArray<FunctionType> functionTypes, int[] typeIds)
    {
        Entries = entries;
        Counters = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++) Counters[i] = entries[i] == pointers[i] ? 0 : Tiering.Budget;
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

    /// <summary>Entry points of the full bodies of module-defined functions.</summary>
    public IntPtr[] FunctionPointers { get; }

    /// <summary>Current entry point of each module-defined function: its first body until it switches (see
    /// <see cref="Tiering"/>), then the full one. First bodies call other functions through this array.</summary>
    public readonly IntPtr[] Entries;

    /// <summary>Per module-defined function: what is left of its first body's count (0: switched, or no first body).</summary>
    public readonly int[] Counters;

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
        var firstBodies = new MethodBuilder?[methods.Length];
        var resumeBodies = new MethodBuilder?[methods.Length];
        if (Tiering.Applies(options))
            for (var i = 0; i < methods.Length; i++)
            {
                var type = definition.Types[(int)definition.Functions[i]];
                var code = definition.Codes[i];
                var hasLoop = HasLoop(code);
                if (hasLoop && type.Params.Length + code.Locals.Length > Tiering.MaxResumeState) continue;
                var parameters = ClrTypes.ParameterTypes(type);
                var typeBuilder = typeBuilders[i / MethodsPerType];
                firstBodies[i] = typeBuilder.DefineMethod(FirstBodyName(imported + i), MethodAttributes.Public | MethodAttributes.Static, methods[i].ReturnType, parameters);
                firstBodies[i]!.SetImplementationFlags(MethodImplAttributes.NoInlining | MethodImplAttributes.NoOptimization);
                if (!hasLoop) continue;
                var state = new Type[parameters.Length + code.Locals.Length + 1];
                parameters.CopyTo(state, 0);
                for (var l = 0; l < code.Locals.Length; l++) state[parameters.Length + l] = ClrTypes.Of(code.Locals[l]);
                state[^1] = typeof(int);
                resumeBodies[i] = typeBuilder.DefineMethod("r" + (imported + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MethodAttributes.Public | MethodAttributes.Static, methods[i].ReturnType, state);
                resumeBodies[i]!.SetImplementationFlags(MethodImplAttributes.NoInlining);
            }
        var compilation = new ModuleCompilation(definition, methods, firstBodies, resumeBodies, options);
        for (var i = 0; i < methods.Length; i++)
        {
            var type = definition.Types[(int)definition.Functions[i]];
            new FunctionCompiler(compilation, methods[i].GetILGenerator(), type, definition.Codes[i], validated.Functions[i], i, BodyKind.Full).Compile();
            if (firstBodies[i] is { } first)
                new FunctionCompiler(compilation, first.GetILGenerator(), type, definition.Codes[i], validated.Functions[i], i, BodyKind.First).Compile();
            if (resumeBodies[i] is { } resume)
                new FunctionCompiler(compilation, resume.GetILGenerator(), type, definition.Codes[i], validated.Functions[i], i, BodyKind.Resume).Compile();
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
        var entries = new IntPtr[methods.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            pointers[i] = handles[i].GetFunctionPointer();
            entries[i] = firstBodies[i] is null ? pointers[i] : byName[FirstBodyName(imported + i)].MethodHandle.GetFunctionPointer();
        }
        var compiled = new CompiledModule(definition, created[0], pointers, entries, compilation.FunctionTypes, compilation.TypeIds);
        foreach (var createdType in created) ByType.AddOrUpdate(createdType, compiled);
        return compiled;
    }

    public static string MethodName(int functionIndex) => "f" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name of a function's first body (see <see cref="Tiering"/>).</summary>
    public static string FirstBodyName(int functionIndex) => "t" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasLoop(FunctionBody body)
    {
        foreach (var ins in body.Instructions)
            if (ins.OpCode == WitBindgen.CoreWasm.Modules.OpCode.Loop) return true;
        return false;
    }

    /// <summary>The display name of a function for backtraces.</summary>
    public string FunctionName(int index) =>
        Definition.FunctionNames.TryGetValue((uint)index, out var name) ? name : $"func[{index}]";

    public static bool TryFind(Type type, out CompiledModule module) => ByType.TryGetValue(type, out module!);
}
