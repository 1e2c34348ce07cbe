using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using WitBindgen.Runtime;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// Prints a trap like wasmtime (<c>error: failed to invoke `f`</c>, <c>wasm trap: ...</c>, <c>wasm backtrace:</c>),
/// with a compact backtrace: a deep recursion shows its first and last frames and how many were left out
/// instead of tens of thousands of lines.
/// </summary>
internal static class TrapReport
{
    /// <summary>Frames shown from the innermost end of a long backtrace.</summary>
    public const int HeadFrames = 10;

    /// <summary>Frames shown from the outermost end of a long backtrace.</summary>
    public const int TailFrames = 10;

    public static void Write(TextWriter stderr, string invoked, Trap trap, RunSettings settings)
    {
        stderr.WriteLine($"error: failed to invoke `{invoked}`");
        stderr.WriteLine($"wasm trap: {trap.Message}");
        if (trap.Code == TrapCode.OutOfFuel && settings.Fuel is { } fuel)
            stderr.WriteLine($"note: the {fuel.ToString(CultureInfo.InvariantCulture)} units of fuel given with --fuel were consumed");
        else if (trap.Code == TrapCode.Interrupted && settings.Timeout is { } timeout)
            stderr.WriteLine($"note: the --timeout of {timeout} expired");
        var frames = trap.WasmBacktrace;
        if (frames.Count == 0) return;
        stderr.WriteLine("wasm backtrace:");
        foreach (var line in BacktraceLines(frames)) stderr.WriteLine(line);
    }

    /// <summary>The numbered frames, innermost first; beyond <see cref="HeadFrames"/> + <see cref="TailFrames"/> + 1
    /// frames only both ends are listed, with a line counting the frames in between.</summary>
    public static IEnumerable<string> BacktraceLines(IReadOnlyList<string> frames)
    {
        var width = Math.Max(1, (frames.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        string Frame(int i) => $"  {i.ToString(CultureInfo.InvariantCulture).PadLeft(width)}: {frames[i]}";
        if (frames.Count <= HeadFrames + TailFrames + 1)
        {
            for (var i = 0; i < frames.Count; i++) yield return Frame(i);
            yield break;
        }
        for (var i = 0; i < HeadFrames; i++) yield return Frame(i);
        var omitted = frames.Count - HeadFrames - TailFrames;
        yield return $"  {new string(' ', width)}  ... {omitted.ToString(CultureInfo.InvariantCulture)} frames omitted ...";
        for (var i = frames.Count - TailFrames; i < frames.Count; i++) yield return Frame(i);
    }
}
