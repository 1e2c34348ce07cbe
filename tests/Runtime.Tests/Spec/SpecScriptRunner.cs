using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>Runs one .wast script against an <see cref="ISpecEngine"/> and counts the outcome per command kind.</summary>
internal sealed class SpecScriptRunner
{
    private sealed class ModuleSlot
    {
        public object? Module;
        public object? Instance;
        /// <summary>Why the module is unavailable ("feature X", "not assemblable", "failed"...).</summary>
        public string? Unavailable;
        public bool IsSkip;
        /// <summary>Set when a skipped module imported from this instance: its state may differ from the script's.</summary>
        public string? Tainted;
    }

    private enum ModuleForm { Text, Binary, Quote }

    private readonly ISpecEngine _engine;
    private readonly string _file;
    private readonly string _source;
    private readonly SpecFileResult _result;
    private readonly Dictionary<string, ModuleSlot> _named = new(StringComparer.Ordinal);
    private ModuleSlot? _current;
    private bool _registeredSkipped;
    private readonly HashSet<string> _skippedRegistrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSlot> _registered = new(StringComparer.Ordinal);
    private int[] _lineStarts = Array.Empty<int>();

    private SpecScriptRunner(ISpecEngine engine, string path)
    {
        _engine = engine;
        _file = Path.GetFileName(path);
        _source = File.ReadAllText(path);
        _result = new SpecFileResult(_file);
    }

    public static SpecFileResult Run(ISpecEngine engine, string path)
    {
        var runner = new SpecScriptRunner(engine, path);
        var skip = SpecFeatures.FileSkipReason(path);
        if (skip is not null)
        {
            runner._result.SkippedReason = skip;
            return runner._result;
        }
        runner.RunAll();
        return runner._result;
    }

    private void RunAll()
    {
        _lineStarts = ComputeLineStarts(_source);
        List<SExpr> commands;
        try
        {
            commands = WastReader.Parse(_source);
        }
        catch (Exception e)
        {
            _result.For("script").Failed++;
            _result.Failures.Add("script does not parse: " + e.Message);
            return;
        }
        for (var index = 0; index < commands.Count; index++)
        {
            var command = commands[index];
            try
            {
                if (IsModuleField(command))
                {
                    // A script made of module fields is one implicit module (inline-module.wast).
                    var last = index;
                    while (last + 1 < commands.Count && IsModuleField(commands[last + 1])) last++;
                    var end = commands[last].End;
                    var text = "(module " + _source.Substring(command.Start, end - command.Start) + ")";
                    index = last;
                    ModuleCommand(new SExpr(null, false, new List<SExpr> { new("module", false, null, command.Start, command.Start) }, command.Start, end), text);
                    continue;
                }
                if (command.IsList && command.Count > 0 && IsAnnotation(command[0]))
                {
                    // ((@a) module (@a) $m ...): annotations are the assembler's business; keep the id for bindings.
                    var stripped = new SExpr(null, false, command.Items.Where(i => !IsAnnotation(i)).ToList(), command.Start, command.End);
                    if (stripped.Head == "module")
                    {
                        ModuleCommand(stripped, _source.Substring(command.Start, command.End - command.Start));
                        continue;
                    }
                }
                RunCommand(command);
            }
            catch (Exception e)
            {
                Fail(command.Head ?? "?", command, "runner error: " + e.GetType().Name + ": " + e.Message);
            }
        }
    }

    private void RunCommand(SExpr command)
    {
        switch (command.Head)
        {
            case "module": ModuleCommand(command); break;
            case "register": Register(command); break;
            case "invoke":
            case "get": TopLevelAction(command); break;
            case "assert_return": AssertReturn(command); break;
            case "assert_trap": AssertTrap(command); break;
            case "assert_exhaustion": AssertExhaustion(command); break;
            case "assert_invalid": AssertInvalid(command); break;
            case "assert_malformed": AssertMalformed(command); break;
            case "assert_unlinkable": AssertUnlinkable(command); break;
            case "assert_uninstantiable": AssertUninstantiable(command); break;
            case "assert_exception": AssertException(command); break;
            default:
                // Top-level module fields form an implicit module (inline-module.wast).
                Skip(command.Head ?? "?", "inline module fields");
                break;
        }
    }

    private static bool IsAnnotation(SExpr e) => e.IsList && e.Count > 0 && e[0].Atom is { } a && a.StartsWith('@');

    private static bool IsModuleField(SExpr e) =>
        e.Head is "func" or "memory" or "table" or "global" or "type" or "import" or "export" or "start" or "elem" or "data" or "rec";

    // ---------- bookkeeping ----------

    private int LineOf(SExpr e)
    {
        var index = Array.BinarySearch(_lineStarts, e.Start);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static int[] ComputeLineStarts(string s)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < s.Length; i++) if (s[i] == '\n') starts.Add(i + 1);
        return starts.ToArray();
    }

    private void Pass(string kind) => _result.For(kind).Passed++;

    private void Fail(string kind, SExpr command, string detail)
    {
        var line = LineOf(command);
        if (KnownDeviations.Find(_file, line) is not null)
        {
            _result.For(kind).Deviations++;
            return;
        }
        _result.For(kind).Failed++;
        _result.Failures.Add($"line {line}: {kind}: {detail}");
    }

    /// <summary>A failure of an action on <paramref name="slot"/>: a skip when the instance's state is tainted.</summary>
    private void FailOn(ModuleSlot slot, string kind, SExpr command, string detail)
    {
        if (slot.Tainted is { } reason) Skip(kind, "state changed by a skipped module (" + reason + ")");
        else Fail(kind, command, detail);
    }

    private void Skip(string kind, string reason)
    {
        reason = System.Text.RegularExpressions.Regex.Replace(reason, " at offset (0x)?[0-9a-fA-F]+", "");
        _result.For(kind).Skipped++;
        _result.SkipReasons[reason] = _result.SkipReasons.GetValueOrDefault(reason) + 1;
    }

    private void NotRun(string kind) => _result.For(kind).NotRun++;

    // ---------- module text/binary ----------

    /// <summary>Header of a (module ...) form: id, definition/instance flags, and where the fields start.</summary>
    private static (string? Id, bool Definition, bool Instance, int FieldIndex) ModuleHeader(SExpr m)
    {
        var i = 1;
        var definition = false;
        var instance = false;
        if (i < m.Count && !m[i].IsList && !m[i].IsString && m[i].Atom == "definition") { definition = true; i++; }
        else if (i < m.Count && !m[i].IsList && !m[i].IsString && m[i].Atom == "instance") { instance = true; i++; }
        string? id = null;
        if (i < m.Count && !m[i].IsList && !m[i].IsString && m[i].Atom!.StartsWith('$')) { id = m[i].Atom; i++; }
        return (id, definition, instance, i);
    }

    private static ModuleForm FormOf(SExpr m, int fieldIndex)
    {
        if (fieldIndex < m.Count && !m[fieldIndex].IsList && !m[fieldIndex].IsString)
        {
            if (m[fieldIndex].Atom == "binary") return ModuleForm.Binary;
            if (m[fieldIndex].Atom == "quote") return ModuleForm.Quote;
        }
        return ModuleForm.Text;
    }

    /// <summary>The module's binary; null with an assembler error when ConvertText rejects the text.</summary>
    private byte[]? ModuleBytes(SExpr m, out ModuleForm form, out string? assembleError)
    {
        var (_, _, _, fieldIndex) = ModuleHeader(m);
        form = FormOf(m, fieldIndex);
        assembleError = null;
        if (form == ModuleForm.Binary)
        {
            var bytes = new List<byte>();
            for (var i = fieldIndex + 1; i < m.Count; i++) bytes.AddRange(m[i].StringBytes());
            return bytes.ToArray();
        }
        string text;
        if (form == ModuleForm.Quote)
        {
            var sb = new StringBuilder("(module ");
            for (var i = fieldIndex + 1; i < m.Count; i++) sb.Append(m[i].StringText()).Append(' ');
            sb.Append(')');
            text = sb.ToString();
        }
        else
        {
            var start = fieldIndex < m.Count ? m[fieldIndex].Start : m.End - 1;
            text = "(module " + _source.Substring(start, m.End - 1 - start) + ")";
        }
        return Assemble(text, out assembleError);
    }

    /// <summary>Assembles module text with the test-only assembler (wasmtime's ConvertText).</summary>
    private static byte[]? Assemble(string text, out string? assembleError)
    {
        assembleError = null;
        try
        {
            return Wasmtime.Module.ConvertText(text);
        }
        catch (Exception e)
        {
            assembleError = e.Message;
        }
        // The assembler lints "confusing" characters in strings; escaped they mean the same bytes.
        var escaped = EscapeNonAsciiInStrings(text);
        if (escaped == text) return null;
        try
        {
            var bytes = Wasmtime.Module.ConvertText(escaped);
            assembleError = null;
            return bytes;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static string EscapeNonAsciiInStrings(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (!inString)
            {
                if (ch == '"') inString = true;
                sb.Append(ch);
                continue;
            }
            if (ch == '\\' && i + 1 < text.Length)
            {
                sb.Append(ch).Append(text[++i]);
                continue;
            }
            if (ch == '"') inString = false;
            if (ch < 0x80)
            {
                sb.Append(ch);
                continue;
            }
            var code = char.IsHighSurrogate(ch) && i + 1 < text.Length ? char.ConvertToUtf32(ch, text[++i]) : ch;
            sb.Append("\\u{").Append(code.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('}');
        }
        return sb.ToString();
    }

    /// <summary>The "unsupported feature: X" text of a decode/validation error, or null.</summary>
    private static string? UnsupportedFeature(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            var reason = e switch
            {
                WasmDecodeException d => d.Reason,
                WasmValidationException v => v.Reason,
                NotSupportedException n => n.Message, // the compiler's "unsupported feature: ..." (e.g. SIMD)
                _ => null,
            };
            if (reason is not null && reason.StartsWith("unsupported feature", StringComparison.Ordinal)) return reason["unsupported feature: ".Length..];
        }
        return null;
    }

    /// <summary>The spec-worded reason of a decode/validation error (unwrapping engine wrappers), or null.</summary>
    private static string? RejectionReason(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is WasmDecodeException d) return d.Reason;
            if (e is WasmValidationException v) return v.Reason;
        }
        return null;
    }

    private static bool MessageMatches(string actual, string expected) =>
        actual.StartsWith(expected, StringComparison.Ordinal) || actual.Contains(expected, StringComparison.Ordinal);


    // ---------- commands ----------

    private void ModuleCommand(SExpr m, string? wholeText = null)
    {
        var (id, definition, instance, fieldIndex) = ModuleHeader(m);
        var slot = new ModuleSlot();
        if (instance)
        {
            // (module instance $I $M)
            var source = fieldIndex < m.Count ? m[fieldIndex].Atom : null;
            if (source is null || !_named.TryGetValue(source, out var def)) { Fail("module", m, "unknown module definition"); slot.Unavailable = "failed"; }
            else if (def.Unavailable is not null) { slot.Unavailable = def.Unavailable; slot.IsSkip = def.IsSkip; Skip("module", def.Unavailable); }
            else if (!_engine.CanExecute) { slot.Unavailable = "no engine"; NotRun("module"); }
            else InstantiateInto(slot, def.Module!, m);
            Bind(id, slot);
            return;
        }

        string? assembleError = null;
        var bytes = wholeText is null ? ModuleBytes(m, out _, out assembleError) : Assemble(wholeText, out assembleError);
        if (bytes is null)
        {
            _result.For("module").NotAssemblable++;
            _result.Failures.Add($"line {LineOf(m)}: module: not assemblable: {assembleError}");
            slot.Unavailable = "not assemblable";
            Bind(id, slot);
            return;
        }
        try
        {
            slot.Module = _engine.Compile(bytes);
        }
        catch (Exception e)
        {
            var feature = UnsupportedFeature(e);
            if (feature is not null)
            {
                slot.Unavailable = "feature " + feature;
                slot.IsSkip = true;
                Skip("module", slot.Unavailable);
                TaintImportedInstances(m, slot.Unavailable);
            }
            else
            {
                slot.Unavailable = "failed";
                Fail("module", m, "rejected: " + e.Message);
            }
            Bind(id, slot);
            return;
        }
        if (definition)
        {
            Pass("module");
            Bind(id, slot);
            return;
        }
        if (!_engine.CanExecute)
        {
            // Decoded and validated; instantiation needs the engine.
            Pass("module");
            slot.Unavailable = "no engine";
            Bind(id, slot);
            return;
        }
        InstantiateInto(slot, slot.Module, m);
        Bind(id, slot);
    }

    private void InstantiateInto(ModuleSlot slot, object module, SExpr m)
    {
        try
        {
            slot.Instance = _engine.Instantiate(module);
            Pass("module");
        }
        catch (Exception e)
        {
            if (_registeredSkipped && _engine.Classify(e) == SpecErrorKind.Link)
            {
                slot.Unavailable = "imports a skipped module";
                slot.IsSkip = true;
                Skip("module", slot.Unavailable);
                return;
            }
            slot.Unavailable = "failed";
            Fail("module", m, "instantiation failed: " + e.Message);
        }
    }

    /// <summary>
    /// A skipped module would have initialized segments in, or run code against, the instances it imports from;
    /// later results of those instances are then not meaningful.
    /// </summary>
    private void TaintImportedInstances(SExpr m, string reason)
    {
        var text = _source.Substring(m.Start, m.End - m.Start);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, "\\(import\\s+\"([^\"]*)\""))
        {
            if (_registered.TryGetValue(match.Groups[1].Value, out var instance)) instance.Tainted = reason;
        }
    }

    private void Bind(string? id, ModuleSlot slot)
    {
        _current = slot;
        if (id is not null) _named[id] = slot;
    }

    private void Register(SExpr command)
    {
        var name = command[1].StringText();
        var slot = command.Count > 2 ? _named.GetValueOrDefault(command[2].Atom!) : _current;
        if (slot is null) { Fail("register", command, "no module"); return; }
        _registered[name] = slot;
        if (slot.Unavailable is not null)
        {
            _registeredSkipped = true;
            _skippedRegistrations.Add(name);
            if (slot.Unavailable == "no engine") NotRun("register");
            else Skip("register", slot.Unavailable);
            return;
        }
        _engine.Register(name, slot.Instance!);
        Pass("register");
    }

    /// <summary>Resolves an action's target; returns false (after counting) when it cannot run.</summary>
    private bool TryTarget(string kind, SExpr action, out ModuleSlot slot)
    {
        var id = action.Count > 1 && !action[1].IsString && !action[1].IsList ? action[1].Atom : null;
        ModuleSlot? target = id is not null ? _named.GetValueOrDefault(id) : _current;
        slot = target!;
        if (target is null)
        {
            Fail(kind, action, "no module");
            return false;
        }
        if (target.Unavailable is not null)
        {
            if (target.Unavailable == "no engine") NotRun(kind);
            else if (target.IsSkip) Skip(kind, target.Unavailable);
            else Skip(kind, "module unavailable: " + target.Unavailable);
            return false;
        }
        return true;
    }

    private SpecValue[] Perform(SExpr action, ModuleSlot slot)
    {
        var index = action.Count > 1 && !action[1].IsString && !action[1].IsList ? 2 : 1;
        var name = action[index].StringText();
        if (action.Head == "get") return new[] { _engine.Get(slot.Instance!, name) };
        var args = action.Items.Skip(index + 1).Select(SpecExpectation.ParseArgument).ToArray();
        return _engine.Invoke(slot.Instance!, name, args);
    }

    private void TopLevelAction(SExpr action)
    {
        const string kind = "action";
        if (!TryTarget(kind, action, out var slot)) return;
        try
        {
            Perform(action, slot);
            Pass(kind);
        }
        catch (Exception e)
        {
            FailOn(slot, kind, action, "threw " + e.GetType().Name + ": " + e.Message);
        }
    }

    private void AssertReturn(SExpr command)
    {
        const string kind = "assert_return";
        var action = command[1];
        if (!TryTarget(kind, action, out var slot)) return;
        SpecExpectation[] expected;
        try
        {
            expected = command.Items.Skip(2).Select(SpecExpectation.Parse).ToArray();
        }
        catch (NotSupportedException e)
        {
            Skip(kind, "result pattern: " + e.Message);
            return;
        }
        SpecValue[] actual;
        try
        {
            actual = Perform(action, slot);
        }
        catch (Exception e)
        {
            FailOn(slot, kind, command, $"{action.Head} threw {e.GetType().Name}: {e.Message}");
            return;
        }
        var ok = actual.Length == expected.Length;
        for (var i = 0; ok && i < actual.Length; i++) ok = expected[i].Matches(actual[i]);
        if (ok) Pass(kind);
        else FailOn(slot, kind, command, $"{Describe(action)} returned [{string.Join(", ", actual)}], expected [{string.Join(", ", expected.Select(x => x.Text))}]");
    }

    private static string Describe(SExpr action)
    {
        var text = action.ToString();
        return text.Length > 160 ? text[..160] + "..." : text;
    }

    private void AssertTrap(SExpr command)
    {
        var target = command[1];
        var expected = command[2].StringText();
        if (target.Head == "module")
        {
            AssertModuleFails(command, "assert_trap", expected, SpecErrorKind.Trap);
            return;
        }
        const string kind = "assert_trap";
        if (!TryTarget(kind, target, out var slot)) return;
        try
        {
            var results = Perform(target, slot);
            FailOn(slot, kind, command, $"{Describe(target)} returned [{string.Join(", ", results)}], expected trap \"{expected}\"");
        }
        catch (Exception e)
        {
            var classification = _engine.Classify(e);
            if (classification is SpecErrorKind.Trap or SpecErrorKind.Exhaustion && MessageMatches(e.Message, expected)) Pass(kind);
            else FailOn(slot, kind, command, $"{Describe(target)}: expected trap \"{expected}\", got {classification} {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>assert_exception: the action ends with a wasm exception escaping to the host (not a trap).</summary>
    private void AssertException(SExpr command)
    {
        const string kind = "assert_exception";
        var target = command[1];
        if (!TryTarget(kind, target, out var slot)) return;
        try
        {
            var results = Perform(target, slot);
            FailOn(slot, kind, command, $"{Describe(target)} returned [{string.Join(", ", results)}], expected an exception");
        }
        catch (Exception e)
        {
            var classification = _engine.Classify(e);
            if (classification == SpecErrorKind.Exception) Pass(kind);
            else FailOn(slot, kind, command, $"{Describe(target)}: expected an exception, got {classification} {e.GetType().Name}: {e.Message}");
        }
    }

    private void AssertExhaustion(SExpr command)
    {
        const string kind = "assert_exhaustion";
        var target = command[1];
        var expected = command[2].StringText();
        if (!TryTarget(kind, target, out var slot)) return;
        try
        {
            Perform(target, slot);
            FailOn(slot, kind, command, "returned normally, expected " + expected);
        }
        catch (Exception e)
        {
            var classification = _engine.Classify(e);
            if (classification is SpecErrorKind.Exhaustion or SpecErrorKind.Trap && MessageMatches(e.Message, expected)) Pass(kind);
            else FailOn(slot, kind, command, $"expected \"{expected}\", got {classification} {e.GetType().Name}: {e.Message}");
        }
    }

    private void AssertUnlinkable(SExpr command) =>
        AssertModuleFails(command, "assert_unlinkable", command[2].StringText(), SpecErrorKind.Link);

    private void AssertUninstantiable(SExpr command) =>
        AssertModuleFails(command, "assert_uninstantiable", command[2].StringText(), SpecErrorKind.Trap);

    /// <summary>A module that compiles but whose instantiation fails with a link error or a trap.</summary>
    private void AssertModuleFails(SExpr command, string kind, string expected, SpecErrorKind wanted)
    {
        var m = command[1];
        var bytes = ModuleBytes(m, out _, out var assembleError);
        if (bytes is null)
        {
            _result.For(kind).NotAssemblable++;
            return;
        }
        object module;
        try
        {
            module = _engine.Compile(bytes);
        }
        catch (Exception e)
        {
            var feature = UnsupportedFeature(e);
            if (feature is not null)
            {
                Skip(kind, "feature " + feature);
                TaintImportedInstances(m, "feature " + feature);
            }
            else Fail(kind, command, "compile failed: " + e.Message);
            return;
        }
        if (!_engine.CanExecute)
        {
            NotRun(kind);
            return;
        }
        var skippedImport = _engine.ImportModules(module).FirstOrDefault(_skippedRegistrations.Contains);
        if (skippedImport is not null)
        {
            Skip(kind, $"imports \"{skippedImport}\", a skipped module");
            return;
        }
        try
        {
            _engine.Instantiate(module);
            Fail(kind, command, $"instantiated, expected \"{expected}\"");
        }
        catch (Exception e)
        {
            var classification = _engine.Classify(e);
            if (_registeredSkipped && classification == SpecErrorKind.Link && wanted != SpecErrorKind.Link)
                Skip(kind, "imports a skipped module");
            else if (classification == wanted && MessageMatches(e.Message, expected)) Pass(kind);
            else Fail(kind, command, $"expected {wanted} \"{expected}\", got {classification} {e.GetType().Name}: {e.Message}");
        }
    }

    private void AssertInvalid(SExpr command)
    {
        const string kind = "assert_invalid";
        var expected = command[2].StringText();
        var bytes = ModuleBytes(command[1], out _, out _);
        if (bytes is null)
        {
            _result.For(kind).NotAssemblable++;
            return;
        }
        try
        {
            _engine.Compile(bytes);
            Fail(kind, command, $"accepted, expected \"{expected}\"");
        }
        catch (Exception e)
        {
            var feature = UnsupportedFeature(e);
            var reason = RejectionReason(e);
            if (reason is not null && MessageMatches(reason, expected)) Pass(kind);
            else if (feature is not null) Skip(kind, "feature " + feature);
            else Fail(kind, command, $"expected \"{expected}\", got {e.GetType().Name}: {e.Message}");
        }
    }

    private void AssertMalformed(SExpr command)
    {
        const string kind = "assert_malformed";
        var expected = command[2].StringText();
        var bytes = ModuleBytes(command[1], out var form, out _);
        if (bytes is null)
        {
            // Only text can fail to assemble: the text parser rejected it, which is what the assertion wants.
            _result.For(kind).TextLevel++;
            return;
        }
        try
        {
            _engine.Compile(bytes);
            if (form == ModuleForm.Binary) Fail(kind, command, $"accepted, expected \"{expected}\"");
            else _result.For(kind).TextLevel++;
        }
        catch (Exception e)
        {
            var feature = UnsupportedFeature(e);
            var reason = RejectionReason(e);
            if (reason is not null && MessageMatches(reason, expected)) Pass(kind);
            else if (feature is not null) Skip(kind, "feature " + feature);
            else if (form != ModuleForm.Binary) _result.For(kind).TextLevel++;
            else Fail(kind, command, $"expected \"{expected}\", got {e.GetType().Name}: {e.Message}");
        }
    }
}
