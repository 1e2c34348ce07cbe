namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// ANTLR indexes the input by code point; spans and <see cref="Text.SourceFile"/> use UTF-16 offsets.
/// This maps one to the other (the identity when the text has no surrogate pairs).
/// </summary>
internal sealed class CodePointMap
{
    private readonly int[]? _utf16Offsets;
    private readonly int _length;

    public CodePointMap(string text)
    {
        _length = text.Length;
        int pairs = 0;
        for (int i = 0; i + 1 < text.Length; i++)
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1])) { pairs++; i++; }
        if (pairs == 0) return;
        var offsets = new int[text.Length - pairs + 1];
        int cp = 0;
        for (int i = 0; i < text.Length; i++)
        {
            offsets[cp++] = i;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        offsets[cp] = text.Length;
        _utf16Offsets = offsets;
    }

    /// <summary>The UTF-16 offset of code point index <paramref name="codePointIndex"/> (clamped to the text).</summary>
    public int ToUtf16(int codePointIndex)
    {
        if (codePointIndex < 0) return 0;
        if (_utf16Offsets is null) return codePointIndex < _length ? codePointIndex : _length;
        return codePointIndex < _utf16Offsets.Length ? _utf16Offsets[codePointIndex] : _length;
    }
}

internal static class CodePointExtensions
{
    /// <summary>The code point at <paramref name="index"/>, or the lone UTF-16 unit when it is not a valid pair.</summary>
    public static int ConvertToUtf32OrSelf(this string s, int index)
    {
        char c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
            return char.ConvertToUtf32(c, s[index + 1]);
        return c;
    }

    /// <summary>UTF-16 length of the code point at <paramref name="index"/> (1 or 2).</summary>
    public static int CodePointLength(this string s, int index) =>
        index + 1 < s.Length && char.IsHighSurrogate(s[index]) && char.IsLowSurrogate(s[index + 1]) ? 2 : 1;
}
