namespace WitBindgen.WitParser.Syntax;

/// <summary>Words why a version text is not a semantic version, in the style of the `semver` crate the reference uses.</summary>
internal static class SemVersionErrors
{
    public static string Describe(string text)
    {
        if (text.Length == 0) return "empty string, expected a semver version";
        int i = 0;
        string[] parts = { "major version number", "minor version number", "patch version number" };
        for (int k = 0; k < 3; k++)
        {
            if (k > 0)
            {
                if (i >= text.Length) return $"unexpected end of input while parsing {parts[k]}";
                if (text[i] != '.') return $"unexpected character {TokenText.DebugChar(text[i])} after {parts[k - 1]}";
                i++;
            }
            int start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            if (i == start)
                return i >= text.Length
                    ? $"unexpected end of input while parsing {parts[k]}"
                    : $"unexpected character {TokenText.DebugChar(text[i])} while parsing {parts[k]}";
            if (i - start > 1 && text[start] == '0') return $"invalid leading zero in {parts[k]}";
            if (!ulong.TryParse(text.Substring(start, i - start), out _)) return $"value of {parts[k]} exceeds u64::MAX";
        }
        if (i < text.Length && text[i] == '-')
        {
            var error = Identifiers(text, ref i, "pre-release identifier", numericLeadingZero: true);
            if (error is not null) return error;
        }
        if (i < text.Length && text[i] == '+')
        {
            var error = Identifiers(text, ref i, "build metadata", numericLeadingZero: false);
            if (error is not null) return error;
        }
        if (i < text.Length)
        {
            string after = text.LastIndexOf('+', i - 1) >= 0 ? "build metadata"
                : text.IndexOf('-') >= 0 && text.IndexOf('-') < i ? "pre-release identifier" : "patch version number";
            return $"unexpected character {TokenText.DebugChar(text[i])} after {after}";
        }
        return "invalid semver version";
    }

    private static string? Identifiers(string text, ref int i, string what, bool numericLeadingZero)
    {
        i++; // the '-' or '+'
        while (true)
        {
            int start = i;
            bool numeric = true;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) && text[i] < 128 || text[i] == '-'))
            {
                if (text[i] < '0' || text[i] > '9') numeric = false;
                i++;
            }
            if (i == start) return $"empty identifier segment in {what}";
            if (numericLeadingZero && numeric && i - start > 1 && text[start] == '0') return $"invalid leading zero in {what}";
            if (i < text.Length && text[i] == '.') { i++; continue; }
            return null;
        }
    }
}
