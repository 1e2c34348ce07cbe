using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Text;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Types;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>The options of <c>run</c>.</summary>
/// <param name="File">The module or component (binary or text).</param>
/// <param name="Invoke">A core export's name, or a component's WAVE call expression.</param>
/// <param name="Args">A core export's arguments.</param>
/// <param name="Fuel">Fuel for the whole run (instantiation and call), or null for none.</param>
/// <param name="Timeout">A duration such as <c>500ms</c> or <c>2s</c>, or null for none.</param>
/// <param name="TrapUnknownImports">Whether a component's imports that the host lacks become trapping functions.</param>
/// <param name="Dirs">WASI preopens, <c>HOST::GUEST[:ro]</c>.</param>
/// <param name="Env">WASI environment, <c>K=V</c> or <c>K</c> (inherited).</param>
/// <param name="InheritEnv">Whether the WASI guest gets the host's whole environment.</param>
/// <param name="AllowNet">WASI sockets allow rules, <c>ADDR:PORT</c> (ADDR may be a CIDR block or <c>*</c>, PORT <c>*</c>).</param>
/// <param name="AllowNameLookup">Whether the WASI guest may resolve host names.</param>
internal sealed record RunSettings(string File, string? Invoke, IReadOnlyList<string> Args, long? Fuel = null, string? Timeout = null, bool TrapUnknownImports = false,
    IReadOnlyList<string>? Dirs = null, IReadOnlyList<string>? Env = null, bool InheritEnv = false, IReadOnlyList<string>? AllowNet = null, bool AllowNameLookup = false);

/// <summary>
/// <c>wit-bindgen run FILE --invoke ...</c>. A core module (without imports) gets the export's name and its
/// arguments after the file, parsed per the parameter types; results are printed one per line like
/// <c>wasmtime run --invoke</c> (decimal integers, shortest round-trip floats without exponents). A component
/// gets a WAVE call expression, <c>name(args)</c> or <c>ns:pkg/iface@version#name(args)</c>; its result is printed
/// in WAVE. <c>--fuel</c> and <c>--timeout</c> bound both; a trap prints its message and a compact backtrace.
/// Exit code 0 on success, 1 on a trap or an error.
/// </summary>
internal static class RunCommand
{
    public static int Execute(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var file = settings.File;
        if (settings.Fuel is < 0)
        {
            stderr.WriteLine($"error: --fuel must not be negative, got {settings.Fuel}");
            return 1;
        }
        TimeSpan? timeout = null;
        if (settings.Timeout is { } timeoutText)
        {
            if (!TryParseDuration(timeoutText, out var span))
            {
                stderr.WriteLine($"error: --timeout `{timeoutText}` is not a duration (e.g. 500ms, 2s, 1.5m, 1h; a bare number is seconds)");
                return 1;
            }
            timeout = span;
        }

        byte[] bytes;
        try
        {
            using var step = Progress.For(stderr).Start($"reading {file}");
            bytes = WatAssembler.ToBinary(File.ReadAllBytes(file), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot read {file}: {e.Message}");
            return 1;
        }
        catch (WatException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }

        // One program per process, never unloaded: tiered code makes every function's first call cheaper.
        var engine = new Engine(new EngineOptions { ConsumeFuel = settings.Fuel is not null, TieredCompilation = true });
        // The preamble's layer field tells a component (1) from a core module (0); text was assembled above.
        bool isComponent = WitBindgen.ComponentModel.Binary.ComponentReader.IsComponent(bytes);
        if (settings.Invoke is null)
        {
            if (isComponent) return WasiRun.Execute(engine, bytes, settings, timeout, stdout, stderr);
            Module module;
            try
            {
                using var step = Progress.For(stderr).Start($"compiling {file}");
                module = Module.FromBytes(engine, bytes);
            }
            catch (Exception e) when (e is WasmException or NotSupportedException)
            {
                stderr.WriteLine($"error: {file}: {e.Message}");
                return 1;
            }
            if (WitBindgen.Runtime.Wasi.Preview1.Imports(module) || module.Exports.Any(e => e.Name == "_start"))
                return WasiRun.ExecutePreview1(engine, module, settings, timeout, stdout, stderr);
            stderr.WriteLine("error: a core module needs --invoke NAME (or a `_start` export, run as a WASI preview1 command)");
            return 1;
        }
        if ((settings.Dirs?.Count ?? 0) > 0 || (settings.Env?.Count ?? 0) > 0 || settings.InheritEnv || (settings.AllowNet?.Count ?? 0) > 0 || settings.AllowNameLookup)
        {
            stderr.WriteLine("error: --dir, --env, --inherit-env, --allow-net and --allow-ip-name-lookup configure WASI, for running a component without --invoke");
            return 1;
        }
        return isComponent
            ? RunComponent(engine, bytes, settings, timeout, stdout, stderr)
            : RunCoreModule(engine, bytes, settings, timeout, stdout, stderr);
    }

    internal static Store NewStore(Engine engine, RunSettings settings, TimeSpan? timeout)
    {
        var store = new Store(engine);
        if (settings.Fuel is { } fuel) store.Fuel = fuel;
        if (timeout is { } span) store.SetDeadline(span);
        return store;
    }

    private static int RunCoreModule(Engine engine, byte[] bytes, RunSettings settings, TimeSpan? timeout, TextWriter stdout, TextWriter stderr)
    {
        var (file, invoke, args) = (settings.File, settings.Invoke!, settings.Args);
        Module module;
        try
        {
            using var step = Progress.For(stderr).Start($"compiling {file}");
            module = Module.FromBytes(engine, bytes);
        }
        catch (Exception e) when (e is WasmException or NotSupportedException)
        {
            stderr.WriteLine($"error: {file}: {e.Message}");
            return 1;
        }

        if (module.Imports.Count > 0)
        {
            stderr.WriteLine($"error: {file} has imports that cannot be resolved (only modules without imports can be run):");
            foreach (var import in module.Imports)
                stderr.WriteLine($"  {import.Module}::{import.Name} ({import.Kind.ToString().ToLowerInvariant()} {import.Type})");
            return 1;
        }

        var export = module.Exports.FirstOrDefault(e => e.Name == invoke);
        if (export is null || export.Kind != ExternKind.Function)
        {
            var functions = module.Exports.Where(e => e.Kind == ExternKind.Function).Select(e => e.Name).ToList();
            stderr.WriteLine($"error: failed to find function export `{invoke}`" +
                (functions.Count > 0 ? $"; exported functions: {string.Join(", ", functions)}" : ""));
            return 1;
        }
        var type = (FuncType)export.Type;
        if (args.Count != type.Params.Length)
        {
            stderr.WriteLine($"error: `{invoke}` expects {type.Params.Length} argument(s) {type}, got {args.Count}");
            return 1;
        }
        var values = new WasmValue[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            if (!TryParse(type.Params[i], args[i], out values[i]))
            {
                stderr.WriteLine($"error: argument {i + 1} `{args[i]}` is not a valid {type.Params[i].Name()}");
                return 1;
            }
        }

        var store = NewStore(engine, settings, timeout);
        try
        {
            var instance = new Linker(engine).Instantiate(store, module);
            var results = instance.GetFunction(invoke)!.Invoke(values);
            foreach (var result in results) stdout.WriteLine(Format(result));
            return 0;
        }
        catch (Trap trap)
        {
            TrapReport.Write(stderr, invoke, trap, settings);
            return 1;
        }
        catch (WasmException e)
        {
            // Link errors (unknown or incompatible import) and any other engine error below the one base type.
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        finally
        {
            store.SetDeadline(null);
        }
    }

    private static int RunComponent(Engine engine, byte[] bytes, RunSettings settings, TimeSpan? timeout, TextWriter stdout, TextWriter stderr)
    {
        var file = settings.File;
        if (settings.Args.Count > 0)
        {
            stderr.WriteLine($"error: a component's arguments go inside --invoke in WAVE, e.g. --invoke '{settings.Invoke}({string.Join(", ", settings.Args)})'");
            return 1;
        }
        WaveCall call;
        try
        {
            call = Wave.ParseCall(settings.Invoke!);
        }
        catch (WaveException e)
        {
            WriteWaveError(stderr, e);
            return 1;
        }

        Component component;
        try
        {
            using var step = Progress.For(stderr).Start($"compiling {file}");
            component = Component.FromBytes(engine, bytes);
        }
        catch (Exception e) when (e is not Trap)
        {
            stderr.WriteLine($"error: {file}: {e.Message}");
            return 1;
        }

        var store = NewStore(engine, settings, timeout);
        var stage = "instantiate the component";
        try
        {
            var linker = new ComponentLinker(engine);
            if (settings.TrapUnknownImports) linker.DefineUnknownImportsAsTraps(component);
            ComponentInstance instance;
            try
            {
                instance = linker.Instantiate(store, component);
            }
            catch (Exception e) when (e is not Trap)
            {
                stderr.WriteLine($"error: {file}: {e.Message}");
                if (!settings.TrapUnknownImports && component.Imports.Count > 0)
                    stderr.WriteLine("note: --trap-unknown-imports defines the imports this host lacks as functions that trap when called");
                return 1;
            }

            var function = call.InstanceName is { } instanceName
                ? instance.GetFunction(instanceName, call.FunctionName)
                : instance.GetFunction(call.FunctionName);
            if (function is null)
            {
                var exports = component.Exports.Select(e => e.Name).ToList();
                stderr.WriteLine($"error: failed to find function export `{call}`" +
                    (exports.Count > 0 ? $"; the component exports: {string.Join(", ", exports)}" : ""));
                return 1;
            }

            ComponentValue[] arguments;
            try
            {
                arguments = call.ParseArguments(function.Parameters);
            }
            catch (WaveException e)
            {
                WriteWaveError(stderr, e);
                stderr.WriteLine($"note: `{call}` takes ({string.Join(", ", function.Parameters.Select(p => $"{p.Name}: {p.Type}"))})");
                return 1;
            }

            stage = $"invoke `{call}`";
            var result = function.Call(arguments);
            if (function.Result is { } resultType && result is { } value)
            {
                string text;
                try
                {
                    text = Wave.Format(value, resultType);
                }
                catch (ArgumentException e)
                {
                    stderr.WriteLine($"error: cannot print the result of `{call}` ({resultType}) in WAVE: {e.Message}");
                    return 1;
                }
                stdout.WriteLine(text);
            }
            return 0;
        }
        catch (Trap trap)
        {
            TrapReport.Write(stderr, call.ToString(), trap, settings);
            return 1;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"error: failed to {stage}: {e.Message}");
            return 1;
        }
        finally
        {
            store.SetDeadline(null);
        }
    }

    /// <summary>A WAVE error with the expression and a caret under the position (single-line expressions).</summary>
    private static void WriteWaveError(TextWriter stderr, WaveException e)
    {
        stderr.WriteLine($"error: invalid --invoke expression: {e.Message}");
        if (e.Text.Contains('\n', StringComparison.Ordinal)) return;
        stderr.WriteLine($"  {e.Text}");
        stderr.WriteLine($"  {new string(' ', Math.Max(0, e.Column - 1))}^");
    }

    /// <summary><c>500ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c>, <c>250us</c>; a bare number is seconds.</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Regex.Match(text.Trim(), @"^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|sec|m|min|h)?$", RegexOptions.CultureInvariant);
        if (!match.Success) return false;
        var number = double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var seconds = match.Groups[2].Value switch
        {
            "ns" => number / 1e9,
            "us" or "µs" => number / 1e6,
            "ms" => number / 1e3,
            "m" or "min" => number * 60,
            "h" => number * 3600,
            _ => number,
        };
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    internal static bool TryParse(ValueKind type, string text, out WasmValue value)
    {
        value = default;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal);
        switch (type)
        {
            case ValueKind.I32:
                if (TryParseInteger(s, out var i32, 32)) { value = WasmValue.FromI32((int)i32); return true; }
                return false;
            case ValueKind.I64:
                if (TryParseInteger(s, out var i64, 64)) { value = WasmValue.FromI64(i64); return true; }
                return false;
            case ValueKind.F32:
                if (TryParseFloat(s, out var f32)) { value = WasmValue.FromF32((float)f32); return true; }
                return false;
            case ValueKind.F64:
                if (TryParseFloat(s, out var f64)) { value = WasmValue.FromF64(f64); return true; }
                return false;
            default:
                return false;
        }
    }

    /// <summary>Signed or unsigned decimal, or 0x hex, fitting <paramref name="bits"/> bits.</summary>
    private static bool TryParseInteger(string s, out long value, int bits)
    {
        value = 0;
        var negative = s.StartsWith('-');
        var body = negative || s.StartsWith('+') ? s[1..] : s;
        ulong magnitude;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)) return false;
        }
        else if (!ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }
        var unsignedMax = bits == 32 ? uint.MaxValue : ulong.MaxValue;
        var signedMin = bits == 32 ? (ulong)int.MaxValue + 1 : (ulong)long.MaxValue + 1;
        if (negative)
        {
            if (magnitude > signedMin) return false;
            value = unchecked(-(long)magnitude);
            return true;
        }
        if (magnitude > unsignedMax) return false;
        value = unchecked((long)magnitude);
        return true;
    }

    private static bool TryParseFloat(string s, out double value)
    {
        switch (s.ToLowerInvariant())
        {
            case "nan" or "+nan": value = double.NaN; return true;
            case "-nan": value = -double.NaN; return true;
            case "inf" or "+inf" or "infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats a core result the way wasmtime prints it (floats as Rust's Display: <c>NaN</c>, <c>inf</c>, no exponent).</summary>
    internal static string Format(WasmValue value) => value.Type switch
    {
        ValueKind.I32 => value.I32.ToString(CultureInfo.InvariantCulture),
        ValueKind.I64 => value.I64.ToString(CultureInfo.InvariantCulture),
        ValueKind.F32 => float.IsNaN(value.F32) ? "NaN" : Wave.Format(ComponentValue.F32(value.F32), ValType.F32),
        ValueKind.F64 => double.IsNaN(value.F64) ? "NaN" : Wave.Format(ComponentValue.F64(value.F64), ValType.F64),
        ValueKind.V128 => value.ToString(),
        _ => value.Ref is null ? "null" : value.ToString(),
    };
}
