using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// A parsed WAVE function call, <c>name(args)</c> or <c>ns:pkg/iface@version#name(args)</c> (the form of
/// <c>wasmtime run --invoke</c>). The arguments stay text until the function's parameter types are known:
/// <c>ParseArguments</c> parses them, reporting positions in the whole call text.
/// </summary>
public sealed class WaveCall
{
    internal WaveCall(string text, string? instanceName, string functionName, int argumentsOffset)
    {
        Text = text;
        InstanceName = instanceName;
        FunctionName = functionName;
        ArgumentsOffset = argumentsOffset;
    }

    /// <summary>The call text.</summary>
    public string Text { get; }

    /// <summary>The exported instance (interface) before <c>#</c>, e.g. <c>ns:pkg/iface@1.0.0</c>, or null for a root export.</summary>
    public string? InstanceName { get; }

    /// <summary>The function name, e.g. <c>add</c> or <c>[method]counter.get</c>.</summary>
    public string FunctionName { get; }

    /// <summary>Offset of the opening parenthesis of the arguments in <see cref="Text"/>.</summary>
    public int ArgumentsOffset { get; }

    /// <summary>Parses the arguments against the parameter types (trailing <c>option</c> arguments may be left out: they are <c>none</c>).</summary>
    /// <exception cref="WaveException">The arguments do not match the parameters.</exception>
    public ComponentValue[] ParseArguments(IReadOnlyList<ValType> parameters)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var parser = new WaveParser(Text, ArgumentsOffset);
        var values = parser.ParseArgumentList(parameters);
        parser.ExpectEnd();
        return values;
    }

    /// <summary>Parses the arguments against named parameters (a function's parameter list); errors name the parameter.</summary>
    /// <exception cref="WaveException">The arguments do not match the parameters.</exception>
    public ComponentValue[] ParseArguments(IReadOnlyList<(string Name, ValType Type)> parameters)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var types = new ValType[parameters.Count];
        var names = new string[parameters.Count];
        for (var i = 0; i < types.Length; i++) (names[i], types[i]) = parameters[i];
        var parser = new WaveParser(Text, ArgumentsOffset);
        var values = parser.ParseArgumentList(types, names);
        parser.ExpectEnd();
        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => InstanceName is null ? FunctionName : InstanceName + "#" + FunctionName;
}
