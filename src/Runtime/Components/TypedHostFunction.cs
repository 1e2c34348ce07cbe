using System;
using System.Collections.Generic;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// A host function given as a typed C# delegate (<see cref="ComponentLinkerInstance.DefineFunction(string, Delegate)"/>).
/// Its component type follows from the C# signature when it is defined; instantiation compares that type with the
/// import's, so a mismatch is a link error naming both types rather than a failure on the first call. The call path
/// (values to CLR arguments, the delegate, the result back to a value) is compiled once per definition, so a call
/// neither reflects nor boxes.
/// </summary>
internal sealed class TypedHostFunction
{
    // Each scalar's component type and the ComponentValue factory that makes one from the CLR value.
    private static readonly Dictionary<Type, (ValType Type, string Factory)> s_scalars = new()
    {
        [typeof(bool)] = (ValType.Bool, nameof(ComponentValue.Bool)),
        [typeof(sbyte)] = (ValType.S8, nameof(ComponentValue.S8)),
        [typeof(byte)] = (ValType.U8, nameof(ComponentValue.U8)),
        [typeof(short)] = (ValType.S16, nameof(ComponentValue.S16)),
        [typeof(ushort)] = (ValType.U16, nameof(ComponentValue.U16)),
        [typeof(int)] = (ValType.S32, nameof(ComponentValue.S32)),
        [typeof(uint)] = (ValType.U32, nameof(ComponentValue.U32)),
        [typeof(long)] = (ValType.S64, nameof(ComponentValue.S64)),
        [typeof(ulong)] = (ValType.U64, nameof(ComponentValue.U64)),
        [typeof(float)] = (ValType.F32, nameof(ComponentValue.F32)),
        [typeof(double)] = (ValType.F64, nameof(ComponentValue.F64)),
        [typeof(Rune)] = (ValType.Char, nameof(ComponentValue.Char)),
        [typeof(string)] = (ValType.String, nameof(ComponentValue.String)),
    };

    private readonly string[] _names;
    private readonly ValType[] _parameters;
    private readonly ValType? _result;
    private readonly ComponentStoreHostFunction _call;

    private TypedHostFunction(Delegate target)
    {
        var ps = target.Method.GetParameters();
        bool takesStore = ps.Length > 0 && ps[0].ParameterType == typeof(Store);
        int first = takesStore ? 1 : 0;
        var clrParameters = new Type[ps.Length - first];
        _names = new string[clrParameters.Length];
        _parameters = new ValType[clrParameters.Length];
        for (int i = 0; i < clrParameters.Length; i++)
        {
            var p = ps[i + first];
            clrParameters[i] = p.ParameterType;
            _names[i] = p.Name is { Length: > 0 } n ? n : "p" + i;
            _parameters[i] = Map(p.ParameterType);
        }
        var r = target.Method.ReturnType;
        if (r != typeof(void)) _result = Map(r);
        _call = Compile(target, takesStore, clrParameters, r);
    }

    /// <summary>Reads the component type of <paramref name="target"/>'s signature.</summary>
    /// <exception cref="ArgumentException">A parameter or the result has no component type here.</exception>
    public static TypedHostFunction Create(Delegate target) => new(target);

    private static ValType Map(Type t)
    {
        if (s_scalars.TryGetValue(t, out var v)) return v.Type;
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
        return _call;
    }

    private bool Matches(RtFuncType import)
    {
        if (import.Parameters.Count != _parameters.Length || (import.Result is null) != (_result is null)) return false;
        for (int i = 0; i < _parameters.Length; i++)
            if (import.Parameters[i].Type.ToString() != _parameters[i].ToString()) return false;
        return _result is null || import.Result!.ToString() == _result.ToString();
    }

    // (store, args) => new[] { ToValue(target(store?, FromValue(args[0]), ...)) }, or an empty array for void. The
    // runtime compiles core code to IL, so dynamic code is there whenever this runs. Exceptions leave the delegate
    // unwrapped, and the caller turns them into a trap naming the import.
    private static ComponentStoreHostFunction Compile(Delegate target, bool takesStore, Type[] parameters, Type result)
    {
        var store = Expression.Parameter(typeof(Store), "store");
        var args = Expression.Parameter(typeof(ComponentValue[]), "args");
        var arguments = new List<Expression>();
        if (takesStore) arguments.Add(store);
        for (int i = 0; i < parameters.Length; i++)
            arguments.Add(FromValue(parameters[i], Expression.ArrayIndex(args, Expression.Constant(i))));
        var call = Expression.Invoke(Expression.Constant(target), arguments);
        Expression body = result == typeof(void)
            ? Expression.Block(call, Expression.Constant(Array.Empty<ComponentValue>()))
            : Expression.NewArrayInit(typeof(ComponentValue), ToValue(result, call));
        return Expression.Lambda<ComponentStoreHostFunction>(body, store, args).Compile();
    }

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new MissingMethodException(type.Name, name);

    /// <summary>The CLR value of <paramref name="v"/> (a <see cref="ComponentValue"/> of <paramref name="t"/>'s component type).</summary>
    private static Expression FromValue(Type t, Expression v)
    {
        Expression As(string name) => Expression.Call(v, Method(typeof(ComponentValue), name));
        if (t == typeof(bool)) return As(nameof(ComponentValue.AsBool));
        if (t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long))
            return Expression.Convert(As(nameof(ComponentValue.AsInt64)), t);
        if (t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong))
            return Expression.Convert(As(nameof(ComponentValue.AsUInt64)), t);
        if (t == typeof(float)) return As(nameof(ComponentValue.AsSingle));
        if (t == typeof(double)) return As(nameof(ComponentValue.AsDouble));
        if (t == typeof(Rune)) return Expression.New(typeof(Rune).GetConstructor(new[] { typeof(int) })!, As(nameof(ComponentValue.AsChar)));
        if (t == typeof(string)) return As(nameof(ComponentValue.AsString));
        var element = t.GetElementType()!;
        var item = Expression.Parameter(typeof(ComponentValue), "item");
        var convert = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(ComponentValue), element), FromValue(element, item), item).Compile();
        return Expression.Call(Method(typeof(TypedHostFunction), nameof(ArrayOf)).MakeGenericMethod(element), v, Expression.Constant(convert));
    }

    /// <summary>The <see cref="ComponentValue"/> of <paramref name="x"/>, a CLR value of type <paramref name="t"/>.</summary>
    private static Expression ToValue(Type t, Expression x)
    {
        Expression Of(string name, Expression value) => Expression.Call(Method(typeof(ComponentValue), name), value);
        if (t == typeof(Rune)) return Of(nameof(ComponentValue.Char), Expression.Property(x, nameof(Rune.Value)));
        if (t == typeof(string)) return Of(nameof(ComponentValue.String), NotNull(x, t));
        if (t.IsArray)
        {
            var element = t.GetElementType()!;
            var item = Expression.Parameter(element, "item");
            var convert = Expression.Lambda(typeof(Func<,>).MakeGenericType(element, typeof(ComponentValue)), ToValue(element, item), item).Compile();
            return Expression.Call(Method(typeof(TypedHostFunction), nameof(ListOf)).MakeGenericMethod(element), NotNull(x, t), Expression.Constant(convert));
        }
        return Of(s_scalars[t].Factory, x);
    }

    /// <summary><paramref name="x"/>, checked to be non-null (a host function may return null for a string or an array).</summary>
    private static Expression NotNull(Expression x, Type t) =>
        Expression.Call(Method(typeof(TypedHostFunction), nameof(Checked)).MakeGenericMethod(t), x, Expression.Constant(Map(t).ToString()));

    private static T Checked<T>(T? x, string type) where T : class =>
        x ?? throw new InvalidOperationException($"the host function returned null for a {type}");

    private static T[] ArrayOf<T>(ComponentValue v, Func<ComponentValue, T> convert)
    {
        var items = v.Items;
        var array = new T[items.Length];
        for (int i = 0; i < items.Length; i++) array[i] = convert(items[i]);
        return array;
    }

    private static ComponentValue ListOf<T>(T[] array, Func<T, ComponentValue> convert)
    {
        var items = new ComponentValue[array.Length];
        for (int i = 0; i < items.Length; i++) items[i] = convert(array[i]);
        return ComponentValue.List(items);
    }
}
