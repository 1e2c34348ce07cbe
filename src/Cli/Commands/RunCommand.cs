using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Runtime;
using WitBindgen.CoreWasm;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// <c>wit-bindgen run FILE.wasm --invoke EXPORT [ARGS...]</c>: instantiates a core module without imports,
/// calls an export with arguments parsed per its parameter types and prints the results one per line
/// like <c>wasmtime run --invoke</c> (decimal integers, shortest round-trip floats without exponents).
/// </summary>
internal static class RunCommand
{
    public static int Execute(string file, string invoke, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        byte[] bytes;
        try
        {
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

        var engine = new Engine();
        Module module;
        try
        {
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
        if (export is null || export.Kind != ExternalKind.Function)
        {
            var functions = module.Exports.Where(e => e.Kind == ExternalKind.Function).Select(e => e.Name).ToList();
            stderr.WriteLine($"error: failed to find function export `{invoke}`" +
                (functions.Count > 0 ? $"; exported functions: {string.Join(", ", functions)}" : ""));
            return 1;
        }
        var type = (FunctionType)export.Type;
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

        var store = new Store(engine);
        try
        {
            var instance = new Linker(engine).Instantiate(store, module);
            var results = instance.GetFunction(invoke)!.Invoke(values);
            foreach (var result in results) stdout.WriteLine(Format(result));
            return 0;
        }
        catch (Trap trap)
        {
            stderr.WriteLine($"error: failed to invoke `{invoke}`");
            stderr.WriteLine($"wasm trap: {trap.Message}");
            if (trap.WasmBacktrace.Count > 0)
            {
                stderr.WriteLine("wasm backtrace:");
                for (var i = 0; i < trap.WasmBacktrace.Count; i++) stderr.WriteLine($"  {i}: {trap.WasmBacktrace[i]}");
            }
            return 1;
        }
        catch (WasmException e)
        {
            // Link errors (unknown or incompatible import) and any other engine error below the one base type.
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    internal static bool TryParse(ValueType type, string text, out WasmValue value)
    {
        value = default;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal);
        switch (type)
        {
            case ValueType.I32:
                if (TryParseInteger(s, out var i32, 32)) { value = WasmValue.FromI32((int)i32); return true; }
                return false;
            case ValueType.I64:
                if (TryParseInteger(s, out var i64, 64)) { value = WasmValue.FromI64(i64); return true; }
                return false;
            case ValueType.F32:
                if (TryParseFloat(s, out var f32)) { value = WasmValue.FromF32((float)f32); return true; }
                return false;
            case ValueType.F64:
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

    /// <summary>Formats a result the way wasmtime prints it.</summary>
    internal static string Format(WasmValue value) => value.Type switch
    {
        ValueType.I32 => value.I32.ToString(CultureInfo.InvariantCulture),
        ValueType.I64 => value.I64.ToString(CultureInfo.InvariantCulture),
        ValueType.F32 => FormatFloat(value.F32.ToString("R", CultureInfo.InvariantCulture), float.IsNaN(value.F32), float.IsInfinity(value.F32)),
        ValueType.F64 => FormatFloat(value.F64.ToString("R", CultureInfo.InvariantCulture), double.IsNaN(value.F64), double.IsInfinity(value.F64)),
        ValueType.V128 => value.ToString(),
        _ => value.Ref is null ? "null" : value.ToString(),
    };

    /// <summary>Turns a shortest round-trip string into plain positional notation (no exponent), like Rust's Display.</summary>
    private static string FormatFloat(string shortest, bool nan, bool infinity)
    {
        if (nan) return "NaN";
        if (infinity) return shortest.StartsWith('-') ? "-inf" : "inf";
        var e = shortest.IndexOfAny(new[] { 'E', 'e' });
        if (e < 0) return shortest;
        var mantissa = shortest[..e];
        var exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        return builder.ToString();
    }
}
