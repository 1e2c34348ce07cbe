using System;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>Runs scripts on the WitBindgen runtime (Engine/Module/Store/Linker/Instance).</summary>
internal sealed class RuntimeSpecEngine : ISpecEngine
{
    private static readonly TimeSpan InvokeDeadline = TimeSpan.FromSeconds(20);

    private readonly Engine _engine = new();
    private readonly Store _store;
    private readonly Linker _linker;

    public RuntimeSpecEngine()
    {
        _store = new Store(_engine);
        _linker = new Linker(_engine);
        DefineSpectest();
    }

    public bool CanExecute => true;

    /// <summary>The <c>spectest</c> host module the scripts import from.</summary>
    private void DefineSpectest()
    {
        void Print(string name, params ValueType[] parameters) =>
            _linker.DefineFunction("spectest", name, new WitBindgen.Runtime.Types.FuncType(System.Linq.Enumerable.Select(parameters, p => (ValueKind)p), []), (_, _, _) => { });
        Print("print");
        Print("print_i32", ValueType.I32);
        Print("print_i64", ValueType.I64);
        Print("print_f32", ValueType.F32);
        Print("print_f64", ValueType.F64);
        Print("print_i32_f32", ValueType.I32, ValueType.F32);
        Print("print_f64_f64", ValueType.F64, ValueType.F64);
        _linker.Define("spectest", "global_i32", new Global(_store, new WitBindgen.Runtime.Types.GlobalType(ValueKind.I32, false), WasmValue.FromI32(666)));
        _linker.Define("spectest", "global_i64", new Global(_store, new WitBindgen.Runtime.Types.GlobalType(ValueKind.I64, false), WasmValue.FromI64(666)));
        _linker.Define("spectest", "global_f32", new Global(_store, new WitBindgen.Runtime.Types.GlobalType(ValueKind.F32, false), WasmValue.FromF32(666.6f)));
        _linker.Define("spectest", "global_f64", new Global(_store, new WitBindgen.Runtime.Types.GlobalType(ValueKind.F64, false), WasmValue.FromF64(666.6)));
        _linker.Define("spectest", "table", new Table(_store, new WitBindgen.Runtime.Types.TableType(ValueKind.FuncRef, 10, 20)));
        _linker.Define("spectest", "table64", new Table(_store, new WitBindgen.Runtime.Types.TableType(ValueKind.FuncRef, 10, 20, is64: true)));
        _linker.Define("spectest", "memory", new Memory(_store, new WitBindgen.Runtime.Types.MemoryType(1, 2)));
    }

    public object Compile(byte[] wasm) => Module.FromBytes(_engine, wasm);

    public object Instantiate(object module)
    {
        _store.SetDeadline(InvokeDeadline);
        try
        {
            return _linker.Instantiate(_store, (Module)module);
        }
        finally
        {
            _store.SetDeadline(null);
        }
    }

    public void Register(string name, object instance) => _linker.DefineInstance(name, (Instance)instance);

    public SpecValue[] Invoke(object instance, string export, SpecValue[] args)
    {
        var function = ((Instance)instance).GetFunction(export) ?? throw new InvalidOperationException($"no exported function \"{export}\"");
        var wasmArgs = new WasmValue[args.Length];
        for (var i = 0; i < args.Length; i++) wasmArgs[i] = ToWasm(args[i]);
        _store.SetDeadline(InvokeDeadline);
        try
        {
            var results = function.Invoke(wasmArgs);
            var spec = new SpecValue[results.Length];
            for (var i = 0; i < results.Length; i++) spec[i] = FromWasm(results[i]);
            return spec;
        }
        finally
        {
            _store.SetDeadline(null);
        }
    }

    public SpecValue Get(object instance, string export)
    {
        var global = ((Instance)instance).GetGlobal(export) ?? throw new InvalidOperationException($"no exported global \"{export}\"");
        return FromWasm(global.Value);
    }

    public System.Collections.Generic.IEnumerable<string> ImportModules(object module) =>
        System.Linq.Enumerable.Select(((Module)module).Imports, i => i.Module);

    public SpecErrorKind Classify(Exception exception) => exception switch
    {
        Trap { Code: TrapCode.StackOverflow } => SpecErrorKind.Exhaustion,
        Trap => SpecErrorKind.Trap,
        LinkException => SpecErrorKind.Link,
        ThrownException => SpecErrorKind.Exception,
        _ => SpecErrorKind.Other,
    };

    private static WasmValue ToWasm(SpecValue v) => v.Type switch
    {
        ValueType.I32 => WasmValue.FromI32((int)v.Low),
        ValueType.I64 => WasmValue.FromI64((long)v.Low),
        ValueType.F32 => WasmValue.FromF32Bits((int)v.Low),
        ValueType.F64 => WasmValue.FromF64Bits((long)v.Low),
        ValueType.V128 => WasmValue.FromV128((long)v.Low, (long)v.High),
        ValueType.FuncRef => v.Ref is Function f ? WasmValue.FromFuncRef(f) : WasmValue.Default(ValueType.FuncRef),
        _ when v.Type.IsTypedReference() && v.Ref is null => default,
        _ => WasmValue.FromExternRef(v.Ref),
    };

    private static SpecValue FromWasm(WasmValue v) => v.CoreType switch
    {
        ValueType.I32 => SpecValue.I32(v.I32),
        ValueType.I64 => SpecValue.I64(v.I64),
        ValueType.F32 => SpecValue.F32Bits((uint)(int)v.Bits),
        ValueType.F64 => SpecValue.F64Bits((ulong)v.Bits),
        ValueType.V128 => SpecValue.V128((ulong)v.V128Low, (ulong)v.V128High),
        _ => SpecValue.Reference(v.CoreType, v.Ref),
    };
}
