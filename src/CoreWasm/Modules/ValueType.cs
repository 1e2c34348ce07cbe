namespace WitBindgen.CoreWasm.Modules;

/// <summary>
/// A WebAssembly value type. Number, vector and the nullable abstract reference types are their binary-format
/// type codes; typed references (function references) are <see cref="ValueTypes.RefFlag"/> with
/// <see cref="ValueTypes.NullFlag"/> when nullable and a heap type: a type index, or
/// <see cref="ValueTypes.AbstractFlag"/> with the abstract heap type's code (func, extern, any, cont...).
/// <c>(ref null func)</c> and <c>(ref null extern)</c> are always <see cref="FuncRef"/> and <see cref="ExternRef"/>.
/// </summary>
internal enum ValueType
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE float.</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (SIMD).</summary>
    V128 = 0x7B,
    /// <summary>Nullable function reference.</summary>
    FuncRef = 0x70,
    /// <summary>Nullable host reference.</summary>
    ExternRef = 0x6F,
}

/// <summary>Helpers over <see cref="ValueType"/>.</summary>
internal static class ValueTypes
{
    /// <summary>Set on every typed reference type.</summary>
    public const int RefFlag = 0x4000_0000;
    /// <summary>Set on nullable typed references.</summary>
    public const int NullFlag = 0x2000_0000;
    /// <summary>Set on an abstract heap type (the low byte is its code); clear for a type index.</summary>
    public const int AbstractFlag = 0x1000_0000;
    /// <summary>Heap type codes of the abstract heap types function references know.</summary>
    public const int HeapFunc = AbstractFlag | 0x70, HeapExtern = AbstractFlag | 0x6F, HeapNoFunc = AbstractFlag | 0x73, HeapNoExtern = AbstractFlag | 0x72;
    /// <summary>Heap type codes of exception handling: <c>exn</c> (caught exceptions) and its bottom <c>noexn</c>.</summary>
    public const int HeapExn = AbstractFlag | 0x69, HeapNoExn = AbstractFlag | 0x74;
    /// <summary>Heap type codes of GC: <c>any</c>, <c>eq</c>, <c>i31</c>, <c>struct</c>, <c>array</c> and their bottom <c>none</c>.</summary>
    public const int HeapAny = AbstractFlag | 0x6E, HeapEq = AbstractFlag | 0x6D, HeapI31 = AbstractFlag | 0x6C, HeapStruct = AbstractFlag | 0x6B, HeapArray = AbstractFlag | 0x6A, HeapNone = AbstractFlag | 0x71;
    /// <summary>Heap type codes of stack switching: <c>cont</c> (continuations) and its bottom <c>nocont</c>. Component
    /// core types may name them; the engine's reader rejects them as an unsupported feature.</summary>
    public const int HeapCont = AbstractFlag | 0x68, HeapNoCont = AbstractFlag | 0x75;
    /// <summary>Packed storage types of struct fields and array elements (GC): they are read as i32.</summary>
    public const ValueType I8 = (ValueType)0x78, I16 = (ValueType)0x77;
    /// <summary><c>exnref</c>, that is <c>(ref null exn)</c>.</summary>
    public static readonly ValueType ExnRef = Ref(true, HeapExn);
    /// <summary>The largest type index a heap type can hold.</summary>
    public const int MaxTypeIndex = 0x0FFF_FFFF;

    /// <summary>The reference type <c>(ref null? heap)</c> in its one representation.</summary>
    public static ValueType Ref(bool nullable, int heap)
    {
        if (nullable && heap == HeapFunc) return ValueType.FuncRef;
        if (nullable && heap == HeapExtern) return ValueType.ExternRef;
        return (ValueType)(RefFlag | (nullable ? NullFlag : 0) | heap);
    }

    /// <summary>Whether the type is a typed reference (not one of the two nullable abstract shorthands).</summary>
    public static bool IsTypedReference(this ValueType type) => ((int)type & RefFlag) != 0;

    /// <summary>Whether the type is a reference type.</summary>
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef || type.IsTypedReference();

    /// <summary>Whether the type is a number type (i32, i64, f32, f64).</summary>
    public static bool IsNumber(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>Whether a reference type admits null.</summary>
    public static bool IsNullable(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef || ((int)type & NullFlag) != 0;

    /// <summary>Whether locals of the type start with a default value (every type except non-null references).</summary>
    public static bool IsDefaultable(this ValueType type) => !type.IsReference() || type.IsNullable();

    /// <summary>The heap type of a reference type.</summary>
    public static int HeapOf(this ValueType type) => type switch
    {
        ValueType.FuncRef => HeapFunc,
        ValueType.ExternRef => HeapExtern,
        _ => (int)type & (AbstractFlag | MaxTypeIndex),
    };

    /// <summary>Whether the heap type is a type index.</summary>
    public static bool IsTypeIndex(int heap) => (heap & AbstractFlag) == 0;

    /// <summary>Whether a reference type is in the function hierarchy (func, nofunc, a function type index).</summary>
    public static bool IsFunctionReference(this ValueType type) => type.IsReference() && type.HeapOf() is var heap && (IsTypeIndex(heap) || heap is HeapFunc or HeapNoFunc);

    /// <summary>The abstract heap type at the top of an abstract heap type's hierarchy (func, extern, exn, cont or any).</summary>
    public static int TopOfAbstract(int heap) => heap switch
    {
        HeapFunc or HeapNoFunc => HeapFunc,
        HeapExtern or HeapNoExtern => HeapExtern,
        HeapExn or HeapNoExn => HeapExn,
        HeapCont or HeapNoCont => HeapCont,
        _ => HeapAny,
    };

    /// <summary>Whether an abstract heap type is a bottom type (none, nofunc, noextern, noexn, nocont).</summary>
    public static bool IsBottom(int heap) => heap is HeapNone or HeapNoFunc or HeapNoExtern or HeapNoExn or HeapNoCont;

    /// <summary>Whether a byte is an abstract heap type's code, which is also its nullable reference's one-byte
    /// shorthand (<c>contref</c> 0x68 … <c>nullcontref</c> 0x75).</summary>
    public static bool IsAbstractHeapCode(byte code) => code is >= 0x68 and <= 0x75;

    /// <summary>The value type a one-byte code stands for: a number or vector type or a nullable abstract reference
    /// shorthand (every proposal's, stack switching's included); false for any other byte.</summary>
    public static bool TryFromCode(byte code, out ValueType type)
    {
        if (code is >= 0x7B and <= 0x7F) type = (ValueType)code;
        else if (IsAbstractHeapCode(code)) type = Ref(true, AbstractFlag | code);
        else { type = default; return false; }
        return true;
    }

    /// <summary>A storage type as the value type it is read as (packed i8/i16 unpack to i32).</summary>
    public static ValueType Unpacked(this ValueType type) => type is I8 or I16 ? ValueType.I32 : type;

    /// <summary>The same reference type, non-nullable.</summary>
    public static ValueType AsNonNull(this ValueType type) => Ref(false, type.HeapOf());

    /// <summary>The text-format name (i32, funcref, (ref null 3)...).</summary>
    public static string Name(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        I8 => "i8",
        I16 => "i16",
        _ when type.IsTypedReference() => "(ref " + (type.IsNullable() ? "null " : "") + HeapName(type.HeapOf()) + ")",
        _ => "?",
    };

    /// <summary>The text-format name of a heap type (an abstract keyword or a type index).</summary>
    internal static string HeapName(int heap)
    {
        foreach (var (name, _, code) in AbstractHeapKeywords)
            if (code == heap) return name;
        return heap.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// THE keyword table of the abstract heap types: the heap keyword, the keyword of its nullable reference shorthand
    /// and its heap code. The text assembler parses with it and the printers name with it.
    /// </summary>
    internal static readonly (string Heap, string Shorthand, int Code)[] AbstractHeapKeywords =
    [
        ("func", "funcref", HeapFunc), ("extern", "externref", HeapExtern), ("any", "anyref", HeapAny),
        ("eq", "eqref", HeapEq), ("i31", "i31ref", HeapI31), ("struct", "structref", HeapStruct),
        ("array", "arrayref", HeapArray), ("exn", "exnref", HeapExn), ("none", "nullref", HeapNone),
        ("nofunc", "nullfuncref", HeapNoFunc), ("noextern", "nullexternref", HeapNoExtern), ("noexn", "nullexnref", HeapNoExn),
        ("cont", "contref", HeapCont), ("nocont", "nullcontref", HeapNoCont),
    ];

    /// <summary>An abstract heap type keyword (func, any, nofunc...) -> its heap code.</summary>
    internal static bool TryParseHeapKeyword(string keyword, out int heap)
    {
        foreach (var (name, _, code) in AbstractHeapKeywords)
            if (name == keyword) { heap = code; return true; }
        heap = 0;
        return false;
    }

    /// <summary>A value type keyword: a number or vector type, or a nullable reference shorthand (funcref, anyref...).</summary>
    internal static bool TryParseKeyword(string keyword, out ValueType type)
    {
        switch (keyword)
        {
            case "i32": type = ValueType.I32; return true;
            case "i64": type = ValueType.I64; return true;
            case "f32": type = ValueType.F32; return true;
            case "f64": type = ValueType.F64; return true;
            case "v128": type = ValueType.V128; return true;
        }
        foreach (var (_, shorthand, code) in AbstractHeapKeywords)
            if (shorthand == keyword) { type = Ref(true, code); return true; }
        type = default;
        return false;
    }

    /// <summary>A value type's text with the nullable abstract references in their short forms (anyref, nullref...),
    /// as wasm-tools prints them and as their one-byte encoding assembles back.</summary>
    internal static string ShortName(this ValueType type)
    {
        if (type.IsNullable() && type.IsReference() && !IsTypeIndex(type.HeapOf()))
            foreach (var (_, shorthand, code) in AbstractHeapKeywords)
                if (code == type.HeapOf()) return shorthand;
        return type.Name();
    }
}
