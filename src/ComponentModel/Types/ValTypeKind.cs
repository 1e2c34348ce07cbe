namespace WitBindgen.ComponentModel.Types;

/// <summary>The kinds of component value type.</summary>
public enum ValTypeKind : byte
{
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>s8</c>: a signed 8-bit integer.</summary>
    S8,
    /// <summary><c>u8</c>: an unsigned 8-bit integer.</summary>
    U8,
    /// <summary><c>s16</c>: a signed 16-bit integer.</summary>
    S16,
    /// <summary><c>u16</c>: an unsigned 16-bit integer.</summary>
    U16,
    /// <summary><c>s32</c>: a signed 32-bit integer.</summary>
    S32,
    /// <summary><c>u32</c>: an unsigned 32-bit integer.</summary>
    U32,
    /// <summary><c>s64</c>: a signed 64-bit integer.</summary>
    S64,
    /// <summary><c>u64</c>: an unsigned 64-bit integer.</summary>
    U64,
    /// <summary><c>f32</c>: a 32-bit float.</summary>
    F32,
    /// <summary><c>f64</c>: a 64-bit float.</summary>
    F64,
    /// <summary><c>char</c>: a Unicode scalar value.</summary>
    Char,
    /// <summary><c>string</c>: Unicode text.</summary>
    String,
    /// <summary><c>list&lt;T&gt;</c>.</summary>
    List,
    /// <summary><c>list&lt;T, N&gt;</c>.</summary>
    FixedList,
    /// <summary><c>record</c>: named fields.</summary>
    Record,
    /// <summary><c>tuple&lt;...&gt;</c>: unnamed fields.</summary>
    Tuple,
    /// <summary><c>variant</c>: one of several cases, each with an optional payload.</summary>
    Variant,
    /// <summary><c>enum</c>: one of several payload-free cases.</summary>
    Enum,
    /// <summary><c>option&lt;T&gt;</c>.</summary>
    Option,
    /// <summary><c>result&lt;T, E&gt;</c>.</summary>
    Result,
    /// <summary><c>flags</c>: a set of named bits.</summary>
    Flags,
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
