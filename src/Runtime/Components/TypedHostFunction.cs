using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// A host function given as a typed C# delegate (<see cref="ComponentLinkerInstance.DefineFunction(string, Delegate)"/>).
/// Its component type follows from the C# signature when it is defined; instantiation compares that type with the
/// import's, so a mismatch is a link error naming both types rather than a failure on the first call.
/// </summary>
internal sealed class TypedHostFunction
{
    private static readonly Dictionary<Type, ValType> s_scalars = new()
    {
        [typeof(bool)] = ValType.Bool,
        [typeof(sbyte)] = ValType.S8,
        [typeof(byte)] = ValType.U8,
        [typeof(short)] = ValType.S16,
        [typeof(ushort)] = ValType.U16,
        [typeof(int)] = ValType.S32,
        [typeof(uint)] = ValType.U32,
        [typeof(long)] = ValType.S64,
        [typeof(ulong)] = ValType.U64,
        [typeof(float)] = ValType.F32,
        [typeof(double)] = ValType.F64,
        [typeof(Rune)] = ValType.Char,
        [typeof(string)] = ValType.String,
    };

    private readonly Delegate _target;
    private readonly Type[] _clrParameters;
    private readonly string[] _names;
    private readonly ValType[] _parameters;
    private readonly Type? _clrResult;
    private readonly ValType? _result;
    private readonly bool _takesStore;

    private TypedHostFunction(Delegate target)
    {
        _target = target;
        var ps = target.Method.GetParameters();
        _takesStore = ps.Length > 0 && ps[0].ParameterType == typeof(Store);
        int first = _takesStore ? 1 : 0;
        _clrParameters = new Type[ps.Length - first];
        _names = new string[_clrParameters.Length];
        _parameters = new ValType[_clrParameters.Length];
        for (int i = 0; i < _clrParameters.Length; i++)
        {
            var p = ps[i + first];
            _clrParameters[i] = p.ParameterType;
            _names[i] = p.Name is { Length: > 0 } n ? n : "p" + i;
            _parameters[i] = Map(p.ParameterType);
        }
        var r = target.Method.ReturnType;
        if (r != typeof(void))
        {
            _clrResult = r;
            _result = Map(r);
        }
    }

    /// <summary>Reads the component type of <paramref name="target"/>'s signature.</summary>
    /// <exception cref="ArgumentException">A parameter or the result has no component type here.</exception>
    public static TypedHostFunction Create(Delegate target) => new(target);

    private static ValType Map(Type t)
    {
        if (s_scalars.TryGetValue(t, out var v)) return v;
        if (t.IsArray && t.GetArrayRank() == 1 && t.GetElementType() is { } e) return ValType.List(Map(e));
        throw new ArgumentException($"a typed host function cannot take or return {t}: use bool, integers, float, double, " +
            "Rune (char), string, arrays of these (list), or ComponentHostFunction for other types");
    }

    /// <summary><c>func(a: u32, b: string) -> u32</c>, as the link errors print the import's type.</summary>
    public string Signature
    {
        get
        {
            var sb = new StringBuilder("func(");
            for (int i = 0; i < _parameters.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(_names[i]).Append(": ").Append(_parameters[i]);
            sb.Append(')');
            if (_result is not null) sb.Append(" -> ").Append(_result);
            return sb.ToString();
        }
    }

    /// <summary>
    /// The function as import <paramref name="full"/> of <paramref name="import"/>'s type sees it (given the caller's
    /// store on each call); parameter names are not compared, types are, exactly.
    /// </summary>
    /// <exception cref="ComponentLinkException">The types differ.</exception>
    public ComponentStoreHostFunction Bind(RtFuncType import, string full)
    {
        if (!Matches(import))
            throw new ComponentLinkException($"import `{full}` has the wrong type: expected {ArgumentChecks.Signature(import)}, found {Signature}");
        return (store, args) =>
        {
            int first = _takesStore ? 1 : 0;
            var values = new object?[first + args.Length];
            if (_takesStore) values[0] = store;
            for (int i = 0; i < args.Length; i++) values[first + i] = FromValue(_clrParameters[i], args[i]);
            var result = _target.Method.Invoke(_target.Target, BindingFlags.DoNotWrapExceptions, null, values, null);
            return _clrResult is null ? Array.Empty<ComponentValue>() : new[] { ToValue(_clrResult, result) };
        };
    }

    private bool Matches(RtFuncType import)
    {
        if (import.Parameters.Count != _parameters.Length || (import.Result is null) != (_result is null)) return false;
        for (int i = 0; i < _parameters.Length; i++)
            if (import.Parameters[i].Type.ToString() != _parameters[i].ToString()) return false;
        return _result is null || import.Result!.ToString() == _result.ToString();
    }

    private static object FromValue(Type t, ComponentValue v)
    {
        if (t == typeof(bool)) return v.AsBool();
        if (t == typeof(sbyte)) return (sbyte)v.AsInt64();
        if (t == typeof(byte)) return (byte)v.AsUInt64();
        if (t == typeof(short)) return (short)v.AsInt64();
        if (t == typeof(ushort)) return (ushort)v.AsUInt64();
        if (t == typeof(int)) return (int)v.AsInt64();
        if (t == typeof(uint)) return (uint)v.AsUInt64();
        if (t == typeof(long)) return v.AsInt64();
        if (t == typeof(ulong)) return v.AsUInt64();
        if (t == typeof(float)) return v.AsSingle();
        if (t == typeof(double)) return v.AsDouble();
        if (t == typeof(Rune)) return new Rune(v.AsChar());
        if (t == typeof(string)) return v.AsString();
        var element = t.GetElementType()!;
        var items = v.Items;
        var array = Array.CreateInstance(element, items.Length);
        for (int i = 0; i < items.Length; i++) array.SetValue(FromValue(element, items[i]), i);
        return array;
    }

    private static ComponentValue ToValue(Type t, object? o)
    {
        if (o is null) throw new InvalidOperationException($"the host function returned null for a {Map(t)}");
        switch (o)
        {
            case bool b: return ComponentValue.Bool(b);
            case sbyte x: return ComponentValue.S8(x);
            case byte x: return ComponentValue.U8(x);
            case short x: return ComponentValue.S16(x);
            case ushort x: return ComponentValue.U16(x);
            case int x: return ComponentValue.S32(x);
            case uint x: return ComponentValue.U32(x);
            case long x: return ComponentValue.S64(x);
            case ulong x: return ComponentValue.U64(x);
            case float x: return ComponentValue.F32(x);
            case double x: return ComponentValue.F64(x);
            case Rune x: return ComponentValue.Char(x.Value);
            case string x: return ComponentValue.String(x);
        }
        var element = t.GetElementType()!;
        var array = (Array)o;
        var items = new ComponentValue[array.Length];
        for (int i = 0; i < items.Length; i++) items[i] = ToValue(element, array.GetValue(i));
        return ComponentValue.List(items);
    }
}
