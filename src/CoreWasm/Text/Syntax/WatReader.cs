using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace WitBindgen.CoreWasm.Text.Syntax;

/// <summary>
/// Reads WebAssembly text into s-expressions, following the lexical rules of the core text format:
/// keywords, ids, strings, numbers, reserved tokens, <c>;;</c> line comments, nested <c>(; ;)</c> block
/// comments and annotations <c>(@name ...)</c>.
/// </summary>
internal static class WatReader
{
    /// <summary>Reads every top-level node. Throws <see cref="WatException"/> for bad tokens or unbalanced parentheses.</summary>
    public static IReadOnlyList<WatNode> Read(string text, string? path)
    {
        var lexer = new Lexer(text, path);
        var top = new List<WatNode>();
        var stack = new Stack<(WatSpan Start, List<WatNode> Items)>();
        int annotationDepth = 0; // open annotations: their bodies are free-form tokens
        while (true)
        {
            lexer.SkipTrivia();
            if (lexer.AtEnd) break;
            var span = lexer.Here;
            char c = lexer.Current;
            if (c == '(')
            {
                lexer.Advance();
                var items = new List<WatNode>();
                // `(@id` starts an annotation; `(@)` or `(@ x)` is a plain list holding a reserved `@` token.
                if (lexer.StartsAnnotation)
                {
                    var atSpan = lexer.Here;
                    lexer.Advance();
                    var name = lexer.ReadAnnotationName(atSpan);
                    items.Add(new WatAtom(atSpan, WatAtomKind.Annotation, name));
                    annotationDepth++;
                }
                else if (!lexer.AtEnd && lexer.Current == '@' && annotationDepth == 0)
                {
                    // `(@)`, `(@ x)`: an annotation without its id (inside another annotation it is just tokens).
                    throw lexer.Here.Error("empty annotation id");
                }
                stack.Push((span, items));
            }
            else if (c == ')')
            {
                if (stack.Count == 0) throw span.Error("unexpected ')'");
                lexer.Advance();
                var (start, items) = stack.Pop();
                var list = new WatList(start, items, span);
                if (list.AnnotationName is not null) annotationDepth--;
                (stack.Count == 0 ? top : stack.Peek().Items).Add(list);
            }
            else
            {
                var atom = lexer.ReadToken();
                (stack.Count == 0 ? top : stack.Peek().Items).Add(atom);
            }
        }
        if (stack.Count > 0) throw lexer.Here.Error("expected ')'");
        return top;
    }

    /// <summary>Reads a file.</summary>
    public static IReadOnlyList<WatNode> ReadFile(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads UTF-8 text; bytes that are not well-formed UTF-8 are "malformed UTF-8 encoding" at their position.</summary>
    public static IReadOnlyList<WatNode> Read(byte[] utf8, string? path)
    {
        int bad = FirstInvalidUtf8(utf8);
        if (bad >= 0)
        {
            var before = Utf8.GetString(utf8, 0, bad);
            int line = 1, lineStart = 0;
            for (int i = 0; i < before.Length; i++)
                if (before[i] == '\n') { line++; lineStart = i + 1; }
            throw new WatException("malformed UTF-8 encoding", path, line, before.Length - lineStart + 1);
        }
        return Read(Utf8.GetString(utf8), path);
    }

    /// <summary>The UTF-8 bytes of <c>(keyword body)</c>: how quoted text (<c>(module quote "...")</c>) is read.</summary>
    public static byte[] Wrap(string keyword, byte[] body)
    {
        var head = Utf8.GetBytes("(" + keyword + " ");
        var result = new byte[head.Length + body.Length + 1];
        Array.Copy(head, result, head.Length);
        Array.Copy(body, 0, result, head.Length, body.Length);
        result[result.Length - 1] = (byte)')';
        return result;
    }

    /// <summary>Index of the first byte that starts an ill-formed UTF-8 sequence, or -1.</summary>
    private static int FirstInvalidUtf8(byte[] bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            int n = b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
            if (n < 0) return i;
            if (n > 0)
            {
                for (int k = 1; k <= n; k++)
                    if (i + k >= bytes.Length || (bytes[i + k] & 0xC0) != 0x80) return i;
                // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF.
                byte c = bytes[i + 1];
                if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c >= 0xA0) || (b == 0xF0 && c < 0x90) || (b == 0xF4 && c >= 0x90)) return i;
            }
            i += n + 1;
        }
        return -1;
    }

    private sealed class Lexer
    {
        private readonly string _text;
        private readonly string? _path;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        public Lexer(string text, string? path)
        {
            _text = text;
            _path = path;
            // A byte-order mark is not part of the text.
            if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = _lineStart = 1;
        }

        public bool AtEnd => _pos >= _text.Length;
        public char Current => _text[_pos];
        public WatSpan Here => new(_line, _pos - _lineStart + 1, _pos, _path);

        public void Advance()
        {
            if (_text[_pos] == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }
            _pos++;
        }

        private char PeekAt(int delta) => _pos + delta < _text.Length ? _text[_pos + delta] : '\0';

        public bool StartsAnnotation => !AtEnd && Current == '@' && (IsIdChar(PeekAt(1)) || PeekAt(1) == '"');

        public void SkipTrivia()
        {
            while (!AtEnd)
            {
                char c = Current;
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    Advance();
                }
                else if (c == ';' && PeekAt(1) == ';')
                {
                    while (!AtEnd && Current != '\n') Advance();
                }
                else if (c == '(' && PeekAt(1) == ';')
                {
                    SkipBlockComment();
                }
                else
                {
                    return;
                }
            }
        }

        private void SkipBlockComment()
        {
            var start = Here;
            int depth = 0;
            while (!AtEnd)
            {
                if (Current == '(' && PeekAt(1) == ';')
                {
                    Advance();
                    Advance();
                    depth++;
                }
                else if (Current == ';' && PeekAt(1) == ')')
                {
                    Advance();
                    Advance();
                    if (--depth == 0) return;
                }
                else
                {
                    Advance();
                }
            }
            throw start.Error("unterminated block comment");
        }

        public string ReadAnnotationName(WatSpan at)
        {
            if (!AtEnd && Current == '"')
            {
                var (bytes, valid) = ReadStringBody();
                if (bytes.Length == 0) throw at.Error("empty annotation id");
                if (!valid) throw at.Error("malformed UTF-8 encoding");
                return Utf8.GetString(bytes);
            }
            int start = _pos;
            while (!AtEnd && IsIdChar(Current)) Advance();
            if (_pos == start) throw at.Error("empty annotation id");
            return _text.Substring(start, _pos - start);
        }

        /// <summary>Reads one token: a maximal run of id characters, strings and reserved punctuation.</summary>
        public WatAtom ReadToken()
        {
            var span = Here;
            int start = _pos;
            int parts = 0;
            bool hasString = false;
            byte[]? firstString = null;
            bool firstValid = true;
            int stringStart = -1;
            while (!AtEnd)
            {
                char c = Current;
                if (c == '"')
                {
                    if (!hasString) stringStart = _pos;
                    var (bytes, valid) = ReadStringBody();
                    if (!hasString)
                    {
                        firstString = bytes;
                        firstValid = valid;
                    }
                    hasString = true;
                    parts++;
                }
                else if (c == ';' && PeekAt(1) == ';')
                {
                    break;
                }
                else if (IsIdChar(c) || c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}')
                {
                    Advance();
                    parts++;
                }
                else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')')
                {
                    break;
                }
                else
                {
                    throw Here.Error($"unexpected character '{Describe(c)}'");
                }
            }
            string raw = _text.Substring(start, _pos - start);
            if (hasString)
            {
                // A whole string token, or a $"..." id; anything else mixing strings is reserved.
                if (stringStart == start && raw[raw.Length - 1] == '"' && IsSingleString(raw))
                    return new WatAtom(span, WatAtomKind.String, Decode(firstString!), firstString, firstValid);
                if (stringStart == start + 1 && raw[0] == '$' && IsSingleString(raw.Substring(1)))
                {
                    if (firstString!.Length == 0) throw span.Error("empty identifier");
                    if (!firstValid) throw span.Error("malformed UTF-8 encoding");
                    return new WatAtom(span, WatAtomKind.Id, Decode(firstString), firstString, firstValid);
                }
                return new WatAtom(span, WatAtomKind.Reserved, raw);
            }
            return Classify(span, raw);
        }

        private static bool IsSingleString(string raw)
        {
            // True when raw is exactly one string literal "...".
            if (raw.Length < 2 || raw[0] != '"') return false;
            for (int i = 1; i < raw.Length; i++)
            {
                if (raw[i] == '\\') { i++; continue; }
                if (raw[i] == '"') return i == raw.Length - 1;
            }
            return false;
        }

        private static WatAtom Classify(WatSpan span, string raw)
        {
            char c = raw[0];
            if (c == '$')
            {
                if (raw.Length == 1) throw span.Error("empty identifier");
                for (int i = 1; i < raw.Length; i++)
                    if (!IsIdChar(raw[i])) return new WatAtom(span, WatAtomKind.Reserved, raw);
                return new WatAtom(span, WatAtomKind.Id, raw.Substring(1));
            }
            var number = WatNumbers.ClassifyLiteral(raw);
            if (number is WatAtomKind kind) return new WatAtom(span, kind, raw);
            if (c >= 'a' && c <= 'z')
            {
                foreach (char ch in raw)
                    if (!IsIdChar(ch)) return new WatAtom(span, WatAtomKind.Reserved, raw);
                return new WatAtom(span, WatAtomKind.Keyword, raw);
            }
            return new WatAtom(span, WatAtomKind.Reserved, raw);
        }

        /// <summary>Reads a string literal at the current '"', returning its bytes and whether they are UTF-8.</summary>
        private (byte[] Bytes, bool Valid) ReadStringBody()
        {
            var start = Here;
            Advance(); // opening quote
            var bytes = new List<byte>();
            Span<byte> utf8 = stackalloc byte[4];
            while (true)
            {
                if (AtEnd) throw start.Error("unterminated string");
                char c = Current;
                if (c == '"')
                {
                    Advance();
                    break;
                }
                if (c == '\\')
                {
                    var escape = Here;
                    Advance();
                    if (AtEnd) throw start.Error("unterminated string");
                    char e = Current;
                    switch (e)
                    {
                        case 'n': bytes.Add((byte)'\n'); Advance(); break;
                        case 't': bytes.Add((byte)'\t'); Advance(); break;
                        case 'r': bytes.Add((byte)'\r'); Advance(); break;
                        case '"': bytes.Add((byte)'"'); Advance(); break;
                        case '\'': bytes.Add((byte)'\''); Advance(); break;
                        case '\\': bytes.Add((byte)'\\'); Advance(); break;
                        case 'u':
                        {
                            Advance();
                            if (AtEnd || Current != '{') throw escape.Error("invalid string escape");
                            Advance();
                            long value = 0;
                            int digits = 0;
                            bool lastUnderscore = false;
                            while (!AtEnd && (HexValue(Current) >= 0 || Current == '_'))
                            {
                                if (Current == '_')
                                {
                                    if (digits == 0 || lastUnderscore) throw escape.Error("invalid string escape");
                                    lastUnderscore = true;
                                }
                                else
                                {
                                    value = value * 16 + HexValue(Current);
                                    if (value > 0x10FFFF) value = 0x110000;
                                    digits++;
                                    lastUnderscore = false;
                                }
                                Advance();
                            }
                            if (digits == 0 || lastUnderscore || AtEnd || Current != '}') throw escape.Error("invalid string escape");
                            Advance();
                            if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000))
                                throw escape.Error("invalid unicode scalar value");
                            int n = EncodeUtf8((int)value, utf8);
                            for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                            break;
                        }
                        default:
                        {
                            int hi = HexValue(e);
                            int lo = HexValue(PeekAt(1));
                            if (hi < 0 || lo < 0) throw escape.Error("invalid string escape");
                            Advance();
                            Advance();
                            bytes.Add((byte)(hi * 16 + lo));
                            break;
                        }
                    }
                    continue;
                }
                if (c < 0x20 || c == 0x7f) throw Here.Error("invalid character in string");
                int scalar = c;
                if (char.IsHighSurrogate(c) && char.IsLowSurrogate(PeekAt(1)))
                {
                    scalar = char.ConvertToUtf32(c, PeekAt(1));
                    Advance();
                }
                else if (char.IsSurrogate(c))
                {
                    throw Here.Error("invalid character in string");
                }
                Advance();
                int count = EncodeUtf8(scalar, utf8);
                for (int i = 0; i < count; i++) bytes.Add(utf8[i]);
            }
            var array = bytes.ToArray();
            return (array, IsValidUtf8(array));
        }
    }

    private static readonly UTF8Encoding Utf8 = new(false, false);

    private static string Decode(byte[] bytes) => Utf8.GetString(bytes);

    private static bool IsValidUtf8(byte[] bytes) => FirstInvalidUtf8(bytes) < 0;

    private static int EncodeUtf8(int scalar, Span<byte> into)
    {
        if (scalar < 0x80) { into[0] = (byte)scalar; return 1; }
        if (scalar < 0x800) { into[0] = (byte)(0xC0 | (scalar >> 6)); into[1] = (byte)(0x80 | (scalar & 0x3F)); return 2; }
        if (scalar < 0x10000)
        {
            into[0] = (byte)(0xE0 | (scalar >> 12));
            into[1] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
            into[2] = (byte)(0x80 | (scalar & 0x3F));
            return 3;
        }
        into[0] = (byte)(0xF0 | (scalar >> 18));
        into[1] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
        into[2] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
        into[3] = (byte)(0x80 | (scalar & 0x3F));
        return 4;
    }

    internal static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    /// <summary>The idchar set of the text format.</summary>
    internal static bool IsIdChar(char c) =>
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        c switch
        {
            '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/' or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~' => true,
            _ => false,
        };

    private static string Describe(char c) => c < 0x20 || c == 0x7f ? $"\\u{{{(int)c:x}}}" : c.ToString();
}
