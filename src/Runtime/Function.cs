using System;
using WitBindgen.Runtime.Compilation;
using WitBindgen.Runtime.Execution;
using WitBindgen.Runtime.Modules;

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
            if (parameters[i] == Modules.ValueType.FuncRef && args[i].Ref is not null and not Function)
                throw new ArgumentException($"argument {i} is not a function reference");

        var results = new WasmValue[Type.Results.Length];
        var stubs = _stubs ??= SignatureStubs.For(Type);
        var store = Context.Store;
        if (store is null)
        {
            var hostResults = ValueBoxing.CallHost(Context, args);
            Array.Copy(hostResults, results, results.Length);
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

    /// <inheritdoc/>
    public override string ToString() => Name is null ? $"func {Type}" : $"func {Name} {Type}";
}
