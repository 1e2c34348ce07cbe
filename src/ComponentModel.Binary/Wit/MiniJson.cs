using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// The small JSON subset the <c>package-docs</c> section needs: objects keep key order (a list of pairs), arrays,
/// strings, numbers as text, booleans and null. Parse errors throw <see cref="FormatException"/>.
/// </summary>
internal static class MiniJson
{
    internal sealed class JsonObject : List<KeyValuePair<string, object?>>
    {
        public object? Get(string key)
        {
            foreach (var p in this) if (p.Key == key) return p.Value;
            return null;
        }

        public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
    }

    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        WriteValue(sb, value);
        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case string s: WriteString(sb, s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case JsonObject o:
                sb.Append('{');
                for (int i = 0; i < o.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteString(sb, o[i].Key);
                    sb.Append(':');
                    WriteValue(sb, o[i].Value);
                }
                sb.Append('}');
                break;
            case List<object?> a:
                sb.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteValue(sb, a[i]);
                }
                sb.Append(']');
                break;
            default: sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    public static object? Parse(string text)
    {
        int i = 0;
        var value = ParseValue(text, ref i, 0);
        SkipWs(text, ref i);
        if (i != text.Length) throw new FormatException($"unexpected JSON text at {i}");
        return value;
    }

    private static void SkipWs(string t, ref int i)
    {
        while (i < t.Length && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) i++;
    }

    private static object? ParseValue(string t, ref int i, int depth)
    {
        if (depth > 64) throw new FormatException("JSON nesting too deep");
        SkipWs(t, ref i);
        if (i >= t.Length) throw new FormatException("unexpected end of JSON");
        char c = t[i];
        if (c == '{')
        {
            i++;
            var o = new JsonObject();
            SkipWs(t, ref i);
            if (i < t.Length && t[i] == '}') { i++; return o; }
            while (true)
            {
                SkipWs(t, ref i);
                var key = ParseString(t, ref i);
                SkipWs(t, ref i);
                Expect(t, ref i, ':');
                o.Add(key, ParseValue(t, ref i, depth + 1));
                SkipWs(t, ref i);
                if (i < t.Length && t[i] == ',') { i++; continue; }
                Expect(t, ref i, '}');
                return o;
            }
        }
        if (c == '[')
        {
            i++;
            var a = new List<object?>();
            SkipWs(t, ref i);
            if (i < t.Length && t[i] == ']') { i++; return a; }
            while (true)
            {
                a.Add(ParseValue(t, ref i, depth + 1));
                SkipWs(t, ref i);
                if (i < t.Length && t[i] == ',') { i++; continue; }
                Expect(t, ref i, ']');
                return a;
            }
        }
        if (c == '"') return ParseString(t, ref i);
        if (Literal(t, ref i, "null")) return null;
        if (Literal(t, ref i, "true")) return true;
        if (Literal(t, ref i, "false")) return false;
        int start = i;
        while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '-' || t[i] == '+' || t[i] == '.' || t[i] == 'e' || t[i] == 'E')) i++;
        if (i == start) throw new FormatException($"unexpected JSON character '{c}' at {i}");
        return t.Substring(start, i - start);
    }

    private static bool Literal(string t, ref int i, string word)
    {
        if (string.CompareOrdinal(t, i, word, 0, word.Length) != 0) return false;
        i += word.Length;
        return true;
    }

    private static void Expect(string t, ref int i, char c)
    {
        if (i >= t.Length || t[i] != c) throw new FormatException($"expected '{c}' at {i}");
        i++;
    }

    private static string ParseString(string t, ref int i)
    {
        Expect(t, ref i, '"');
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= t.Length) throw new FormatException("unterminated JSON string");
            char c = t[i++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= t.Length) throw new FormatException("unterminated JSON escape");
            char e = t[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    if (i + 4 > t.Length) throw new FormatException("bad \\u escape");
                    sb.Append((char)int.Parse(t.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
    }
}
