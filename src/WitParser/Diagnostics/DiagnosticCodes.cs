namespace WitBindgen.WitParser.Diagnostics;

/// <summary>The stable diagnostic codes of the WIT front end. Add new codes at the end of a group.</summary>
public static class DiagnosticCodes
{
    // Reading input (WIT00xx)
    /// <summary>A file or directory could not be read.</summary>
    public const string Io = "WIT0001";
    /// <summary>A character the lexer does not accept (control, bidi override, deprecated code point, lone CR).</summary>
    public const string InvalidCharacter = "WIT0002";
    /// <summary>A token that cannot start or continue the construct being parsed.</summary>
    public const string Syntax = "WIT0003";
    /// <summary>An identifier that is not valid kebab case, or a malformed version or integer.</summary>
    public const string InvalidName = "WIT0004";
    /// <summary>Input nested beyond the supported depth.</summary>
    public const string TooDeep = "WIT0005";
    /// <summary>A package declaration is missing or files of one package disagree on it.</summary>
    public const string PackageDeclaration = "WIT0006";
    /// <summary>An unexpected failure inside the front end (a bug): reported instead of crashing the caller.</summary>
    public const string InternalError = "WIT0007";

    // Resolution inside a package (WIT01xx)
    /// <summary>A name defined twice in one scope.</summary>
    public const string DuplicateName = "WIT0101";
    /// <summary>A name that does not refer to anything visible.</summary>
    public const string UnknownName = "WIT0102";
    /// <summary>A type, interface, world or package that depends on itself.</summary>
    public const string Cycle = "WIT0103";
    /// <summary>A name that refers to the wrong kind of item (e.g. a type where an interface is needed).</summary>
    public const string WrongKind = "WIT0104";
    /// <summary>A type that is not allowed where it is used (borrow in a result, bad map key, handle to a non-resource...).</summary>
    public const string InvalidType = "WIT0105";
    /// <summary>Bad or conflicting @since/@unstable/@deprecated attributes.</summary>
    public const string Stability = "WIT0106";
    /// <summary>Import/export name collisions and shadowing in a world.</summary>
    public const string WorldConflict = "WIT0107";
    /// <summary>An empty variant or enum, or another structurally invalid definition.</summary>
    public const string InvalidDefinition = "WIT0108";

    // Resolution across packages (WIT02xx)
    /// <summary>A package referenced but not present.</summary>
    public const string UnknownPackage = "WIT0201";
    /// <summary>A package defined more than once.</summary>
    public const string DuplicatePackage = "WIT0202";
    /// <summary>A dependency that cannot be decoded (component binaries in deps/).</summary>
    public const string UnsupportedDependency = "WIT0203";
}
