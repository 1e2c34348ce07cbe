using System;
using WitBindgen.Runtime.Compilation;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime;

/// <summary>
/// A function: exported by an instance or defined by the host. It is also the funcref value stored in
/// tables: compiled code calls it through <see cref="Code"/> (calli) after comparing <see cref="TypeId"/>.
/// </summary>
public sealed class Function : Extern
{
    internal readonly IntPtr Code;
    internal readonly InstanceContext Context;
    internal readonly int TypeId;
    private SignatureStubs? _stubs;

    internal Function(FunctionType type, IntPtr code, InstanceContext context, string? name)
    {
        Type = type;
        Code = code;
        Context = context;
        TypeId = TypeRegistry.IdOf(type);
        Name = name;
    }

    /// <summary>Creates a host function.</summary>
    public Function(FunctionType type, HostFunction callback)
        : this(type ?? throw new ArgumentNullException(nameof(type)), SignatureStubs.For(type).HostTrampoline,
            new InstanceContext { Host = callback ?? throw new ArgumentNullException(nameof(callback)), HostType = type }, null)
    {
        _stubs = SignatureStubs.For(type);
    }

    /// <summary>
    /// Creates a host function from a typed delegate, called without boxing: parameter and return types
    /// map int = i32, long = i64, float = f32, double = f64, Vector128&lt;byte&gt; = v128 (at most one result),
    /// e.g. <c>new Function((Func&lt;int, int, int&gt;)((a, b) =&gt; a + b))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The delegate uses a type with no wasm equivalent.</exception>
    public static Function FromDelegate(Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var (type, trampoline) = TypedHostTrampolines.For(callback.GetType());
        return new Function(type, trampoline, new InstanceContext { HostDelegate = callback, HostType = type }, null);
    }

    /// <summary>The signature.</summary>
    public FunctionType Type { get; }

    /// <summary>The debug name, if known.</summary>
    public string? Name { get; }

    /// <summary>Calls the function.</summary>
    /// <exception cref="ArgumentException">The arguments do not match the signature.</exception>
    /// <exception cref="Trap">Execution trapped.</exception>
    public WasmValue[] Invoke(params WasmValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parameters = Type.Params;
        if (args.Length != parameters.Length)
            throw new ArgumentException($"expected {parameters.Length} arguments, got {args.Length}");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Type == parameters[i]) continue;
            if (args[i].Type == 0 && parameters[i].IsReference() && args[i].IsNullRef) { args[i] = WasmValue.NullRef(parameters[i]); continue; }
            throw new ArgumentException($"argument {i} has type {args[i].Type.Name()}, expected {parameters[i].Name()}");
        }
        for (var i = 0; i < args.Length; i++)
            if (parameters[i] == CoreWasm.Modules.ValueType.FuncRef && args[i].Ref is not null and not Function)
                throw new ArgumentException($"argument {i} is not a function reference");

        var results = new WasmValue[Type.Results.Length];
        var stubs = _stubs ??= SignatureStubs.For(Type);
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
