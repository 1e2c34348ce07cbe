using System.Collections.Generic;
using System.Text;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Decodes a string literal the way the reference lexer does (escapes <c>\" \' \t \n \r \\</c>,
/// <c>\u{hex}</c>, <c>\XX</c> raw bytes; no control characters) and words its errors.
/// </summary>
internal static class StringLiterals
{
    /// <summary>Decodes the literal whose opening quote is at <paramref name="start"/>; throws <see cref="WitException"/> on bad input.</summary>
    public static string Decode(SourceFile file, int start)
    {
        var text = file.Text;
        var bytes = new List<byte>();
        int i = start + 1;
        while (true)
        {
            var (pos, c) = Next(file, ref i);
            if (c == '"') break;
            if (c == '\\')
            {
                var (escPos, e) = Next(file, ref i);
                switch (e)
                {
                    case '"': bytes.Add((byte)'"'); break;
                    case '\'': bytes.Add((byte)'\''); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 'r': bytes.Add((byte)'\r'); break;
                    case '\\': bytes.Add((byte)'\\'); break;
                    case 'u':
                    {
                        var (bracePos, brace) = Next(file, ref i);
                        if (brace != '{') throw Error(file, bracePos, "expected character '{'");
                        uint n = HexNumber(file, ref i);
                        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
                            throw Error(file, escPos, "invalid unicode value 0x" + n.ToString("x"));
                        bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)n)));
                        var (closePos, close) = Next(file, ref i);
                        if (close != '}') throw Error(file, closePos, "expected character '}'");
                        break;
                    }
                    default:
                        if (IsHex(e))
                        {
                            var (lowPos, low) = Next(file, ref i);
                            if (!IsHex(low)) throw Error(file, lowPos, "invalid hex digit " + TokenText.DebugChar(low));
                            bytes.Add((byte)(HexValue(e) * 16 + HexValue(low)));
                        }
                        else throw Error(file, escPos, "invalid string escape " + TokenText.DebugChar(e));
                        break;
                }
            }
            else if (c < 0x20 || c == 0x7F)
            {
                throw Error(file, pos, "invalid string character " + TokenText.DebugChar(c));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(c)));
            }
        }
        var array = bytes.ToArray();
        int bad = FirstInvalidUtf8(array, out int badLength);
        if (bad >= 0)
        {
            string detail = badLength > 0
                ? $"invalid utf-8 sequence of {badLength} bytes from index {bad}"
                : $"incomplete utf-8 byte sequence from index {bad}";
            throw Error(file, start, "invalid UTF-8: " + detail);
        }
        return Encoding.UTF8.GetString(array);

        // Reads one code point; at the end of the file the reference reports "unexpected end of file".
        static (int Pos, int Char) Next(SourceFile f, ref int index)
        {
            if (index >= f.Text.Length) throw Error(f, f.Text.Length, "unexpected end of file");
            int pos = index;
            int c = f.Text.ConvertToUtf32OrSelf(index);
            index += f.Text.CodePointLength(index);
            return (pos, c);
        }
    }

    // `\u{...}`: hex digits with optional '_' separators, at most u32.
    private static uint HexNumber(SourceFile file, ref int i)
    {
        var text = file.Text;
        int first = i;
        if (i >= text.Length) throw Error(file, text.Length, "unexpected end of file");
        int c0 = text.ConvertToUtf32OrSelf(i);
        if (!IsHex(c0)) throw Error(file, i, "invalid hex digit " + TokenText.DebugChar(c0));
        i += text.CodePointLength(i);
        ulong n = (ulong)HexValue(c0);
        bool lastUnderscore = false;
        while (true)
        {
            if (i < text.Length && text[i] == '_') { lastUnderscore = true; i++; continue; }
            if (i >= text.Length) throw Error(file, text.Length, "unexpected end of file");
            int c = text.ConvertToUtf32OrSelf(i);
            if (!IsHex(c)) break;
            lastUnderscore = false;
            n = n * 16 + (ulong)HexValue(c);
            if (n > uint.MaxValue) throw Error(file, i, "number is too big to fit in a u32");
            i++;
        }
        if (lastUnderscore) throw Error(file, first, "trailing underscore in number");
        return (uint)n;
    }

    private static bool IsHex(int c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static int HexValue(int c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Index of the first invalid UTF-8 sequence (-1 when valid); badLength 0 means "incomplete".
    private static int FirstInvalidUtf8(byte[] b, out int badLength)
    {
        badLength = 0;
        int i = 0;
        while (i < b.Length)
        {
            byte x = b[i];
            int need; int min;
            if (x < 0x80) { i++; continue; }
            if (x >= 0xC2 && x <= 0xDF) { need = 1; min = 0x80; }
            else if (x >= 0xE0 && x <= 0xEF) { need = 2; min = 0x800; }
            else if (x >= 0xF0 && x <= 0xF4) { need = 3; min = 0x10000; }
            else { badLength = 1; return i; }
            int cp = x & (0x3F >> need);
            for (int k = 1; k <= need; k++)
            {
                if (i + k >= b.Length) { badLength = 0; return i; }
                byte y = b[i + k];
                if ((y & 0xC0) != 0x80) { badLength = k; return i; }
                cp = (cp << 6) | (y & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { badLength = 1; return i; }
            i += need + 1;
        }
        return -1;
    }

    private static WitException Error(SourceFile file, int offset, string message)
    {
        int end = offset < file.Text.Length ? offset + file.Text.CodePointLength(offset) : offset;
        return new WitException(new Diagnostic(DiagnosticCodes.InvalidCharacter, message, new Span(file, offset, end)));
    }
}
