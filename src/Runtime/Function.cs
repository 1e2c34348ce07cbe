using System;
using WitBindgen.Runtime.Compilation;
using WitBindgen.Runtime.Execution;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;
using static WitBindgen.CoreWasm.Modules.ValueTypes;

namespace WitBindgen.Runtime;

/// <summary>
/// A function: exported by an instance or defined by the host. It is also the funcref value stored in
/// tables: compiled code calls it through <see cref="Code"/> (calli) after comparing <see cref="TypeId"/>.
/// </summary>
public sealed class Function : Extern
{
    /// <summary>Changes once for a module-defined function: from its first body to its full one (see Compilation.Tiering).</summary>
    internal IntPtr Code;
    internal readonly InstanceContext Context;
    internal readonly int TypeId;

    /// <summary>For a function defined by a module: its index among the module-defined functions; -1 otherwise.</summary>
    internal int DefinedIndex { get; init; } = -1;

    private SignatureStubs? _stubs;

    internal Function(Core.FunctionType type, IntPtr code, InstanceContext context, string? name, int typeId = 0)
    {
        CoreType = type;
        Code = code;
        Context = context;
        TypeId = typeId != 0 ? typeId : TypeRegistry.IdOf(type);
        Name = name;
    }

    /// <summary>Creates a host function. Called from an instance that imports it, its <see cref="Caller"/> is that
    /// instance (and its store); called from C#, it has no calling instance and no store.</summary>
    public Function(FuncType type, HostFunction callback)
        : this(null, type, callback)
    {
    }

    /// <summary>Creates a host function whose <see cref="Caller.Store"/> is <paramref name="store"/> when it is called
    /// from C# (called from wasm, the caller's store is used).</summary>
    public Function(Store? store, FuncType type, HostFunction callback)
        : this(CheckType(type), SignatureStubs.For(type.Core).HostTrampoline,
            new InstanceContext { Host = callback ?? throw new ArgumentNullException(nameof(callback)), HostType = type.Core, HostStore = store }, null)
    {
        _stubs = SignatureStubs.For(type.Core);
    }

    private static Core.FunctionType CheckType(FuncType type) => (type ?? throw new ArgumentNullException(nameof(type))).Core;

    /// <summary>
    /// Creates a host function from a typed delegate, called without boxing: parameter and return types
    /// map int = i32, long = i64, float = f32, double = f64, Vector128&lt;byte&gt; = v128 (at most one result),
    /// e.g. <c>new Function((Func&lt;int, int, int&gt;)((a, b) =&gt; a + b))</c>. The delegate may take a
    /// <see cref="Caller"/> or <see cref="Caller{T}"/> first (not a wasm parameter), e.g.
    /// <c>(Func&lt;Caller&lt;State&gt;, int, int&gt;)((caller, x) =&gt; caller.Data.Total += x)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The delegate uses a type with no wasm equivalent.</exception>
    public static Function FromDelegate(Delegate callback) => FromDelegate(null, callback);

    /// <summary>As <see cref="FromDelegate(Delegate)"/>, with the store used when the function is called from C#.</summary>
    /// <exception cref="ArgumentException">The delegate uses a type with no wasm equivalent, or takes a
    /// <see cref="Caller{T}"/> whose T does not match <paramref name="store"/>.</exception>
    public static Function FromDelegate(Store? store, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var (type, trampoline, dataType) = TypedHostTrampolines.For(callback.GetType());
        if (store is not null && dataType is not null && !IsStoreOf(store, dataType))
            throw new ArgumentException($"the delegate takes a Caller<{dataType.Name}>, but the store is a {HostCalls.StoreName(store)}");
        return new Function(type, trampoline, new InstanceContext { HostDelegate = callback, HostType = type, HostStore = store, HostDataType = dataType }, null);
    }

    /// <summary>
    /// A host function over flat slots (<see cref="FlatHostFunction"/>): numeric parameters and at most one numeric
    /// result, called from wasm through a trampoline that keeps the arguments on the stack (no allocation); null for
    /// other signatures.
    /// </summary>
    internal static Function? FromFlatOrNull(FuncType type, FlatHostFunction callback)
    {
        var stubs = SignatureStubs.For(type.Core);
        if (stubs.FlatHostTrampoline == IntPtr.Zero) return null;
        return new Function(type.Core, stubs.FlatHostTrampoline, new InstanceContext { FlatHost = callback, HostType = type.Core }, null) { _stubs = stubs };
    }

    internal static bool IsStoreOf(Store store, Type dataType) => typeof(Store<>).MakeGenericType(dataType).IsInstanceOfType(store);

    /// <summary>The signature.</summary>
    public FuncType Type => Context.Module is { } module && TypeRegistry.HasTypeIndex(CoreType)
        ? FuncType.From(TypeRegistry.Canonical(module.TypeIds, CoreType))
        : s_types.GetValue(CoreType, static core => FuncType.From(core));

    /// <summary>The public view of each core signature, made once (instances' functions share their module's signatures).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.FunctionType, FuncType> s_types = new();

    internal Core.FunctionType CoreType { get; }

    /// <summary>The debug name, if known.</summary>
    public string? Name { get; }

    /// <summary>Whether this is a host function (defined in C#, not by a wasm instance).</summary>
    public bool IsHost => Context.Store is null;

    /// <summary>For a host function bound to an importing instance: the function as the host defined it.</summary>
    internal Function? Original { get; private init; }

    /// <summary>The host function as the instance owning <paramref name="caller"/> imports it: the same code
    /// and callback, with that instance as its <see cref="Caller"/> (named after the import in error messages when
    /// the host gave no name).</summary>
    internal Function BindTo(InstanceContext caller, Core.Import import)
    {
        var host = Context;
        var context = new InstanceContext
        {
            Host = host.Host, HostDelegate = host.HostDelegate, FlatHost = host.FlatHost, HostType = host.HostType, HostStore = host.HostStore,
            HostDataType = host.HostDataType, HostName = host.HostName, HostImport = host.HostImport ?? import, Caller = caller,
        };
        return new Function(CoreType, Code, context, Name, TypeId) { _stubs = _stubs, Original = Original ?? this };
    }

    /// <summary>A caller-free host function (<see cref="InstanceContext.CallerFree"/>) as an instance imports it: itself,
    /// named after its first import in error messages when it has no name.</summary>
    internal Function Named(Core.Import import)
    {
        Context.HostImport ??= import;
        return this;
    }

    /// <summary>Calls the function.</summary>
    /// <exception cref="ArgumentException">The arguments do not match the signature.</exception>
    /// <exception cref="Trap">Execution trapped.</exception>
    public WasmValue[] Invoke(params WasmValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parameters = CoreType.Params;
        if (args.Length != parameters.Length)
            throw new ArgumentException($"expected {parameters.Length} arguments, got {args.Length}");
        for (var i = 0; i < args.Length; i++)
        {
            if (parameters[i].IsTypedReference())
            {
                // A typed reference parameter: the function's module names its type (canonical id).
                var canonical = Context.Module is { } module ? TypeRegistry.Canonical(module.TypeIds, parameters[i]) : parameters[i];
                if (Global.Fits(args[i], canonical) || (args[i].Type == 0 && parameters[i].IsNullable())) { args[i] = WasmValue.FromRef(canonical, args[i].Ref); continue; }
                throw new ArgumentException($"argument {i} does not fit the parameter type {parameters[i].Name()}");
            }
            if (args[i].CoreType == parameters[i]) continue;
            if (args[i].Type == 0 && parameters[i].IsReference() && args[i].IsNullRef) { args[i] = WasmValue.Default(parameters[i]); continue; }
            throw new ArgumentException($"argument {i} has type {args[i].Type.Name()}, expected {parameters[i].Name()}");
        }
        for (var i = 0; i < args.Length; i++)
            if (parameters[i] == CoreWasm.Modules.ValueType.FuncRef && args[i].Ref is not null and not Function)
                throw new ArgumentException($"argument {i} is not a function reference");

        var results = new WasmValue[CoreType.Results.Length];
        var stubs = _stubs ??= SignatureStubs.For(CoreType);
        var store = Context.Store;
        if (store is null)
        {
            // Host functions: their trampolines follow the compiled calling convention too.
            stubs.Invoke(Code, Context, args, results);
            return results;
        }
        // Compiled code checks the native stack only every few levels: start with a full margin.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new Trap(TrapCode.StackOverflow);
        var depth = store.Depth;
        try
        {
            stubs.Invoke(Code, Context, args, results);
        }
        catch (Trap trap) when (depth == 0 && !trap.HasBacktrace)
        {
            // Only the outermost call catches (at shallow stack): a catch-and-rethrow in every nested
            // host -> wasm call would nest exception dispatch and could overflow the native stack.
            trap.SetBacktrace(Backtrace.Capture(trap));
            throw;
        }
        finally
        {
            store.Depth = depth;
        }
        GC.KeepAlive(this);
        // Typed references come back with the kind of their hierarchy's setter: give them their declared kind.
        var declared = CoreType.Results;
        for (var i = 0; i < results.Length; i++)
            if (declared[i].IsTypedReference()) results[i] = WasmValue.FromRef(Context.Module is { } module ? TypeRegistry.Canonical(module.TypeIds, declared[i]) : declared[i], results[i].Ref);
        return results;
    }

    /// <summary>
    /// A typed delegate calling this function without boxing, e.g. <c>CreateDelegate&lt;Func&lt;int, int, int&gt;&gt;()</c>.
    /// Parameter and return types must match exactly: i32 = int, i64 = long, f32 = float, f64 = double,
    /// references = object, v128 = Vector128&lt;byte&gt;; at most one result.
    /// </summary>
    /// <exception cref="ArgumentException">The delegate type does not match, or this is a host function.</exception>
    public TDelegate CreateDelegate<TDelegate>() where TDelegate : Delegate => DelegateThunks.Create<TDelegate>(this);

    /// <inheritdoc/>
    public override string ToString() => Name is null ? $"func {Type}" : $"func {Name} {Type}";
}
