using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using WitBindgen.Runtime.Compilation;

namespace WitBindgen.Runtime.Execution;

/// <summary>Maps the .NET frames of a trap (methods <c>f{index}</c> and first bodies <c>t{index}</c> of compiled modules) to wasm function names.</summary>
internal static class Backtrace
{
    public static IReadOnlyList<string> Capture(Exception exception)
    {
        var frames = new List<string>();
        try
        {
            foreach (var frame in new StackTrace(exception, false).GetFrames())
            {
                var method = frame.GetMethod();
                if (method?.DeclaringType is not { } type || !CompiledModule.TryFind(type, out var module)) continue;
                if (method.Name.Length > 1 && method.Name[0] is 'f' or 't'
                    && int.TryParse(method.Name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    frames.Add(module.FunctionName(index));
            }
        }
        catch (NotSupportedException)
        {
            // Stack traces may be unavailable (trimmed/AOT); the trap still carries its code.
        }
        return frames;
    }
}
