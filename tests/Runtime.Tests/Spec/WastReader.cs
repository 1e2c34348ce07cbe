using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>A node of a .wast script: an atom, a string literal or a parenthesized list, with its source span.</summary>
internal sealed class SExpr
{
    public SExpr(string? atom, bool isString, List<SExpr>? items, int start, int end)
    {
        Atom = atom;
        IsString = isString;
        Items = items ?? new List<SExpr>();
        Start = start;
        End = end;
    }

    /// <summary>The atom text (for strings: the raw literal including quotes); null for lists.</summary>
    public string? Atom { get; }

    public bool IsString { get; }

    public bool IsList => Atom is null;

    public List<SExpr> Items { get; }

    /// <summary>Source offset of the first character (the '(' for lists).</summary>
    public int Start { get; }

    /// <summary>Source offset just past the last character (past ')' for lists).</summary>
    public int End { get; set; }

    /// <summary>The first atom of a list (its keyword), or null.</summary>
    public string? Head => IsList && Items.Count > 0 && Items[0].Atom is { } a && !Items[0].IsString ? a : null;

    public SExpr this[int index] => Items[index];

    public int Count => Items.Count;

    /// <summary>The bytes of a string literal (escapes decoded, other characters as UTF-8).</summary>
    public byte[] StringBytes()
    {
        if (!IsString || Atom is null) throw new InvalidDataException("not a string literal: " + this);
        return WastReader.DecodeString(Atom);
    }

    /// <summary>The string literal as text (UTF-8 decoded, invalid sequences replaced).</summary>
    public string StringText() => Encoding.UTF8.GetString(StringBytes());

    public override string ToString() => IsList ? "(" + string.Join(" ", Items) + ")" : Atom!;
}

/// <summary>Tokenizes and parses a .wast script into S-expressions (comments, nested block comments, strings, annotations).</summary>
internal static class WastReader
{
    public static List<SExpr> Parse(string source)
    {
        var stack = new Stack<(List<SExpr> Items, int Start)>();
        var top = new List<SExpr>();
        var current = top;
        var i = 0;
        var n = source.Length;
        while (i < n)
        {
            var ch = source[i];
            if (ch is ' ' or '\t' or '\r' or '\n') { i++; continue; }
            if (ch == ';' && i + 1 < n && source[i + 1] == ';')
            {
                var nl = source.IndexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (ch == '(' && i + 1 < n && source[i + 1] == ';')
            {
                i = SkipBlockComment(source, i);
                continue;
            }
            if (ch == '(')
            {
                stack.Push((current, i));
                current = new List<SExpr>();
                i++;
                continue;
            }
            if (ch == ')')
            {
                if (stack.Count == 0) throw new InvalidDataException($"unbalanced ')' at {i}");
                var (parent, start) = stack.Pop();
                parent.Add(new SExpr(null, false, current, start, i + 1));
                current = parent;
                i++;
                continue;
            }
            if (ch == '"')
            {
                var j = i + 1;
                while (j < n && source[j] != '"')
                {
                    if (source[j] == '\\') j++;
                    j++;
                }
                if (j >= n) throw new InvalidDataException($"unclosed string at {i}");
                current.Add(new SExpr(source.Substring(i, j + 1 - i), true, null, i, j + 1));
                i = j + 1;
                continue;
            }
            var k = i;
            while (k < n && !(source[k] is ' ' or '\t' or '\r' or '\n' or '(' or ')' or '"'))
            {
                if (source[k] == ';' && k + 1 < n && source[k + 1] == ';') break;
                k++;
            }
            current.Add(new SExpr(source.Substring(i, k - i), false, null, i, k));
            i = k;
        }
        if (stack.Count != 0) throw new InvalidDataException("unbalanced '(' at end of script");
        return top;
    }

    private static int SkipBlockComment(string source, int i)
    {
        var depth = 0;
        while (i < source.Length)
        {
            if (source[i] == '(' && i + 1 < source.Length && source[i + 1] == ';') { depth++; i += 2; }
            else if (source[i] == ';' && i + 1 < source.Length && source[i + 1] == ')') { depth--; i += 2; if (depth == 0) return i; }
            else i++;
        }
        throw new InvalidDataException("unclosed block comment");
    }

    /// <summary>Decodes a string literal (with its quotes) into bytes.</summary>
    public static byte[] DecodeString(string literal)
    {
        var bytes = new List<byte>(literal.Length);
        var utf8 = new byte[4];
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var ch = literal[i];
            if (ch != '\\')
            {
                if (char.IsHighSurrogate(ch) && i + 1 < literal.Length - 1)
                {
                    var count = Encoding.UTF8.GetBytes(literal.AsSpan(i, 2), utf8);
                    for (var b = 0; b < count; b++) bytes.Add(utf8[b]);
                    i++;
                }
                else
                {
                    var count = Encoding.UTF8.GetBytes(literal.AsSpan(i, 1), utf8);
                    for (var b = 0; b < count; b++) bytes.Add(utf8[b]);
                }
                continue;
            }
            var e = literal[++i];
            switch (e)
            {
                case 'n': bytes.Add(0x0A); break;
                case 't': bytes.Add(0x09); break;
                case 'r': bytes.Add(0x0D); break;
                case '\\': bytes.Add(0x5C); break;
                case '\'': bytes.Add(0x27); break;
                case '"': bytes.Add(0x22); break;
                case 'u':
                {
                    var close = literal.IndexOf('}', i);
                    var code = int.Parse(literal.AsSpan(i + 2, close - i - 2).ToString().Replace("_", ""), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    var count = Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code), utf8);
                    for (var b = 0; b < count; b++) bytes.Add(utf8[b]);
                    i = close;
                    break;
                }
                default:
                    bytes.Add(byte.Parse(literal.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i++;
                    break;
            }
        }
        return bytes.ToArray();
    }
}
