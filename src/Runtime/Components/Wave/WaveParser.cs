using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>Type-directed recursive-descent WAVE parser over a string (no separate token stream: the expected
/// type decides how the next characters are read). Errors are <see cref="WaveException"/>s with the offset.</summary>
internal sealed class WaveParser
{
    private readonly string _text;
    private int _pos;

    public WaveParser(string text, int start)
    {
        _text = text;
        _pos = start;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _pos < _text.Length ? _text[_pos] : '\0';

    private WaveException Error(string detail, int at) => new(detail, _text, at);

    private WaveException Expected(string what) => Error($"expected {what}, found {Found()}", _pos);

    /// <summary>Skips whitespace (space, tab, line breaks) and <c>//</c> comments.</summary>
    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Describes the token at the current position for error messages.</summary>
    private string Found()
    {
        if (AtEnd) return "end of input";
        var c = _text[_pos];
        if (c == '"') return "a string";
        if (c == '\'') return "a char";
        if (IsWordChar(c) || c is '%' or '-')
        {
            var end = _pos + 1;
            while (end < _text.Length && (IsWordChar(_text[end]) || _text[end] is '-' or '.' or '+')) end++;
            var token = _text.Substring(_pos, Math.Min(end - _pos, 40));
            return $"`{token}`";
        }
        if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length) return $"`{_text.Substring(_pos, 2)}`";
        return $"`{c}`";
    }

    private static bool IsWordChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    public void ExpectEnd()
    {
        SkipTrivia();
        if (!AtEnd) throw Error($"unexpected {Found()} after the value", _pos);
    }

    private void Expect(char c)
    {
        SkipTrivia();
        if (Peek != c || AtEnd) throw Expected($"`{c}`");
        _pos++;
    }

    private bool TryConsume(char c)
    {
        SkipTrivia();
        if (AtEnd || Peek != c) return false;
        _pos++;
        return true;
    }

    // ---- labels -------------------------------------------------------------------------------------

    /// <summary>Reads a label <c>%?word(-word)*</c> at the current position (after trivia) without consuming it.</summary>
    private bool TryPeekLabel(out string label, out bool percent, out int end)
    {
        SkipTrivia();
        var p = _pos;
        percent = p < _text.Length && _text[p] == '%';
        if (percent) p++;
        var start = p;
        label = "";
        end = _pos;
        if (p >= _text.Length || !char.IsAsciiLetter(_text[p])) return false;
        while (true)
        {
            while (p < _text.Length && IsWordChar(_text[p])) p++;
            if (p + 1 < _text.Length && _text[p] == '-' && IsWordChar(_text[p + 1])) { p++; continue; }
            break;
        }
        label = _text.Substring(start, p - start);
        end = p;
        return true;
    }

    /// <summary>Reads a case label of a variant or enum: keywords need <c>%</c>.</summary>
    private int ReadCase(ValType type, string what)
    {
        if (!TryPeekLabel(out var label, out var percent, out var end)) throw Expected($"{what} ({CaseList(type)})");
        var at = _pos;
        if (!percent && Wave.IsKeyword(label))
            throw Error($"`{label}` is a WAVE keyword: write the case as `%{label}`", at);
        var index = IndexOf(type.Names, label);
        if (index < 0) throw Error($"unknown case `{label}`; expected one of {CaseList(type)}", at);
        _pos = end;
        return index;
    }

    private static int IndexOf(IReadOnlyList<string> names, string label)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == label) return i;
        }
        return -1;
    }

    private static string CaseList(ValType type)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < type.Names.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('`');
            if (Wave.IsKeyword(type.Names[i])) sb.Append('%');
            sb.Append(type.Names[i]);
            if (type.Kind == ValTypeKind.Variant && type.Cases[i] is not null) sb.Append("(...)");
            sb.Append('`');
        }
        return sb.ToString();
    }

    // ---- values -------------------------------------------------------------------------------------

    public ComponentValue ParseValue(ValType type)
    {
        SkipTrivia();
        switch (type.Kind)
        {
            case ValTypeKind.Bool:
                return ParseBool();
            case ValTypeKind.S8: case ValTypeKind.U8: case ValTypeKind.S16: case ValTypeKind.U16:
            case ValTypeKind.S32: case ValTypeKind.U32: case ValTypeKind.S64: case ValTypeKind.U64:
                return ParseInteger(type.Kind);
            case ValTypeKind.F32:
            case ValTypeKind.F64:
                return ParseFloat(type.Kind);
            case ValTypeKind.Char:
                return ParseChar();
            case ValTypeKind.String:
                return ComponentValue.String(ParseString());
            case ValTypeKind.List:
                return ComponentValue.List(ParseSequence('[', ']', type.Element!).ToArray());
            case ValTypeKind.FixedList:
            {
                var at = _pos;
                var items = ParseSequence('[', ']', type.Element!);
                if (items.Count != type.Length) throw Error($"expected a list of exactly {type.Length} elements for {type}, found {items.Count}", at);
                return ComponentValue.FixedList(items.ToArray());
            }
            case ValTypeKind.Map:
                return ComponentValue.Map(ParseSequence('[', ']', type.Element!).ToArray());
            case ValTypeKind.Tuple:
                return ParseTuple(type);
            case ValTypeKind.Record:
                return ParseRecord(type);
            case ValTypeKind.Variant:
            {
                var index = ReadCase(type, "a variant case");
                return ComponentValue.Variant(index, ParseCasePayload(type.Names[index], type.Cases[index]));
            }
            case ValTypeKind.Enum:
                return ComponentValue.Enum(ReadCase(type, "an enum case"));
            case ValTypeKind.Option:
                return ParseOption(type);
            case ValTypeKind.Result:
                return ParseResult(type);
            case ValTypeKind.Flags:
                return ParseFlags(type);
            default:
                throw Error($"values of type {type} have no WAVE encoding", _pos);
        }
    }

    private ComponentValue ParseBool()
    {
        if (TryPeekLabel(out var label, out var percent, out var end) && !percent && label is "true" or "false")
        {
            _pos = end;
            return ComponentValue.Bool(label == "true");
        }
        throw Expected("`true` or `false`");
    }

    /// <summary>Scans a JSON-style number <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?</c>; returns false when none starts here.</summary>
    private bool TryScanNumber(out int start, out int end, out bool integral)
    {
        start = _pos;
        end = _pos;
        integral = true;
        var p = _pos;
        if (p < _text.Length && _text[p] == '-') p++;
        var digits = p;
        while (p < _text.Length && char.IsAsciiDigit(_text[p])) p++;
        if (p == digits) return false;
        if (_text[digits] == '0' && p - digits > 1) throw Error("numbers cannot have leading zeros", start);
        if (p + 1 < _text.Length && _text[p] == '.' && char.IsAsciiDigit(_text[p + 1]))
        {
            integral = false;
            p++;
            while (p < _text.Length && char.IsAsciiDigit(_text[p])) p++;
        }
        if (p < _text.Length && _text[p] is 'e' or 'E')
        {
            var q = p + 1;
            if (q < _text.Length && _text[q] is '+' or '-') q++;
            if (q < _text.Length && char.IsAsciiDigit(_text[q]))
            {
                integral = false;
                p = q;
                while (p < _text.Length && char.IsAsciiDigit(_text[p])) p++;
            }
        }
        // A number runs into a label or a dot: `12ab`, `1.` are malformed.
        if (p < _text.Length && (IsWordChar(_text[p]) || _text[p] is '.' or '_')) return false;
        end = p;
        return true;
    }

    private ComponentValue ParseInteger(ValTypeKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        if (!TryScanNumber(out var start, out var end, out var integral)) throw Expected($"an integer ({name})");
        if (!integral) throw Error($"expected an integer ({name}), found `{_text.Substring(start, end - start)}`", start);
        var negative = _text[start] == '-';
        ulong magnitude = 0;
        var overflow = false;
        for (var i = negative ? start + 1 : start; i < end; i++)
        {
            var digit = (ulong)(_text[i] - '0');
            if (magnitude > (ulong.MaxValue - digit) / 10) { overflow = true; break; }
            magnitude = magnitude * 10 + digit;
        }
        var (signed, bits) = kind switch
        {
            ValTypeKind.S8 => (true, 8), ValTypeKind.U8 => (false, 8),
            ValTypeKind.S16 => (true, 16), ValTypeKind.U16 => (false, 16),
            ValTypeKind.S32 => (true, 32), ValTypeKind.U32 => (false, 32),
            ValTypeKind.S64 => (true, 64), _ => (false, 64),
        };
        ulong max = signed ? (1UL << (bits - 1)) - 1 : bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        ulong negativeMax = signed ? 1UL << (bits - 1) : 0;
        if (overflow || (negative ? magnitude > negativeMax : magnitude > max))
            throw Error($"`{_text.Substring(start, end - start)}` is out of range for {name}", start);
        _pos = end;
        long value = negative ? unchecked(-(long)magnitude) : unchecked((long)magnitude);
        return kind switch
        {
            ValTypeKind.S8 => ComponentValue.S8((sbyte)value),
            ValTypeKind.U8 => ComponentValue.U8((byte)value),
            ValTypeKind.S16 => ComponentValue.S16((short)value),
            ValTypeKind.U16 => ComponentValue.U16((ushort)value),
            ValTypeKind.S32 => ComponentValue.S32((int)value),
            ValTypeKind.U32 => ComponentValue.U32((uint)value),
            ValTypeKind.S64 => ComponentValue.S64(value),
            _ => ComponentValue.U64(magnitude),
        };
    }

    private ComponentValue ParseFloat(ValTypeKind kind)
    {
        var name = kind == ValTypeKind.F32 ? "f32" : "f64";
        if (TryPeekLabel(out var label, out var percent, out var end) && !percent && label is "nan" or "inf")
        {
            _pos = end;
            return label == "nan" ? CanonicalNaN(kind) : Float(kind, double.PositiveInfinity);
        }
        if (Peek == '-' && string.CompareOrdinal(_text, _pos, "-inf", 0, 4) == 0
            && (_pos + 4 >= _text.Length || !IsWordChar(_text[_pos + 4])))
        {
            _pos += 4;
            return Float(kind, double.NegativeInfinity);
        }
        if (!TryScanNumber(out var start, out var numberEnd, out _)) throw Expected($"a number ({name}), `nan`, `inf` or `-inf`");
        var s = _text.Substring(start, numberEnd - start);
        _pos = numberEnd;
        return kind == ValTypeKind.F32
            ? ComponentValue.F32(float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))
            : ComponentValue.F64(double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static ComponentValue CanonicalNaN(ValTypeKind kind) =>
        kind == ValTypeKind.F32 ? ComponentValue.F32Bits(0x7fc00000) : ComponentValue.F64Bits(0x7ff8000000000000);

    private static ComponentValue Float(ValTypeKind kind, double value) =>
        kind == ValTypeKind.F32 ? ComponentValue.F32((float)value) : ComponentValue.F64(value);

    // ---- chars and strings --------------------------------------------------------------------------

    private ComponentValue ParseChar()
    {
        if (Peek != '\'' || AtEnd) throw Expected("a char (`'x'`)");
        var start = _pos++;
        if (AtEnd) throw Error("unterminated char", start);
        if (Peek == '\'') throw Error("empty char: write a quote as `'\\''`", start);
        var scalar = ReadScalar('\'');
        if (AtEnd || Peek != '\'')
        {
            if (!AtEnd && Peek != '\n' && _text.IndexOf('\'', _pos) > 0)
                throw Error("a char holds exactly one Unicode scalar value (use a string for more)", start);
            throw Error("unterminated char", start);
        }
        _pos++;
        return ComponentValue.Char(scalar);
    }

    /// <summary>Reads one Unicode scalar value or escape inside a char or string literal.</summary>
    private int ReadScalar(char quote)
    {
        var at = _pos;
        var c = _text[_pos];
        if (c == '\\') return ReadEscape();
        if (c == '\n') throw Error($"a newline in a {(quote == '\'' ? "char" : "string")} must be escaped as `\\n`", at);
        if (c == quote) throw Error($"unexpected `{quote}`", at);
        if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
        {
            _pos += 2;
            return char.ConvertToUtf32(c, _text[at + 1]);
        }
        if (char.IsSurrogate(c)) throw Error("invalid UTF-16 (unpaired surrogate)", at);
        _pos++;
        return c;
    }

    private int ReadEscape()
    {
        var at = _pos;
        _pos++; // backslash
        if (AtEnd) throw Error("unterminated escape", at);
        var c = _text[_pos++];
        switch (c)
        {
            case '\'': return '\'';
            case '"': return '"';
            case '\\': return '\\';
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'u':
            {
                if (Peek != '{') throw Error("expected `{` after `\\u` (write `\\u{1F600}`)", at);
                _pos++;
                var digitsStart = _pos;
                while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos])) _pos++;
                var count = _pos - digitsStart;
                if (Peek != '}' || AtEnd) throw Error("expected hex digits and `}` in `\\u{...}`", at);
                if (count is 0 or > 6) throw Error("`\\u{...}` takes 1 to 6 hex digits", at);
                var value = int.Parse(_text.AsSpan(digitsStart, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                _pos++;
                if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
                    throw Error($"`{_text.Substring(at, _pos - at)}` is not a Unicode scalar value", at);
                return value;
            }
            default:
                throw Error($"unknown escape `\\{c}` (escapes are \\' \\\" \\\\ \\t \\n \\r \\u{{...}})", at);
        }
    }

    private string ParseString()
    {
        if (Peek != '"' || AtEnd) throw Expected("a string (`\"...\"`)");
        if (string.CompareOrdinal(_text, _pos, "\"\"\"", 0, 3) == 0) return ParseMultilineString();
        var start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated string", start);
            if (Peek == '"') { _pos++; return sb.ToString(); }
            AppendScalar(sb, ReadScalar('"'));
        }
    }

    private static void AppendScalar(StringBuilder sb, int scalar)
    {
        if (scalar < 0x10000) sb.Append((char)scalar);
        else sb.Append(char.ConvertFromUtf32(scalar));
    }

    /// <summary><c>"""</c>, a line break, lines, a line break, spaces, <c>"""</c>; the closing indent is removed from every line.</summary>
    private string ParseMultilineString()
    {
        var start = _pos;
        _pos += 3;
        if (Peek == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n') _pos += 2;
        else if (Peek == '\n' && !AtEnd) _pos++;
        else throw Error("a multiline string starts with `\"\"\"` and a line break", start);
        var contentStart = _pos;
        var close = -1;
        for (var p = contentStart; p + 2 < _text.Length; p++)
        {
            if (_text[p] == '\\') { p++; continue; }
            if (_text[p] == '"' && _text[p + 1] == '"' && _text[p + 2] == '"') { close = p; break; }
        }
        if (close < 0) throw Error("unterminated multiline string", start);
        var lastBreak = -1;
        for (var p = close - 1; p >= contentStart; p--)
        {
            if (_text[p] == '\n') { lastBreak = p; break; }
        }
        var indentStart = lastBreak >= 0 ? lastBreak + 1 : contentStart;
        for (var p = indentStart; p < close; p++)
        {
            if (_text[p] != ' ') throw Error("the closing `\"\"\"` of a multiline string goes on its own line, after spaces only", p);
        }
        var indent = close - indentStart;
        var sb = new StringBuilder();
        if (lastBreak >= 0)
        {
            var contentEnd = lastBreak > contentStart && _text[lastBreak - 1] == '\r' ? lastBreak - 1 : lastBreak;
            var lineStart = contentStart;
            var first = true;
            while (true)
            {
                var newline = lineStart <= contentEnd ? _text.IndexOf('\n', lineStart, contentEnd - lineStart) : -1;
                var end = newline < 0 ? contentEnd : newline;
                if (newline >= 0 && end > lineStart && _text[end - 1] == '\r') end--;
                if (!first) sb.Append('\n');
                first = false;
                var p = lineStart;
                if (end > lineStart)
                {
                    for (var k = 0; k < indent; k++, p++)
                    {
                        if (p >= end || _text[p] != ' ')
                            throw Error($"each line of a multiline string is indented by at least the {indent} spaces before the closing `\"\"\"`", p);
                    }
                }
                _pos = p;
                while (_pos < end) AppendScalar(sb, ReadScalar('\0'));
                if (newline < 0) break;
                lineStart = newline + 1;
            }
        }
        _pos = close + 3;
        return sb.ToString();
    }

    // ---- compound values ----------------------------------------------------------------------------

    private List<ComponentValue> ParseSequence(char open, char close, ValType element)
    {
        Expect(open);
        var items = new List<ComponentValue>();
        while (true)
        {
            if (TryConsume(close)) return items;
            items.Add(ParseValue(element));
            if (TryConsume(',')) continue;
            if (TryConsume(close)) return items;
            throw Expected($"`,` or `{close}`");
        }
    }

    private ComponentValue ParseTuple(ValType type)
    {
        SkipTrivia();
        var at = _pos;
        Expect('(');
        var count = type.Fields.Count;
        var items = new List<ComponentValue>(count);
        while (true)
        {
            if (TryConsume(')')) break;
            if (items.Count == count) throw Error($"too many elements for {type} (it has {count})", _pos);
            items.Add(ParseValue(type.Fields[items.Count]));
            if (TryConsume(',')) continue;
            if (TryConsume(')')) break;
            throw Expected("`,` or `)`");
        }
        if (items.Count != count) throw Error($"expected {count} tuple elements for {type}, found {items.Count}", at);
        return ComponentValue.Tuple(items.ToArray());
    }

    private ComponentValue ParseRecord(ValType type)
    {
        SkipTrivia();
        var open = _pos;
        Expect('{');
        var fields = new ComponentValue?[type.Fields.Count];
        if (TryConsume(':'))
        {
            Expect('}');
        }
        else
        {
            SkipTrivia();
            if (Peek == '}') throw Error("an empty record is written `{:}` (`{}` is empty flags)", open);
            while (true)
            {
                if (TryConsume('}')) break;
                var at = _pos;
                if (!TryPeekLabel(out var label, out _, out var end)) throw Expected("a field name");
                var index = IndexOf(type.Names, label);
                if (index < 0) throw Error($"unknown field `{label}`; {type} has {FieldList(type)}", at);
                if (fields[index] is not null) throw Error($"field `{label}` is given twice", at);
                _pos = end;
                Expect(':');
                fields[index] = ParseValue(type.Fields[index]);
                if (TryConsume(',')) continue;
                if (TryConsume('}')) break;
                throw Expected("`,` or `}`");
            }
        }
        var values = new ComponentValue[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] is { } v) values[i] = v;
            else if (type.Fields[i].Kind == ValTypeKind.Option) values[i] = ComponentValue.None;
            else throw Error($"missing field `{type.Names[i]}` ({type.Fields[i]})", _pos - 1);
        }
        return ComponentValue.Record(values);
    }

    private static string FieldList(ValType type)
    {
        var sb = new StringBuilder("fields ");
        for (var i = 0; i < type.Names.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('`').Append(type.Names[i]).Append('`');
        }
        return sb.ToString();
    }

    private ComponentValue? ParseCasePayload(string caseName, ValType? payload)
    {
        SkipTrivia();
        if (payload is null)
        {
            if (Peek == '(' && !AtEnd) throw Error($"case `{caseName}` has no payload", _pos);
            return null;
        }
        if (Peek != '(' || AtEnd) throw Error($"case `{caseName}` has a payload ({payload}): write `{caseName}(...)`", _pos);
        _pos++;
        var value = ParseValue(payload);
        Expect(')');
        return value;
    }

    private ComponentValue ParseOption(ValType type)
    {
        var payload = type.Element!;
        if (TryPeekLabel(out var label, out var percent, out var end) && !percent)
        {
            if (label == "none")
            {
                _pos = end;
                SkipTrivia();
                if (Peek == '(' && !AtEnd) throw Error("`none` has no payload", _pos);
                return ComponentValue.None;
            }
            if (label == "some")
            {
                _pos = end;
                return ComponentValue.Some(ParseCasePayload("some", payload)!.Value);
            }
        }
        // The "flat" form: the payload itself, unless it is an option or result (ambiguous).
        if (payload.Kind is ValTypeKind.Option or ValTypeKind.Result) throw Expected("`some(...)` or `none`");
        return ComponentValue.Some(ParseValue(payload));
    }

    private ComponentValue ParseResult(ValType type)
    {
        var ok = type.Cases[0];
        if (TryPeekLabel(out var label, out var percent, out var end) && !percent && label is "ok" or "err")
        {
            _pos = end;
            return label == "ok"
                ? ComponentValue.Ok(ParseCasePayload("ok", ok))
                : ComponentValue.Err(ParseCasePayload("err", type.Cases[1]));
        }
        if (ok is null || ok.Kind is ValTypeKind.Option or ValTypeKind.Result)
            throw Expected(ok is null ? "`ok` or `err`" : "`ok(...)` or `err`");
        return ComponentValue.Ok(ParseValue(ok));
    }

    private ComponentValue ParseFlags(ValType type)
    {
        Expect('{');
        uint mask = 0;
        while (true)
        {
            if (TryConsume('}')) return ComponentValue.Flags(mask);
            var at = _pos;
            if (!TryPeekLabel(out var label, out _, out var end)) throw Expected("a flag name or `}`");
            var index = IndexOf(type.Names, label);
            if (index < 0) throw Error($"unknown flag `{label}`; {type} has {CaseList(type)}", at);
            if ((mask & (1u << index)) != 0) throw Error($"flag `{label}` is given twice", at);
            mask |= 1u << index;
            _pos = end;
            if (TryConsume(',')) continue;
            if (TryConsume('}')) return ComponentValue.Flags(mask);
            throw Expected("`,` or `}`");
        }
    }

    // ---- calls and argument lists -------------------------------------------------------------------

    /// <summary>Comma-separated arguments up to <paramref name="closing"/> (or the end of the text when null),
    /// consuming the closing parenthesis; missing trailing options are <c>none</c>.</summary>
    public ComponentValue[] ParseArguments(IReadOnlyList<ValType> parameters, char? closing, IReadOnlyList<string>? names = null)
    {
        string Describe(int i) => names is null ? $"argument {i + 1} ({parameters[i]})" : $"argument `{names[i]}` ({parameters[i]})";
        var values = new List<ComponentValue>();
        bool AtClose()
        {
            SkipTrivia();
            return closing is { } c ? !AtEnd && Peek == c : AtEnd;
        }
        while (!AtClose())
        {
            if (values.Count == parameters.Count)
                throw Error($"too many arguments: the function takes {parameters.Count}", _pos);
            values.Add(ParseValue(parameters[values.Count]));
            if (TryConsume(',')) continue;
            if (AtClose()) break;
            throw Expected(closing is { } c ? $"`,` or `{c}`" : "`,` or the end of the arguments");
        }
        for (var i = values.Count; i < parameters.Count; i++)
        {
            if (parameters[i].Kind != ValTypeKind.Option)
                throw Error($"missing {Describe(i)}: the function takes {parameters.Count}", _pos);
            values.Add(ComponentValue.None);
        }
        if (closing is not null) _pos++;
        return values.ToArray();
    }

    public ComponentValue[] ParseArgumentList(IReadOnlyList<ValType> parameters, IReadOnlyList<string>? names = null)
    {
        Expect('(');
        return ParseArguments(parameters, ')', names);
    }

    public WaveCall ParseCall()
    {
        SkipTrivia();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not ('(' or ' ' or '\t' or '\n' or '\r')) _pos++;
        var path = _text.Substring(start, _pos - start);
        if (path.Length == 0) throw Expected("a function name");
        SkipTrivia();
        if (AtEnd || Peek != '(') throw Error($"expected `(` after the function name `{path}` (write `{path}()` to call it without arguments)", _pos);
        var argumentsOffset = _pos;
        var hash = path.LastIndexOf('#');
        string? instance = null;
        var name = path;
        if (hash >= 0)
        {
            instance = path.Substring(0, hash);
            name = path.Substring(hash + 1);
            if (instance.Length == 0) throw Error("expected an interface name before `#` (e.g. `ns:pkg/iface@1.0.0#name`)", start);
            if (name.Length == 0) throw Error("expected a function name after `#`", start + hash + 1);
        }
        return new WaveCall(_text, instance, name, argumentsOffset);
    }
}
