namespace WitBindgen.ComponentModel.Types;

/// <summary>The kinds of component value type.</summary>
public enum ValTypeKind : byte
{
    Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
    /// <summary><c>list&lt;T&gt;</c>.</summary>
    List,
    /// <summary><c>list&lt;T, N&gt;</c>.</summary>
    FixedList,
    Record, Tuple, Variant, Enum, Option, Result, Flags,
    /// <summary><c>own&lt;R&gt;</c>: a handle transferring ownership.</summary>
    Own,
    /// <summary><c>borrow&lt;R&gt;</c>: a handle lent for the duration of a call.</summary>
    Borrow,
    /// <summary><c>map&lt;K, V&gt;</c>: laid out as <c>list&lt;tuple&lt;K, V&gt;&gt;</c>.</summary>
    Map,
    /// <summary><c>future&lt;T&gt;</c>: an i32 handle.</summary>
    Future,
    /// <summary><c>stream&lt;T&gt;</c>: an i32 handle.</summary>
    Stream,
    /// <summary><c>error-context</c>: an i32 handle.</summary>
    ErrorContext,
}
