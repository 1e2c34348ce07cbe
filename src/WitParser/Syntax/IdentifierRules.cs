namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// The reference's identifier rule: non-empty parts separated by '-', the first part starting with
/// an ASCII letter, each part all lowercase or all uppercase ASCII letters plus digits.
/// </summary>
internal static class IdentifierRules
{
    /// <summary>Returns null when <paramref name="id"/> is valid, otherwise the reference's message.</summary>
    public static string? Validate(string id)
    {
        const string emptyPart = "identifiers must have characters between '-'s";
        if (id.Length == 0) return emptyPart;
        int partIndex = 0;
        int i = 0;
        while (true)
        {
            int end = id.IndexOf('-', i);
            if (end < 0) end = id.Length;
            if (end == i) return emptyPart;
            if (partIndex == 0 && !IsAsciiLetter(id[i])) return InvalidChar(id, i);
            bool? upper = null;
            for (int j = i; j < end; j++)
            {
                char c = id[j];
                if (c >= '0' && c <= '9') continue;
                if (c >= 'A' && c <= 'Z')
                {
                    if (upper == false) return InvalidChar(id, j);
                    upper = true;
                }
                else if (c >= 'a' && c <= 'z')
                {
                    if (upper == true) return InvalidChar(id, j);
                    upper = false;
                }
                else return InvalidChar(id, j);
            }
            if (end == id.Length) return null;
            i = end + 1;
            partIndex++;
        }
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static string InvalidChar(string id, int index) =>
        "invalid character in identifier " + TokenText.DebugChar(id.ConvertToUtf32OrSelf(index));
}
