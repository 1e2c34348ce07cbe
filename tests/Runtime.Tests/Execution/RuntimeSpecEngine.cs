using System;
using System.Collections.Immutable;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Modules;
using WitBindgen.Runtime.Tests.Spec;
using ValueType = WitBindgen.Runtime.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>The spec runner's engine adapter over the public embedding API, with the <c>spectest</c> host module.</summary>
internal sealed class RuntimeSpecEngine : ISpecEngine
{
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

    public object Compile(byte[] wasm) => Module.FromBytes(_engine, wasm);

    public object Instantiate(object module) => _linker.Instantiate(_store, (Module)module);

    public void Register(string name, object instance) => _linker.DefineInstance(name, (Instance)instance);

    public SpecValue[] Invoke(object instance, string export, SpecValue[] args)
    {
        var function = ((Instance)instance).GetFunction(export) ?? throw new InvalidOperationException($"no exported function {export}");
        var values = new WasmValue[args.Length];
        for (var i = 0; i < args.Length; i++) values[i] = ToWasm(args[i]);
        var results = function.Invoke(values);
        var converted = new SpecValue[results.Length];
        for (var i = 0; i < results.Length; i++) converted[i] = FromWasm(results[i]);
        return converted;
    }

    public SpecValue Get(object instance, string export) =>
        FromWasm((((Instance)instance).GetGlobal(export) ?? throw new InvalidOperationException($"no exported global {export}")).Value);

    public SpecErrorKind Classify(Exception exception) => exception switch
    {
        Trap { Code: TrapCode.StackOverflow } => SpecErrorKind.Exhaustion,
        Trap => SpecErrorKind.Trap,
        LinkException => SpecErrorKind.Link,
        _ => SpecErrorKind.Other,
    };

    private static WasmValue ToWasm(SpecValue value) => value.Type switch
    {
        ValueType.I32 => WasmValue.FromI32((int)value.Low),
        ValueType.I64 => WasmValue.FromI64((long)value.Low),
        ValueType.F32 => WasmValue.FromF32Bits((int)value.Low),
        ValueType.F64 => WasmValue.FromF64Bits((long)value.Low),
        ValueType.V128 => WasmValue.FromV128((long)value.Low, (long)value.High),
        ValueType.FuncRef => WasmValue.FromFuncRef(value.Ref as Function ?? (value.Ref as SpecFuncRef)?.Function as Function),
        _ => WasmValue.FromExternRef(value.Ref),
    };

    private static SpecValue FromWasm(WasmValue value) => value.Type switch
    {
        ValueType.I32 => SpecValue.I32(value.I32),
        ValueType.I64 => SpecValue.I64(value.I64),
        ValueType.F32 => SpecValue.F32Bits((uint)value.Bits),
        ValueType.F64 => SpecValue.F64Bits((ulong)value.Bits),
        ValueType.V128 => SpecValue.V128((ulong)value.V128Low, (ulong)value.V128High),
        _ => SpecValue.Reference(value.Type, value.Ref),
    };

    private void DefineSpectest()
    {
        static FunctionType Sig(params ValueType[] parameters) => new(ImmutableArray.Create(parameters), ImmutableArray<ValueType>.Empty);
        HostFunction nothing = static (_, _) => { };
        _linker.DefineFunction("spectest", "print", Sig(), nothing);
        _linker.DefineFunction("spectest", "print_i32", Sig(ValueType.I32), nothing);
        _linker.DefineFunction("spectest", "print_i64", Sig(ValueType.I64), nothing);
        _linker.DefineFunction("spectest", "print_f32", Sig(ValueType.F32), nothing);
        _linker.DefineFunction("spectest", "print_f64", Sig(ValueType.F64), nothing);
        _linker.DefineFunction("spectest", "print_i32_f32", Sig(ValueType.I32, ValueType.F32), nothing);
        _linker.DefineFunction("spectest", "print_f64_f64", Sig(ValueType.F64, ValueType.F64), nothing);
        _linker.Define("spectest", "global_i32", new Global(_store, new GlobalType(ValueType.I32, false), WasmValue.FromI32(666)));
        _linker.Define("spectest", "global_i64", new Global(_store, new GlobalType(ValueType.I64, false), WasmValue.FromI64(666)));
        _linker.Define("spectest", "global_f32", new Global(_store, new GlobalType(ValueType.F32, false), WasmValue.FromF32(666.6f)));
        _linker.Define("spectest", "global_f64", new Global(_store, new GlobalType(ValueType.F64, false), WasmValue.FromF64(666.6)));
        _linker.Define("spectest", "table", new Table(_store, new TableType(ValueType.FuncRef, new Limits(10, 20))));
        _linker.Define("spectest", "memory", new Memory(_store, new MemoryType(new Limits(1, 2))));
    }
}
