using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Text;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Tests.Spec;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>Counts of one .wast file: assertions passed, failed, skipped (with the reasons).</summary>
internal sealed class WastFileResult
{
    public int Passed;
    public int Failed;
    public int Skipped;
    public readonly List<string> Failures = new();
    public readonly SortedSet<string> SkipReasons = new(StringComparer.Ordinal);
    public int Total => Passed + Failed + Skipped;
}

/// <summary>
/// Runs a Component Model reference test script (.wast) on the included runtime: <c>component</c>,
/// <c>component definition $X</c>, <c>component instance $x $X</c>, <c>invoke</c>, <c>assert_return</c> with
/// component values, <c>assert_trap</c> (message contained in the trap's), <c>assert_invalid</c> and
/// <c>assert_malformed</c> (the component must be rejected). Components text is assembled by
/// <see cref="WatAssembler"/>. Assertions on a component rejected as "not supported yet" (Preview 3) are
/// skipped with that reason.
/// </summary>
internal sealed class ComponentWastRunner
{
    private readonly Engine _engine = new();
    private readonly Dictionary<string, Component> _definitions = new(StringComparer.Ordinal);
    private ComponentInstance? _current;
    private string? _unsupported; // why the current component could not be run
    private readonly WastFileResult _result = new();

    public static WastFileResult RunFile(string path) => new ComponentWastRunner().Run(File.ReadAllText(path));

    public WastFileResult Run(string source)
    {
        foreach (var form in WastReader.Parse(source))
        {
            try
            {
                Directive(source, form);
            }
            catch (Exception e)
            {
                Fail(form, $"{e.GetType().Name}: {e.Message}");
            }
        }
        return _result;
    }

    private void Fail(SExpr form, string why)
    {
        _result.Failed++;
        var text = form.ToString();
        _result.Failures.Add((text.Length > 120 ? text.Substring(0, 120) + "..." : text) + " => " + why);
    }

    private void Directive(string source, SExpr form)
    {
        switch (form.Head)
        {
            case "component":
                DefineComponent(source, form);
                break;
            case "assert_return":
            case "assert_trap":
            case "invoke":
                if (_unsupported is not null) { Skip(_unsupported); return; }
                if (_current is null) { Fail(form, "no component instance"); return; }
                Assertion(form);
                break;
            case "assert_invalid":
            case "assert_malformed":
                Rejection(source, form);
                break;
            default:
                Skip($"directive {form.Head}");
                break;
        }
    }

    private void Skip(string reason)
    {
        _result.Skipped++;
        _result.SkipReasons.Add(reason);
    }

    private void DefineComponent(string source, SExpr form)
    {
        // (component instance $x $X)
        if (form.Count >= 3 && form[1].Atom == "instance")
        {
            var name = form[form.Count - 1].Atom!;
            if (!_definitions.TryGetValue(name, out var def)) { _unsupported = _unsupportedDefinitions.GetValueOrDefault(name) ?? _unsupported; _current = null; if (_unsupported is null) Fail(form, $"unknown definition {name}"); return; }
            _unsupported = null;
            _current = Instantiate(form, def);
            return;
        }
        bool definition = form.Count >= 2 && form[1].Atom == "definition";
        string? id = null;
        int next = definition ? 2 : 1;
        if (form.Count > next && form[next].Atom is { } a && a.StartsWith('$')) id = a;
        Component component;
        try
        {
            component = Component.FromBytes(_engine, Bytes(source, form));
        }
        catch (NotSupportedException e)
        {
            if (definition && id is not null) _unsupportedDefinitions[id] = e.Message;
            else { _unsupported = e.Message; _current = null; }
            return;
        }
        catch (Exception e) when (e.Message.StartsWith("unsupported feature", StringComparison.Ordinal))
        {
            // A core module uses a proposal the core engine does not implement (e.g. GC).
            if (definition && id is not null) _unsupportedDefinitions[id] = "core engine: " + e.Message;
            else { _unsupported = "core engine: " + e.Message; _current = null; }
            Skip("core engine: " + e.Message);
            return;
        }
        catch (Exception e)
        {
            _current = null;
            _unsupported = null;
            Fail(form, $"{e.GetType().Name}: {e.Message}");
            return;
        }
        if (definition)
        {
            if (id is not null) { _definitions[id] = component; _unsupportedDefinitions.Remove(id); }
            return;
        }
        _unsupported = null;
        _current = Instantiate(form, component);
    }

    private readonly Dictionary<string, string> _unsupportedDefinitions = new(StringComparer.Ordinal);

    private ComponentInstance? Instantiate(SExpr form, Component component)
    {
        try
        {
            var linker = new ComponentLinker(_engine);
            return linker.Instantiate(new Store(_engine), component);
        }
        catch (NotSupportedException e)
        {
            _unsupported = e.Message;
            return null;
        }
        catch (Exception e)
        {
            Fail(form, $"instantiation: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static byte[] Bytes(string source, SExpr form)
    {
        // (component [definition] [$id] binary "..."*) or text
        int i = 1;
        if (form.Count > i && form[i].Atom == "definition") i++;
        if (form.Count > i && form[i].Atom is { } a && a.StartsWith('$')) i++;
        if (form.Count > i && form[i].Atom == "binary" && !form[i].IsString)
        {
            var bytes = new List<byte>();
            for (int j = i + 1; j < form.Count; j++) bytes.AddRange(form[j].StringBytes());
            return bytes.ToArray();
        }
        if (form.Count > i && form[i].Atom == "quote" && !form[i].IsString)
        {
            var text = string.Concat(Enumerable.Range(i + 1, form.Count - i - 1).Select(j => form[j].StringText() + " "));
            return WatAssembler.Assemble("(component " + text + ")");
        }
        var raw = source.Substring(form.Start, form.End - form.Start);
        raw = Regex.Replace(raw, @"^\(component\s+definition\b", "(component");
        return WatAssembler.Assemble(raw);
    }

    private void Rejection(string source, SExpr form)
    {
        var inner = form[1];
        var expected = form.Count > 2 && form[2].IsString ? form[2].StringText() : "";
        if (inner.Head != "component") { Skip($"{form.Head} of a {inner.Head}"); return; }
        try
        {
            Component.FromBytes(_engine, Bytes(source, inner));
        }
        catch (NotSupportedException e)
        {
            // The validator accepted it; only the runtime's feature check refused it: not a pass.
            Skip($"{form.Head} accepted by the validator, refused as {e.Message}");
            return;
        }
        catch (Exception)
        {
            _result.Passed++;
            return;
        }
        Fail(form, $"accepted, expected \"{expected}\"");
    }

    private void Assertion(SExpr form)
    {
        var invoke = form.Head == "invoke" ? form : form[1];
        if (invoke.Head != "invoke") { Skip($"{form.Head} of {invoke.Head}"); return; }
        var name = invoke[1].StringText();
        var func = _current!.GetFunction(name);
        if (func is null) { Fail(form, $"no exported function {name}"); return; }
        var args = new ComponentValue[invoke.Count - 2];
        if (args.Length != func.Parameters.Count) { Fail(form, $"{name} takes {func.Parameters.Count} arguments"); return; }
        for (int i = 0; i < args.Length; i++) args[i] = ComponentValues.Parse(invoke[i + 2], func.Parameters[i].Type);
        switch (form.Head)
        {
            case "invoke":
                func.Call(args);
                _result.Passed++;
                return;
            case "assert_return":
            {
                var actual = func.Call(args);
                if (form.Count == 2)
                {
                    if (actual is null) _result.Passed++;
                    else Fail(form, $"expected no result, got {actual}");
                    return;
                }
                if (func.Result is null || actual is null) { Fail(form, "expected a result, the function returned none"); return; }
                var expected = ComponentValues.Parse(form[2], func.Result);
                if (ComponentValues.Same(expected, actual.Value)) _result.Passed++;
                else Fail(form, $"expected {expected}, got {actual}");
                return;
            }
            default:
            {
                var message = form[2].StringText();
                try
                {
                    var r = func.Call(args);
                    Fail(form, $"expected trap \"{message}\", returned {r}");
                }
                catch (Trap trap)
                {
                    var want = message.StartsWith("wasm trap: ", StringComparison.Ordinal) ? message.Substring(11) : message;
                    if (trap.Message.Contains(want, StringComparison.Ordinal)) _result.Passed++;
                    else Fail(form, $"expected trap \"{message}\", got \"{trap.Message}\"");
                }
                return;
            }
        }
    }
}

/// <summary>Component values written in .wast scripts, read against their type.</summary>
internal static class ComponentValues
{
    public static ComponentValue Parse(SExpr e, ValType t)
    {
        var head = e.Head ?? throw new InvalidDataException($"not a value: {e}");
        var args = e.Items.Skip(1).ToList();
        return ParseForm(head, args, t);
    }

    private static ComponentValue ParseForm(string head, List<SExpr> args, ValType t)
    {
        string Atom(int i) => args[i].IsString ? args[i].StringText() : args[i].Atom!;
        switch (head)
        {
            case "bool.const": return ComponentValue.Bool(Atom(0) == "true");
            case "u8.const": return ComponentValue.U8(unchecked((byte)WastNumbers.ParseI32(Atom(0))));
            case "s8.const": return ComponentValue.S8(unchecked((sbyte)WastNumbers.ParseI32(Atom(0))));
            case "u16.const": return ComponentValue.U16(unchecked((ushort)WastNumbers.ParseI32(Atom(0))));
            case "s16.const": return ComponentValue.S16(unchecked((short)WastNumbers.ParseI32(Atom(0))));
            case "u32.const": return ComponentValue.U32(unchecked((uint)WastNumbers.ParseI32(Atom(0))));
            case "s32.const": return ComponentValue.S32(WastNumbers.ParseI32(Atom(0)));
            case "u64.const": return ComponentValue.U64((ulong)WastNumbers.ParseI64(Atom(0)));
            case "s64.const": return ComponentValue.S64(WastNumbers.ParseI64(Atom(0)));
            case "f32.const": return ComponentValue.F32Bits(WastNumbers.ParseF32Bits(Atom(0)));
            case "f64.const": return ComponentValue.F64Bits(WastNumbers.ParseF64Bits(Atom(0)));
            case "char.const": return ComponentValue.Char(char.ConvertToUtf32(Atom(0), 0));
            case "str.const": return ComponentValue.String(args.Count == 0 ? "" : Atom(0));
            case "list.const":
            {
                var items = args.Select(a => Parse(a, t.Element!)).ToArray();
                return ComponentValue.List(items);
            }
            case "tuple.const":
            {
                var items = new ComponentValue[args.Count];
                for (int i = 0; i < items.Length; i++) items[i] = Parse(args[i], t.Fields[i]);
                return ComponentValue.Tuple(items);
            }
            case "record.const":
            {
                var items = new ComponentValue[t.Fields.Count];
                foreach (var f in args)
                {
                    var fname = f[1].StringText();
                    int index = t.Names.ToList().IndexOf(fname);
                    if (index < 0) throw new InvalidDataException($"no field {fname}");
                    var ft = t.Fields[index];
                    items[index] = f.Count == 3 && f[2].IsList
                        ? Parse(f[2], ft)
                        : ParseForm(f[2].Atom!, f.Items.Skip(3).ToList(), ft);
                }
                return ComponentValue.Record(items);
            }
            case "variant.const":
            {
                int index = t.Names.ToList().IndexOf(Atom(0));
                if (index < 0) throw new InvalidDataException($"no case {Atom(0)}");
                ComponentValue? payload = args.Count > 1 ? Parse(args[1], t.Cases[index]!) : null;
                return ComponentValue.Variant(index, payload);
            }
            case "enum.const":
            {
                int index = t.Names.ToList().IndexOf(Atom(0));
                if (index < 0) throw new InvalidDataException($"no case {Atom(0)}");
                return ComponentValue.Enum(index);
            }
            case "flags.const":
            {
                uint mask = 0;
                var names = t.Names.ToList();
                for (int i = 0; i < args.Count; i++) mask |= 1u << names.IndexOf(Atom(i));
                return ComponentValue.Flags(mask);
            }
            case "option.none": return ComponentValue.None;
            case "option.some": return ComponentValue.Some(Parse(args[0], t.Element!));
            case "result.ok": return ComponentValue.Ok(args.Count > 0 ? Parse(args[0], t.Ok!) : null);
            case "result.err": return ComponentValue.Err(args.Count > 0 ? Parse(args[0], t.Err!) : null);
            default: throw new InvalidDataException($"unknown value form {head}");
        }
    }

    /// <summary>Equality as the reference runner compares values: structural, any NaN matches any NaN.</summary>
    public static bool Same(ComponentValue expected, ComponentValue actual)
    {
        if (expected.Kind == ValTypeKind.F32 && actual.Kind == ValTypeKind.F32 && float.IsNaN(expected.AsSingle())) return float.IsNaN(actual.AsSingle());
        if (expected.Kind == ValTypeKind.F64 && actual.Kind == ValTypeKind.F64 && double.IsNaN(expected.AsDouble())) return double.IsNaN(actual.AsDouble());
        return expected.Equals(actual);
    }
}
