using System;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Threading;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// A module compiled to collectible types with one static method per defined function: <c>f{index}</c>, or for a tiered
/// function a start stub <c>s{index}</c> (its first body <c>t{index}</c> comes on its first call, its full and resume
/// bodies when it gets hot, each in a type of its own, see <see cref="Tiering"/>), at most
/// <see cref="MethodsPerType"/> per type (the CLR refuses a type with more than 65,535 methods; wasm allows a million
/// functions).
/// </summary>
internal sealed class CompiledModule
{
    private static readonly ConditionalWeakTable<Type, CompiledModule> ByType = new();

    /// <summary>How many functions one generated type holds.</summary>
    internal const int MethodsPerType = 16384;

    private CompiledModule(ModuleDefinition definition, Type type, IntPtr[] pointers, IntPtr[] entries, ModuleCompilation compilation, HotBodies? hot)
    {
        Entries = entries;
        Stubs = hot is null ? Array.Empty<IntPtr>() : new IntPtr[entries.Length];
        Counters = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i] == pointers[i]) continue;
            Counters[i] = Tiering.Budget;
            Stubs[i] = entries[i];
            entries[i] = IntPtr.Zero;
        }
        TypeIds = compilation.TypeIds;
        Definition = definition;
        Type = type;
        FunctionPointers = pointers;
        ResumePointers = hot is null ? Array.Empty<IntPtr>() : new IntPtr[entries.Length];
        FunctionTypes = compilation.FunctionTypes;
        _hot = hot;
    }

    public ModuleDefinition Definition { get; }

    /// <summary>Canonical id (TypeRegistry) of every type of the module, by type index.</summary>
    public int[] TypeIds { get; }

    /// <summary>The first generated type (keeps the collectible assembly alive).</summary>
    public Type Type { get; }

    /// <summary>Entry points of the full bodies of module-defined functions; zero for a tiered function until it gets
    /// hot (see <see cref="FullBody"/>).</summary>
    public readonly IntPtr[] FunctionPointers;

    /// <summary>Entry points of the resume bodies (see <see cref="BodyKind.Resume"/>), set with the full body; empty
    /// when the module has no first bodies.</summary>
    public readonly IntPtr[] ResumePointers;

    /// <summary>Current entry point of each module-defined function: for a tiered function zero until its first call
    /// (callers then call <see cref="Tiering.Start"/>), then its first body until it switches (see <see cref="Tiering"/>),
    /// then the full one. First bodies call other functions through this array.</summary>
    public readonly IntPtr[] Entries;

    /// <summary>Entry points of the start stubs of tiered functions (see <see cref="Tiering.Start"/>), which an instance's
    /// <see cref="Function"/> calls until the function has started (calls through tables, exports, delegates); zero for
    /// the other functions, empty when the module has no first bodies.</summary>
    public readonly IntPtr[] Stubs;

    /// <summary>Per module-defined function: what is left of its first body's count (0: switched, or no first body).</summary>
    public readonly int[] Counters;

    public ImmutableArray<FunctionType> FunctionTypes { get; }

    // What emitting a full body later needs; null when every function has its full body from the start.
    private readonly HotBodies? _hot;

    /// <summary>The state kept for emitting first bodies on first calls and full and resume bodies when their functions
    /// get hot: a type of the same (collectible) module per body, since a created type cannot gain methods.</summary>
    private sealed class HotBodies(ModuleBuilder builder, ValidatedModule validated, ModuleCompilation compilation)
    {
        public readonly ModuleBuilder Builder = builder;
        public readonly ValidatedModule Validated = validated;
        public readonly ModuleCompilation Compilation = compilation;
    }

    public static CompiledModule Compile(ValidatedModule validated, EngineOptions options)
    {
        var definition = validated.Definition;
        var moduleBuilder = DynamicAssemblies.Create("WasmModule", collectible: !options.TieredCompilation);
        var imported = definition.ImportedFunctionCount;
        var count = definition.Functions.Length;
        // Tiered functions start with a stub only: their first body is emitted on their first call (validation has
        // covered the whole module already), the full and resume bodies when they get hot.
        var tiered = new bool[count];
        var resumable = new bool[count];
        if (Tiering.Applies(options))
            for (var i = 0; i < count; i++)
            {
                var code = definition.Codes[i];
                var hasLoop = HasLoop(code);
                if (hasLoop && definition.Types[(int)definition.Functions[i]].Params.Length + code.Locals.Length > Tiering.MaxResumeState) continue;
                tiered[i] = true;
                resumable[i] = hasLoop;
            }
        var compilation = new ModuleCompilation(definition, tiered, resumable, options);
        var methods = new MethodBuilder[count];
        var typeBuilders = new TypeBuilder[Math.Max(1, (count + MethodsPerType - 1) / MethodsPerType)];
        for (var t = 0; t < typeBuilders.Length; t++)
            typeBuilders[t] = moduleBuilder.DefineType(t == 0 ? "Module" : "Module" + t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        for (var i = 0; i < count; i++)
        {
            var type = definition.Types[(int)definition.Functions[i]];
            methods[i] = typeBuilders[i / MethodsPerType].DefineMethod(tiered[i] ? StubName(imported + i) : MethodName(imported + i),
                MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type));
            // Not inlined: a .NET stack trace has no frame for an inlined method, so a trap's backtrace would lose
            // the wasm function RyuJIT folded into its caller (optimized code inlines).
            if (!tiered[i]) methods[i].SetImplementationFlags(MethodImplAttributes.NoInlining);
            if (!tiered[i]) compilation.Methods[i] = methods[i];
        }
        for (var i = 0; i < count; i++)
        {
            var type = definition.Types[(int)definition.Functions[i]];
            if (tiered[i]) EmitStub(methods[i].GetILGenerator(), type, i);
            else new FunctionCompiler(compilation, methods[i].GetILGenerator(), type, definition.Codes[i], validated.Functions[i], i, BodyKind.Full).Compile();
        }
        var created = new Type[typeBuilders.Length];
        for (var t = 0; t < created.Length; t++) created[t] = typeBuilders[t].CreateType();
        // One reflection pass (GetMethod by name per function would be quadratic in the function count).
        var byName = new System.Collections.Generic.Dictionary<string, MethodInfo>(count, StringComparer.Ordinal);
        foreach (var createdType in created)
            foreach (var method in createdType.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)) byName[method.Name] = method;
        var handles = new RuntimeMethodHandle[count];
        for (var i = 0; i < count; i++) handles[i] = byName[methods[i].Name].MethodHandle;
        // Machine code for every function now, spread over the cores, instead of one at a time on first calls.
        if (options.EagerCompilation) System.Threading.Tasks.Parallel.For(0, handles.Length, i => RuntimeHelpers.PrepareMethod(handles[i]));
        var pointers = new IntPtr[count];
        var entries = new IntPtr[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = handles[i].GetFunctionPointer();
            if (!tiered[i]) pointers[i] = entries[i];
        }
        var hot = Array.IndexOf(tiered, true) >= 0 ? new HotBodies(moduleBuilder, validated, compilation) : null;
        var compiled = new CompiledModule(definition, created[0], pointers, entries, compilation, hot);
        foreach (var createdType in created) ByType.AddOrUpdate(createdType, compiled);
        return compiled;
    }

    /// <summary>A tiered function's start stub: asks <see cref="Tiering.Start"/> for the function's entry (emitting its first
    /// body on the first call) and forwards the call there. A tail call, so that the stub leaves no frame.</summary>
    private static void EmitStub(ILGenerator il, FunctionType type, int index)
    {
        var parameters = ClrTypes.ParameterTypes(type);
        for (var arg = 0; arg < parameters.Length; arg++) IlUtil.LoadArg(il, arg);
        IlUtil.LoadArg(il, parameters.Length - 1);
        IlUtil.LoadInt(il, index);
        il.Emit(OpCodes.Call, typeof(Tiering).GetMethod(nameof(Tiering.Start))!);
        il.Emit(OpCodes.Tailcall);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), parameters, null);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>The current entry of tiered function <paramref name="index"/>: its first body, emitted the first time
    /// the function is called (under the lock <see cref="FullBody"/> takes, so once), or its full body once it has
    /// switched. The first body's type is created and registered before <see cref="Entries"/> is published.</summary>
    internal IntPtr FirstBody(int index) => EmitOnce(Entries, index, static (module, index) =>
    {
        var hot = module._hot!;
        var name = FirstBodyName(module.Definition.ImportedFunctionCount + index);
        var type = module.Definition.Types[(int)module.Definition.Functions[index]];
        var typeBuilder = hot.Builder.DefineType("First" + name, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var method = typeBuilder.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type));
        // Not inlined (tier-0 code never inlines, but a backtrace must keep the frame whatever RyuJIT decides).
        method.SetImplementationFlags(MethodImplAttributes.NoInlining | MethodImplAttributes.NoOptimization);
        new FunctionCompiler(hot.Compilation, method.GetILGenerator(), type, module.Definition.Codes[index], hot.Validated.Functions[index], index, BodyKind.First).Compile();
        return module.Publish(typeBuilder, name);
    });

    /// <summary><paramref name="published"/>[<paramref name="index"/>], made by <paramref name="emit"/> the first time it is
    /// asked for: under the module's lock, so once, and published (after whatever <paramref name="emit"/> published) only
    /// when complete.</summary>
    private IntPtr EmitOnce(IntPtr[] published, int index, Func<CompiledModule, int, IntPtr> emit)
    {
        var entry = Volatile.Read(ref published[index]);
        if (entry != IntPtr.Zero) return entry;
        lock (_hot!)
        {
            entry = published[index];
            if (entry != IntPtr.Zero) return entry;
            entry = emit(this, index);
            Volatile.Write(ref published[index], entry);
            return entry;
        }
    }

    /// <summary>Creates <paramref name="typeBuilder"/>, registers it as this module's (backtraces) and returns the entry
    /// point of its method <paramref name="name"/>.</summary>
    private IntPtr Publish(TypeBuilder typeBuilder, string name) => EntryOf(Publish(typeBuilder), name);

    private Type Publish(TypeBuilder typeBuilder)
    {
        var created = typeBuilder.CreateType();
        ByType.AddOrUpdate(created, this);
        return created;
    }

    private static IntPtr EntryOf(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!.MethodHandle.GetFunctionPointer();

    /// <summary>Whether tiered function <paramref name="index"/> has had its first body emitted (it has been called).</summary>
    internal bool HasFirstBody(int index) => Volatile.Read(ref Entries[index]) != IntPtr.Zero;

    /// <summary>What a new instance's <see cref="Function"/> of module-defined function <paramref name="index"/> calls:
    /// the function's current entry, or its start stub if it has not started.</summary>
    internal IntPtr InitialCode(int index)
    {
        var entry = Volatile.Read(ref Entries[index]);
        return entry != IntPtr.Zero ? entry : Stubs[index];
    }

    /// <summary>The full body of module-defined function <paramref name="index"/>, emitted (with its resume body) the
    /// first time a tiered function asks: its type is created and registered, then <see cref="ResumePointers"/> and
    /// <see cref="FunctionPointers"/> are published, in that order.</summary>
    internal IntPtr FullBody(int index) => EmitOnce(FunctionPointers, index, static (module, index) =>
    {
        var hot = module._hot!;
        var compilation = hot.Compilation;
        var imported = module.Definition.ImportedFunctionCount;
        var type = module.Definition.Types[(int)module.Definition.Functions[index]];
        var code = module.Definition.Codes[index];
        var name = MethodName(imported + index);
        var typeBuilder = hot.Builder.DefineType("Hot" + name, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var method = typeBuilder.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type));
        method.SetImplementationFlags(MethodImplAttributes.NoInlining);
        MethodBuilder? resume = null;
        if (compilation.Resumable[index])
        {
            resume = typeBuilder.DefineMethod("r" + (imported + index).ToString(System.Globalization.CultureInfo.InvariantCulture),
                MethodAttributes.Public | MethodAttributes.Static, method.ReturnType, ResumeParameterTypes(type, code));
            resume.SetImplementationFlags(MethodImplAttributes.NoInlining);
        }
        // Set before emitting: the body and its resume body call the function directly (recursion).
        compilation.Methods[index] = method;
        var facts = hot.Validated.Functions[index];
        new FunctionCompiler(compilation, method.GetILGenerator(), type, code, facts, index, BodyKind.Full).Compile();
        if (resume is not null) new FunctionCompiler(compilation, resume.GetILGenerator(), type, code, facts, index, BodyKind.Resume).Compile();
        var created = module.Publish(typeBuilder);
        if (resume is not null) module.ResumePointers[index] = EntryOf(created, resume.Name);
        return EntryOf(created, name);
    });

    /// <summary>The parameters of a resume body (see <see cref="BodyKind.Resume"/>): the function's, its locals, the loop's number.</summary>
    internal static Type[] ResumeParameterTypes(FunctionType type, FunctionBody code)
    {
        var parameters = ClrTypes.ParameterTypes(type);
        var state = new Type[parameters.Length + code.Locals.Length + 1];
        parameters.CopyTo(state, 0);
        for (var l = 0; l < code.Locals.Length; l++) state[parameters.Length + l] = ClrTypes.Of(code.Locals[l]);
        state[^1] = typeof(int);
        return state;
    }

    public static string MethodName(int functionIndex) => "f" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name of a tiered function's start stub (see <see cref="Tiering.Start"/>; backtraces skip it).</summary>
    public static string StubName(int functionIndex) => "s" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
