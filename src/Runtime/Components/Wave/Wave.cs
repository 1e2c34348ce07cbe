using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// WAVE, the WebAssembly Value Encoding: the human-oriented text form of component values used by
/// <c>wasmtime run --invoke</c> and <c>wit-bindgen run</c>. Parsing is type-directed: <c>42</c>, <c>-1.5</c>,
/// <c>nan</c>, <c>inf</c>, <c>'x'</c>, <c>"text\n"</c>, <c>[1, 2]</c>, <c>(1, "a")</c>, <c>{a: 1, b: "x"}</c>
/// (option fields may be left out), <c>case(payload)</c>, enum cases, <c>some(1)</c> / <c>1</c> / <c>none</c>,
/// <c>ok(1)</c> / <c>err("e")</c> / <c>ok</c> / <c>err</c>, flags <c>{read, write}</c>; cases that are WAVE
/// keywords are written <c>%ok</c>. Maps (not in WAVE) are written as lists of key-value tuples.
/// Resources, futures, streams and error contexts have no encoding.
/// </summary>
public static class Wave
{
    /// <summary>Parses a value of <paramref name="type"/> (surrounding whitespace and <c>//</c> comments allowed).</summary>
    /// <exception cref="WaveException">The text does not encode a value of the type; the message gives the position.</exception>
    public static ComponentValue Parse(string text, ValType type)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (type is null) throw new ArgumentNullException(nameof(type));
        var parser = new WaveParser(text, 0);
        var value = parser.ParseValue(type);
        parser.ExpectEnd();
        return value;
    }

    /// <summary>Parses comma-separated arguments (no parentheses, trailing comma allowed) against a parameter list;
    /// trailing <c>option</c> arguments may be left out (they are <c>none</c>).</summary>
    /// <exception cref="WaveException">The text does not match the parameters.</exception>
    public static ComponentValue[] ParseArguments(string text, IReadOnlyList<ValType> parameters)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var parser = new WaveParser(text, 0);
        var values = parser.ParseArguments(parameters, closing: null);
        parser.ExpectEnd();
        return values;
    }

    /// <summary>Parses a call expression <c>name(args)</c> or <c>ns:pkg/iface@version#name(args)</c>: the function path now,
    /// the arguments with <c>WaveCall.ParseArguments</c> once the parameter types are known (WAVE is type-directed).</summary>
    /// <exception cref="WaveException">The text is not a call expression.</exception>
    public static WaveCall ParseCall(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        return new WaveParser(text, 0).ParseCall();
    }

    /// <summary>Writes <paramref name="value"/> of <paramref name="type"/> as WAVE (the canonical form: explicit
    /// <c>some</c>/<c>ok</c>, <c>none</c> record fields left out, shortest round-trip floats without exponents).</summary>
    /// <exception cref="ArgumentException">The value does not have the shape of the type, or the type has no WAVE encoding.</exception>
    public static string Format(ComponentValue value, ValType type)
    {
        if (type is null) throw new ArgumentNullException(nameof(type));
        var writer = new WaveWriter();
        writer.Write(value, type);
        return writer.ToString();
    }

    /// <summary>Writes argument values as a comma-separated list (the inside of a call's parentheses).</summary>
    /// <exception cref="ArgumentException">The values do not match the types.</exception>
    public static string FormatArguments(IReadOnlyList<ComponentValue> values, IReadOnlyList<ValType> types)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        if (types is null) throw new ArgumentNullException(nameof(types));
        if (values.Count != types.Count) throw new ArgumentException($"{values.Count} value(s) for {types.Count} type(s)", nameof(values));
        var writer = new WaveWriter();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) writer.Append(", ");
            writer.Write(values[i], types[i]);
        }
        return writer.ToString();
    }

    /// <summary>Whether <paramref name="label"/> is a WAVE keyword (<c>true false some none ok err inf nan</c>),
    /// which a variant or enum case of that name must prefix with <c>%</c>.</summary>
    public static bool IsKeyword(string label) => label is "true" or "false" or "some" or "none" or "ok" or "err" or "inf" or "nan";
}
