using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.WaveEncoding;

public class WaveTests
{
    private static readonly ValType Point = ValType.Record(new[] { ("x", ValType.S32), ("y", ValType.S32) });
    private static readonly ValType WithOptional = ValType.Record(new[] { ("must-have", ValType.U8), ("optional", ValType.Option(ValType.U8)) });
    private static readonly ValType AllOptional = ValType.Record(new[] { ("optional", ValType.Option(ValType.U8)) });
    private static readonly ValType Response = ValType.Variant(new (string, ValType?)[] { ("empty", null), ("body", ValType.List(ValType.U8)), ("err", ValType.String) });
    private static readonly ValType Status = ValType.Enum(new[] { "ok", "not-found" });
    private static readonly ValType Perms = ValType.Flags(new[] { "read", "write", "exec" });

    // ---- values of every kind ---------------------------------------------------------------------------

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("  true // a comment\n", true)]
    public void Bools(string text, bool expected) => Assert.Equal(ComponentValue.Bool(expected), Wave.Parse(text, ValType.Bool));

    [Fact]
    public void IntegersOfEveryWidthAtTheirLimits()
    {
        Assert.Equal(ComponentValue.S8(-128), Wave.Parse("-128", ValType.S8));
        Assert.Equal(ComponentValue.S8(127), Wave.Parse("127", ValType.S8));
        Assert.Equal(ComponentValue.U8(255), Wave.Parse("255", ValType.U8));
        Assert.Equal(ComponentValue.S16(short.MinValue), Wave.Parse("-32768", ValType.S16));
        Assert.Equal(ComponentValue.U16(ushort.MaxValue), Wave.Parse("65535", ValType.U16));
        Assert.Equal(ComponentValue.S32(int.MinValue), Wave.Parse("-2147483648", ValType.S32));
        Assert.Equal(ComponentValue.U32(uint.MaxValue), Wave.Parse("4294967295", ValType.U32));
        Assert.Equal(ComponentValue.S64(long.MinValue), Wave.Parse("-9223372036854775808", ValType.S64));
        Assert.Equal(ComponentValue.S64(long.MaxValue), Wave.Parse("9223372036854775807", ValType.S64));
        Assert.Equal(ComponentValue.U64(ulong.MaxValue), Wave.Parse("18446744073709551615", ValType.U64));
        Assert.Equal(ComponentValue.U32(0), Wave.Parse("0", ValType.U32));
        Assert.Equal("-128", Wave.Format(ComponentValue.S8(-128), ValType.S8));
        Assert.Equal("18446744073709551615", Wave.Format(ComponentValue.U64(ulong.MaxValue), ValType.U64));
        Assert.Equal("-9223372036854775808", Wave.Format(ComponentValue.S64(long.MinValue), ValType.S64));
    }

    [Theory]
    [InlineData("128", "s8", "`128` is out of range for s8 (at column 1)")]
    [InlineData("-1", "u8", "`-1` is out of range for u8 (at column 1)")]
    [InlineData("256", "u8", "`256` is out of range for u8 (at column 1)")]
    [InlineData("18446744073709551616", "u64", "`18446744073709551616` is out of range for u64 (at column 1)")]
    [InlineData("99999999999999999999999", "s64", "`99999999999999999999999` is out of range for s64 (at column 1)")]
    [InlineData("1.5", "s32", "expected an integer (s32), found `1.5` (at column 1)")]
    [InlineData("1e3", "u32", "expected an integer (u32), found `1e3` (at column 1)")]
    [InlineData("007", "u32", "numbers cannot have leading zeros (at column 1)")]
    [InlineData("x", "u32", "expected an integer (u32), found `x` (at column 1)")]
    [InlineData("", "u32", "expected an integer (u32), found end of input (at column 1)")]
    [InlineData("1 2", "u32", "unexpected `2` after the value (at column 3)")]
    [InlineData("12ab", "u32", "expected an integer (u32), found `12ab` (at column 1)")]
    public void IntegerErrors(string text, string type, string message)
    {
        var error = Assert.Throws<WaveException>(() => Wave.Parse(text, Primitive(type)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Floats()
    {
        Assert.Equal(ComponentValue.F64(3.14), Wave.Parse("3.14", ValType.F64));
        Assert.Equal(ComponentValue.F64(6.022e+23), Wave.Parse("6.022e+23", ValType.F64));
        Assert.Equal(ComponentValue.F64(-1.5e-7), Wave.Parse("-1.5E-7", ValType.F64));
        Assert.Equal(ComponentValue.F32(0.1f), Wave.Parse("0.1", ValType.F32));
        Assert.Equal(ComponentValue.F64(double.PositiveInfinity), Wave.Parse("inf", ValType.F64));
        Assert.Equal(ComponentValue.F64(double.NegativeInfinity), Wave.Parse("-inf", ValType.F64));
        Assert.Equal(ComponentValue.F32(float.NegativeInfinity), Wave.Parse("-inf", ValType.F32));
        // nan parses to the canonical NaN of the component model.
        Assert.Equal(0x7fc00000UL, Wave.Parse("nan", ValType.F32).RawBits);
        Assert.Equal(0x7ff8000000000000UL, Wave.Parse("nan", ValType.F64).RawBits);
        Assert.Equal(ComponentValue.F64(42), Wave.Parse("42", ValType.F64));
    }

    [Theory]
    [InlineData(3.14, "3.14")]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void FloatsPrintShortestWithoutExponent(double value, string expected)
    {
        Assert.Equal(expected, Wave.Format(ComponentValue.F64(value), ValType.F64));
        var back = Wave.Parse(expected, ValType.F64).AsDouble();
        Assert.Equal(value, back);
    }

    [Fact]
    public void ExtremeFloatsPrintAllTheirDigits()
    {
        var max = Wave.Format(ComponentValue.F64(double.MaxValue), ValType.F64);
        Assert.Equal("17976931348623157" + new string('0', 292), max);
        Assert.Equal(double.MaxValue, Wave.Parse(max, ValType.F64).AsDouble());
        var tiny = Wave.Format(ComponentValue.F64(double.Epsilon), ValType.F64);
        Assert.Equal("0." + new string('0', 323) + "5", tiny);
        Assert.Equal(double.Epsilon, Wave.Parse(tiny, ValType.F64).AsDouble());
    }

    [Fact]
    public void F32PrintsItsOwnShortestForm()
    {
        Assert.Equal("0.1", Wave.Format(ComponentValue.F32(0.1f), ValType.F32));
        Assert.Equal("16777216", Wave.Format(ComponentValue.F32(16777216f), ValType.F32));
        Assert.Equal("nan", Wave.Format(ComponentValue.F32Bits(0xffc00001), ValType.F32));
    }

    [Theory]
    [InlineData("1.", "expected a number (f64), `nan`, `inf` or `-inf`, found `1.` (at column 1)")]
    [InlineData("+1", "expected a number (f64), `nan`, `inf` or `-inf`, found `+` (at column 1)")]
    [InlineData("NaN", "expected a number (f64), `nan`, `inf` or `-inf`, found `NaN` (at column 1)")]
    [InlineData("%inf", "expected a number (f64), `nan`, `inf` or `-inf`, found `%inf` (at column 1)")]
    public void FloatErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.Parse(text, ValType.F64)).Message);

    [Theory]
    [InlineData("'x'", 'x')]
    [InlineData("'\\''", '\'')]
    [InlineData("'\"'", '"')]
    [InlineData("'\\\"'", '"')]
    [InlineData("'\\\\'", '\\')]
    [InlineData("'\\t'", '\t')]
    [InlineData("'\\n'", '\n')]
    [InlineData("'\\r'", '\r')]
    [InlineData("'\\u{0}'", 0)]
    [InlineData("'\\u{2603}'", 0x2603)]
    [InlineData("'☃'", 0x2603)]
    [InlineData("'\\u{1F44B}'", 0x1F44B)]
    [InlineData("'👋'", 0x1F44B)]
    [InlineData("'\\u{10ffff}'", 0x10FFFF)]
    public void Chars(string text, int codePoint) => Assert.Equal(ComponentValue.Char(codePoint), Wave.Parse(text, ValType.Char));

    [Theory]
    [InlineData("''", "empty char: write a quote as `'\\''` (at column 1)")]
    [InlineData("'ab'", "a char holds exactly one Unicode scalar value (use a string for more) (at column 1)")]
    [InlineData("'a", "unterminated char (at column 1)")]
    [InlineData("'\\u{d800}'", "`\\u{d800}` is not a Unicode scalar value (at column 2)")]
    [InlineData("'\\u{110000}'", "`\\u{110000}` is not a Unicode scalar value (at column 2)")]
    [InlineData("'\\u{1234567}'", "`\\u{...}` takes 1 to 6 hex digits (at column 2)")]
    [InlineData("'\\x41'", "unknown escape `\\x` (escapes are \\' \\\" \\\\ \\t \\n \\r \\u{...}) (at column 2)")]
    [InlineData("'\n'", "a newline in a char must be escaped as `\\n` (at line 1, column 2)")]
    [InlineData("x", "expected a char (`'x'`), found `x` (at column 1)")]
    public void CharErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.Parse(text, ValType.Char)).Message);

    [Fact]
    public void CharsPrintWithEscapes()
    {
        Assert.Equal("'x'", Wave.Format(ComponentValue.Char('x'), ValType.Char));
        Assert.Equal("'\\''", Wave.Format(ComponentValue.Char('\''), ValType.Char));
        Assert.Equal("'\\\\'", Wave.Format(ComponentValue.Char('\\'), ValType.Char));
        Assert.Equal("'\\n'", Wave.Format(ComponentValue.Char('\n'), ValType.Char));
        Assert.Equal("'\\u{0}'", Wave.Format(ComponentValue.Char(0), ValType.Char));
        Assert.Equal("'\\u{7f}'", Wave.Format(ComponentValue.Char(0x7F), ValType.Char));
        Assert.Equal("'👋'", Wave.Format(ComponentValue.Char(0x1F44B), ValType.Char));
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"abc\\t123\"", "abc\t123")]
    [InlineData("\"👋 Hello, world! 👋\"", "👋 Hello, world! 👋")]
    [InlineData("\"quote \\\" and ' and \\' and \\\\\"", "quote \" and ' and ' and \\")]
    [InlineData("\"\\u{1F600}\\u{41}\"", "😀A")]
    [InlineData("\"a\\r\\nb\"", "a\r\nb")]
    public void Strings(string text, string expected) => Assert.Equal(ComponentValue.String(expected), Wave.Parse(text, ValType.String));

    [Fact]
    public void StringsPrintWithEscapesAndRoundTrip()
    {
        var text = "tab\t nl\n cr\r quote\" apostrophe' backslash\\ nul\0 del\u007f snowman☃ wave👋";
        var wave = Wave.Format(ComponentValue.String(text), ValType.String);
        Assert.Equal("\"tab\\t nl\\n cr\\r quote\\\" apostrophe\\' backslash\\\\ nul\\u{0} del\\u{7f} snowman☃ wave👋\"", wave);
        Assert.Equal(text, Wave.Parse(wave, ValType.String).AsString());
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.String("\ud800"), ValType.String));
    }

    [Theory]
    [InlineData("\"abc", "unterminated string (at column 1)")]
    [InlineData("\"a\nb\"", "a newline in a string must be escaped as `\\n` (at line 1, column 3)")]
    [InlineData("\"\\q\"", "unknown escape `\\q` (escapes are \\' \\\" \\\\ \\t \\n \\r \\u{...}) (at column 2)")]
    [InlineData("\"\\u41\"", "expected `{` after `\\u` (write `\\u{1F600}`) (at column 2)")]
    [InlineData("abc", "expected a string (`\"...\"`), found `abc` (at column 1)")]
    public void StringErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.Parse(text, ValType.String)).Message);

    [Fact]
    public void MultilineStrings()
    {
        Assert.Equal("A single line", Wave.Parse("\"\"\"\nA single line\n\"\"\"", ValType.String).AsString());
        Assert.Equal("  Indentation determined\n    by ending delimiter",
            Wave.Parse("\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"", ValType.String).AsString());
        Assert.Equal("Must escape carriage return at end of line: \r\nMust break up double quote triplets: \"\"\"\"",
            Wave.Parse("\"\"\"\n  Must escape carriage return at end of line: \\r\n  Must break up double quote triplets: \"\"\\\"\"\n  \"\"\"", ValType.String).AsString());
        Assert.Equal("a\n\nb", Wave.Parse("\"\"\"\r\na\r\n\r\nb\r\n\"\"\"", ValType.String).AsString());
        Assert.Equal("", Wave.Parse("\"\"\"\n\"\"\"", ValType.String).AsString());
        var bad = Assert.Throws<WaveException>(() => Wave.Parse("\"\"\"\n    ok\n  bad\n    \"\"\"", ValType.String));
        Assert.Equal("each line of a multiline string is indented by at least the 4 spaces before the closing `\"\"\"` (at line 3, column 3)", bad.Message);
        Assert.Equal(3, bad.Line);
        bad = Assert.Throws<WaveException>(() => Wave.Parse("\"\"\"abc\"\"\"", ValType.String));
        Assert.Equal("a multiline string starts with `\"\"\"` and a line break (at column 1)", bad.Message);
        bad = Assert.Throws<WaveException>(() => Wave.Parse("\"\"\"\nabc\"\"\"", ValType.String));
        Assert.Equal("the closing `\"\"\"` of a multiline string goes on its own line, after spaces only (at line 2, column 1)", bad.Message);
    }

    [Fact]
    public void ListsTuplesAndFixedLists()
    {
        var list = ValType.List(ValType.Char);
        Assert.Equal(ComponentValue.List(), Wave.Parse("[]", list));
        Assert.Equal(ComponentValue.List(ComponentValue.Char('a'), ComponentValue.Char('b')), Wave.Parse("['a', 'b',]", list));
        Assert.Equal("['a', 'b']", Wave.Format(Wave.Parse(" [ 'a' ,'b' ] ", list), list));

        var tuple = ValType.Tuple(ValType.U8, ValType.String);
        Assert.Equal(ComponentValue.Tuple(ComponentValue.U8(123), ComponentValue.String("abc")), Wave.Parse("(123, \"abc\")", tuple));
        Assert.Equal("(123, \"abc\")", Wave.Format(Wave.Parse("(123,\"abc\",)", tuple), tuple));
        Assert.Equal("expected 2 tuple elements for tuple<u8, string>, found 1 (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("(1)", tuple)).Message);
        Assert.Equal("too many elements for tuple<u8, string> (it has 2) (at column 10)",
            Assert.Throws<WaveException>(() => Wave.Parse("(1, \"a\", 2)", tuple)).Message);
        Assert.Equal("expected `,` or `]`, found `}` (at column 5)", Assert.Throws<WaveException>(() => Wave.Parse("['a'}", list)).Message);

        var fixedList = ValType.FixedList(ValType.U8, 3);
        Assert.Equal(ComponentValue.FixedList(ComponentValue.U8(1), ComponentValue.U8(2), ComponentValue.U8(3)), Wave.Parse("[1, 2, 3]", fixedList));
        Assert.Equal("expected a list of exactly 3 elements for list<u8, 3>, found 2 (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("[1, 2]", fixedList)).Message);

        var nested = ValType.List(ValType.List(ValType.S32));
        Assert.Equal("[[1, -2], [], [3]]", Wave.Format(Wave.Parse("[[1,-2],[],[3]]", nested), nested));
    }

    [Fact]
    public void ListErrorsArePositioned()
    {
        var error = Assert.Throws<WaveException>(() => Wave.Parse("['a' 'b']", ValType.List(ValType.Char)));
        Assert.Equal("expected `,` or `]`, found a char (at column 6)", error.Message);
        Assert.Equal(5, error.Offset);
        Assert.Equal(6, error.Column);
        error = Assert.Throws<WaveException>(() => Wave.Parse("[1, 2", ValType.List(ValType.U8)));
        Assert.Equal("expected `,` or `]`, found end of input (at column 6)", error.Message);
    }

    [Fact]
    public void Records()
    {
        Assert.Equal(ComponentValue.Record(ComponentValue.S32(1), ComponentValue.S32(-2)), Wave.Parse("{x: 1, y: -2}", Point));
        Assert.Equal(ComponentValue.Record(ComponentValue.S32(1), ComponentValue.S32(-2)), Wave.Parse("{ y: -2, %x: 1, }", Point));
        Assert.Equal("{x: 1, y: -2}", Wave.Format(ComponentValue.Record(ComponentValue.S32(1), ComponentValue.S32(-2)), Point));

        // option fields may be left out; the printer leaves out `none` fields
        var expected = ComponentValue.Record(ComponentValue.U8(123), ComponentValue.None);
        Assert.Equal(expected, Wave.Parse("{must-have: 123}", WithOptional));
        Assert.Equal(expected, Wave.Parse("{must-have: 123, optional: none,}", WithOptional));
        Assert.Equal("{must-have: 123}", Wave.Format(expected, WithOptional));
        Assert.Equal("{must-have: 1, optional: some(2)}", Wave.Format(Wave.Parse("{optional: 2, must-have: 1}", WithOptional), WithOptional));

        Assert.Equal(ComponentValue.Record(ComponentValue.None), Wave.Parse("{:}", AllOptional));
        Assert.Equal("{:}", Wave.Format(ComponentValue.Record(ComponentValue.None), AllOptional));
    }

    [Theory]
    [InlineData("{x: 1}", "missing field `y` (s32) (at column 6)")]
    [InlineData("{x: 1, y: 2, z: 3}", "unknown field `z`; record { x: s32, y: s32 } has fields `x`, `y` (at column 14)")]
    [InlineData("{x: 1, x: 2}", "field `x` is given twice (at column 8)")]
    [InlineData("{x 1}", "expected `:`, found `1` (at column 4)")]
    [InlineData("{}", "an empty record is written `{:}` (`{}` is empty flags) (at column 1)")]
    [InlineData("{:}", "missing field `x` (s32) (at column 3)")]
    [InlineData("(1, 2)", "expected `{`, found `(` (at column 1)")]
    public void RecordErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.Parse(text, Point)).Message);

    [Fact]
    public void VariantsAndEnums()
    {
        Assert.Equal(ComponentValue.Variant(0), Wave.Parse("empty", Response));
        Assert.Equal(ComponentValue.Variant(1, ComponentValue.List(ComponentValue.U8(79), ComponentValue.U8(75))), Wave.Parse("body([79, 75])", Response));
        Assert.Equal(ComponentValue.Variant(2, ComponentValue.String("oops")), Wave.Parse("%err(\"oops\")", Response));
        Assert.Equal("%err(\"oops\")", Wave.Format(ComponentValue.Variant(2, ComponentValue.String("oops")), Response));
        Assert.Equal("body([79, 75])", Wave.Format(Wave.Parse("body ( [79,75] )", Response), Response));
        Assert.Equal("empty", Wave.Format(ComponentValue.Variant(0), Response));

        Assert.Equal(ComponentValue.Enum(0), Wave.Parse("%ok", Status));
        Assert.Equal(ComponentValue.Enum(1), Wave.Parse("not-found", Status));
        Assert.Equal("%ok", Wave.Format(ComponentValue.Enum(0), Status));
        Assert.Equal("not-found", Wave.Format(ComponentValue.Enum(1), Status));
    }

    [Theory]
    [InlineData("err(\"x\")", "`err` is a WAVE keyword: write the case as `%err` (at column 1)")]
    [InlineData("full", "unknown case `full`; expected one of `empty`, `body(...)`, `%err(...)` (at column 1)")]
    [InlineData("body", "case `body` has a payload (list<u8>): write `body(...)` (at column 5)")]
    [InlineData("empty(1)", "case `empty` has no payload (at column 6)")]
    [InlineData("body([1)", "expected `,` or `]`, found `)` (at column 8)")]
    [InlineData("42", "expected a variant case (`empty`, `body(...)`, `%err(...)`), found `42` (at column 1)")]
    public void VariantErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.Parse(text, Response)).Message);

    [Fact]
    public void EnumErrors()
    {
        Assert.Equal("`ok` is a WAVE keyword: write the case as `%ok` (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("ok", Status)).Message);
        Assert.Equal("unknown case `gone`; expected one of `%ok`, `not-found` (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("gone", Status)).Message);
    }

    [Fact]
    public void Options()
    {
        var option = ValType.Option(ValType.U8);
        Assert.Equal(ComponentValue.Some(ComponentValue.U8(123)), Wave.Parse("some(123)", option));
        Assert.Equal(ComponentValue.Some(ComponentValue.U8(123)), Wave.Parse("123", option));
        Assert.Equal(ComponentValue.None, Wave.Parse("none", option));
        Assert.Equal("some(123)", Wave.Format(ComponentValue.Some(ComponentValue.U8(123)), option));
        Assert.Equal("none", Wave.Format(ComponentValue.None, option));

        // an option of an option has no flat form
        var nested = ValType.Option(ValType.Option(ValType.U8));
        Assert.Equal(ComponentValue.Some(ComponentValue.None), Wave.Parse("some(none)", nested));
        Assert.Equal(ComponentValue.Some(ComponentValue.Some(ComponentValue.U8(1))), Wave.Parse("some(1)", nested));
        Assert.Equal("some(some(1))", Wave.Format(ComponentValue.Some(ComponentValue.Some(ComponentValue.U8(1))), nested));
        Assert.Equal("expected `some(...)` or `none`, found `1` (at column 1)", Assert.Throws<WaveException>(() => Wave.Parse("1", nested)).Message);

        // an option of an enum with a keyword case: `%none` is the case, `none` the option
        var keywordEnum = ValType.Option(ValType.Enum(new[] { "none", "some" }));
        Assert.Equal(ComponentValue.None, Wave.Parse("none", keywordEnum));
        Assert.Equal(ComponentValue.Some(ComponentValue.Enum(0)), Wave.Parse("%none", keywordEnum));
        Assert.Equal("some(%none)", Wave.Format(ComponentValue.Some(ComponentValue.Enum(0)), keywordEnum));

        Assert.Equal("case `some` has a payload (u8): write `some(...)` (at column 5)", Assert.Throws<WaveException>(() => Wave.Parse("some", option)).Message);
        Assert.Equal("`none` has no payload (at column 5)", Assert.Throws<WaveException>(() => Wave.Parse("none()", option)).Message);
    }

    [Fact]
    public void Results()
    {
        var both = ValType.Result(ValType.U8, ValType.String);
        Assert.Equal(ComponentValue.Ok(ComponentValue.U8(123)), Wave.Parse("ok(123)", both));
        Assert.Equal(ComponentValue.Ok(ComponentValue.U8(123)), Wave.Parse("123", both));
        Assert.Equal(ComponentValue.Err(ComponentValue.String("oops")), Wave.Parse("err(\"oops\")", both));
        Assert.Equal("ok(123)", Wave.Format(ComponentValue.Ok(ComponentValue.U8(123)), both));
        Assert.Equal("err(\"oops\")", Wave.Format(ComponentValue.Err(ComponentValue.String("oops")), both));

        var errOnly = ValType.Result(null, ValType.String);
        Assert.Equal(ComponentValue.Ok(), Wave.Parse("ok", errOnly));
        Assert.Equal("ok", Wave.Format(ComponentValue.Ok(), errOnly));
        Assert.Equal("expected `ok` or `err`, found a string (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("\"x\"", errOnly)).Message);

        var bare = ValType.Result(null, null);
        Assert.Equal(ComponentValue.Ok(), Wave.Parse("ok", bare));
        Assert.Equal(ComponentValue.Err(), Wave.Parse("err", bare));
        Assert.Equal("err", Wave.Format(ComponentValue.Err(), bare));
        Assert.Equal("case `ok` has no payload (at column 3)", Assert.Throws<WaveException>(() => Wave.Parse("ok(1)", bare)).Message);
        Assert.Equal("case `err` has a payload (string): write `err(...)` (at column 4)", Assert.Throws<WaveException>(() => Wave.Parse("err", both)).Message);

        var okOption = ValType.Result(ValType.Option(ValType.U8), null);
        Assert.Equal("expected `ok(...)` or `err`, found `1` (at column 1)", Assert.Throws<WaveException>(() => Wave.Parse("1", okOption)).Message);
        Assert.Equal(ComponentValue.Ok(ComponentValue.Some(ComponentValue.U8(1))), Wave.Parse("ok(1)", okOption));
    }

    [Fact]
    public void Flags()
    {
        Assert.Equal(ComponentValue.Flags(0b011), Wave.Parse("{write, read,}", Perms));
        Assert.Equal(ComponentValue.Flags(0), Wave.Parse("{}", Perms));
        Assert.Equal(ComponentValue.Flags(0b101), Wave.Parse("{ %exec , read }", Perms));
        Assert.Equal("{read, write}", Wave.Format(ComponentValue.Flags(0b011), Perms));
        Assert.Equal("{}", Wave.Format(ComponentValue.Flags(0), Perms));
        Assert.Equal("unknown flag `delete`; flags { read, write, exec } has `read`, `write`, `exec` (at column 2)",
            Assert.Throws<WaveException>(() => Wave.Parse("{delete}", Perms)).Message);
        Assert.Equal("flag `read` is given twice (at column 8)", Assert.Throws<WaveException>(() => Wave.Parse("{read, read}", Perms)).Message);
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.Flags(0b1000), Perms));

        var many = new List<string>();
        for (var i = 0; i < 32; i++) many.Add("f" + i);
        var wide = ValType.Flags(many);
        Assert.Equal(ComponentValue.Flags(0x80000001), Wave.Parse("{f0, f31}", wide));
        Assert.Equal("{f0, f31}", Wave.Format(ComponentValue.Flags(0x80000001), wide));
    }

    [Fact]
    public void MapsAreListsOfPairs()
    {
        var map = ValType.Map(ValType.String, ValType.U32);
        var value = Wave.Parse("[(\"a\", 1), (\"b\", 2)]", map);
        Assert.Equal(ComponentValue.Map(ComponentValue.Tuple(ComponentValue.String("a"), ComponentValue.U32(1)),
            ComponentValue.Tuple(ComponentValue.String("b"), ComponentValue.U32(2))), value);
        Assert.Equal("[(\"a\", 1), (\"b\", 2)]", Wave.Format(value, map));
    }

    [Fact]
    public void ResourcesHaveNoEncoding()
    {
        Assert.Equal("values of type own<0> have no WAVE encoding (at column 1)",
            Assert.Throws<WaveException>(() => Wave.Parse("1", ValType.Own(0))).Message);
        Assert.Equal("values of type own<0> have no WAVE encoding",
            Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.Own(1), ValType.Own(0))).Message);
    }

    [Fact]
    public void FormatRejectsValuesOfAnotherShape()
    {
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.Record(ComponentValue.S32(1)), Point));
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.S32(1), Point));
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.Variant(7), Response));
        Assert.Equal("case `body` needs a payload of type list<u8>",
            Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.Variant(1), Response)).Message);
        Assert.Throws<ArgumentException>(() => Wave.Format(ComponentValue.FixedList(ComponentValue.U8(1)), ValType.FixedList(ValType.U8, 2)));
    }

    [Fact]
    public void MultilineValuesWithCommentsReportLineAndColumn()
    {
        const string text = "{\n  x: 1, // first\n  y: true,\n}";
        var error = Assert.Throws<WaveException>(() => Wave.Parse(text, Point));
        Assert.Equal("expected an integer (s32), found `true` (at line 3, column 6)", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Equal("expected an integer (s32), found `true`", error.Detail);
    }

    // ---- argument lists and calls -----------------------------------------------------------------------

    [Fact]
    public void ArgumentsWithTrailingOptionsLeftOut()
    {
        var parameters = new[] { ValType.Option(ValType.U8), ValType.Option(ValType.U8), ValType.Option(ValType.U8) };
        var all = new[] { ComponentValue.Some(ComponentValue.U8(1)), ComponentValue.None, ComponentValue.None };
        Assert.Equal(all, Wave.ParseArguments("some(1)", parameters));
        Assert.Equal(all, Wave.ParseArguments("some(1), none", parameters));
        Assert.Equal(all, Wave.ParseArguments("some(1), none, none,", parameters));
        Assert.Equal(new[] { ComponentValue.None, ComponentValue.None, ComponentValue.None }, Wave.ParseArguments("", parameters));
        Assert.Equal("some(1), none, none", Wave.FormatArguments(all, parameters));

        var two = new[] { ValType.S32, ValType.String };
        Assert.Equal("missing argument 2 (string): the function takes 2 (at column 2)",
            Assert.Throws<WaveException>(() => Wave.ParseArguments("1", two)).Message);
        Assert.Equal("too many arguments: the function takes 2 (at column 9)",
            Assert.Throws<WaveException>(() => Wave.ParseArguments("1, \"a\", 3", two)).Message);
    }

    [Fact]
    public void RootCall()
    {
        var call = Wave.ParseCall("add(1, 2)");
        Assert.Null(call.InstanceName);
        Assert.Equal("add", call.FunctionName);
        Assert.Equal("add", call.ToString());
        Assert.Equal(new[] { ComponentValue.S32(1), ComponentValue.S32(2) }, call.ParseArguments(new[] { ValType.S32, ValType.S32 }));

        call = Wave.ParseCall("  run-it ( ) ");
        Assert.Equal("run-it", call.FunctionName);
        Assert.Empty(call.ParseArguments(Array.Empty<ValType>()));
    }

    [Fact]
    public void InterfaceCall()
    {
        var call = Wave.ParseCall("ns:pkg/iface@1.2.3-rc.1#greet(\"wor)ld\", {x: 1, y: 2})");
        Assert.Equal("ns:pkg/iface@1.2.3-rc.1", call.InstanceName);
        Assert.Equal("greet", call.FunctionName);
        Assert.Equal("ns:pkg/iface@1.2.3-rc.1#greet", call.ToString());
        var args = call.ParseArguments(new[] { ValType.String, Point });
        Assert.Equal(ComponentValue.String("wor)ld"), args[0]);
        Assert.Equal(ComponentValue.Record(ComponentValue.S32(1), ComponentValue.S32(2)), args[1]);

        call = Wave.ParseCall("ns:pkg/res#[method]counter.get()");
        Assert.Equal("ns:pkg/res", call.InstanceName);
        Assert.Equal("[method]counter.get", call.FunctionName);
    }

    [Fact]
    public void NamedParametersAppearInErrors()
    {
        var parameters = new[] { ("a", ValType.S32), ("b", ValType.S32), ("c", ValType.Option(ValType.String)) };
        Assert.Equal(new[] { ComponentValue.S32(1), ComponentValue.S32(2), ComponentValue.None }, Wave.ParseCall("f(1, 2)").ParseArguments(parameters));
        Assert.Equal("missing argument `b` (s32): the function takes 3 (at column 4)",
            Assert.Throws<WaveException>(() => Wave.ParseCall("f(1)").ParseArguments(parameters)).Message);
        Assert.Equal("too many arguments: the function takes 3 (at column 14)",
            Assert.Throws<WaveException>(() => Wave.ParseCall("f(1, 2, \"x\", 4)").ParseArguments(parameters)).Message);
    }

    [Theory]
    [InlineData("add", "expected `(` after the function name `add` (write `add()` to call it without arguments) (at column 4)")]
    [InlineData("", "expected a function name, found end of input (at column 1)")]
    [InlineData("(1)", "expected a function name, found `(` (at column 1)")]
    [InlineData("#add()", "expected an interface name before `#` (e.g. `ns:pkg/iface@1.0.0#name`) (at column 1)")]
    [InlineData("a:b/c#()", "expected a function name after `#` (at column 7)")]
    public void CallErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<WaveException>(() => Wave.ParseCall(text)).Message);

    [Theory]
    [InlineData("add(1, 2", "expected `,` or `)`, found end of input (at column 9)")]
    [InlineData("add(1, 2))", "unexpected `)` after the value (at column 10)")]
    [InlineData("add(1; 2)", "expected `,` or `)`, found `;` (at column 6)")]
    [InlineData("add(1, \"2\")", "expected an integer (s32), found a string (at column 8)")]
    [InlineData("add(1)", "missing argument 2 (s32): the function takes 2 (at column 6)")]
    public void CallArgumentErrorsArePositionedInTheWholeCall(string text, string message)
    {
        var call = Wave.ParseCall(text);
        Assert.Equal(message, Assert.Throws<WaveException>(() => call.ParseArguments(new[] { ValType.S32, ValType.S32 })).Message);
    }

    // ---- round trips ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("[{x: 1, y: 2}, {x: -3, y: 4}]")]
    [InlineData("(\"a\", 'b', [true, false], some(ok(1.5)), none)")]
    public void CanonicalTextRoundTrips(string text)
    {
        var type = text.StartsWith('[')
            ? ValType.List(Point)
            : ValType.Tuple(ValType.String, ValType.Char, ValType.List(ValType.Bool),
                ValType.Option(ValType.Result(ValType.F64, null)), ValType.Option(ValType.U8));
        Assert.Equal(text, Wave.Format(Wave.Parse(text, type), type));
    }

    [Fact]
    public void RandomValuesOfRandomTypesRoundTrip()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 2000; i++)
        {
            var type = RandomType(random, 3);
            var value = RandomValue(random, type);
            var text = Wave.Format(value, type);
            var parsed = Wave.Parse(text, type);
            Assert.True(value.Equals(parsed), $"{type}: {text} parsed back as {parsed}, not {value}");
            Assert.Equal(text, Wave.Format(parsed, type));
        }
    }

    [Fact]
    public void MutatedTextIsAValueOrAWaveExceptionNeverACrash()
    {
        var random = new Random(7);
        const string alphabet = "{}[]()'\",:%-+.\\u0123456789eEaz \n\"\"\"/";
        int tried = 0, parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var type = RandomType(random, 3);
            var chars = new System.Text.StringBuilder(Wave.Format(RandomValue(random, type), type));
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(chars.Length + 1);
                switch (random.Next(3))
                {
                    case 0: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 1: if (at < chars.Length) chars.Remove(at, 1); break;
                    default: if (at < chars.Length) chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }
            var text = chars.ToString();
            tried++;
            try
            {
                var value = Wave.Parse(text, type);
                parsed++;
                // whatever parses is a well-formed value of the type
                Assert.Equal(value, Wave.Parse(Wave.Format(value, type), type));
            }
            catch (WaveException e)
            {
                Assert.InRange(e.Offset, 0, text.Length);
            }
        }
        Assert.Equal(3000, tried);
        Assert.InRange(parsed, 1, tried - 1);
    }

    private static ValType Primitive(string name) => name switch
    {
        "s8" => ValType.S8, "u8" => ValType.U8, "s16" => ValType.S16, "u16" => ValType.U16,
        "s32" => ValType.S32, "u32" => ValType.U32, "s64" => ValType.S64, "u64" => ValType.U64,
        _ => throw new ArgumentException(name),
    };

    private static readonly string[] Labels = { "a", "b-c", "ok", "none", "some", "err", "true", "nan", "x1", "HTTP3", "method-GET" };

    private static ValType RandomType(Random r, int depth)
    {
        var kind = r.Next(depth <= 0 ? 13 : 24);
        switch (kind)
        {
            case 0: return ValType.Bool;
            case 1: return ValType.S8;
            case 2: return ValType.U8;
            case 3: return ValType.S16;
            case 4: return ValType.U16;
            case 5: return ValType.S32;
            case 6: return ValType.U32;
            case 7: return ValType.S64;
            case 8: return ValType.U64;
            case 9: return ValType.F32;
            case 10: return ValType.F64;
            case 11: return ValType.Char;
            case 12: return ValType.String;
            case 13: return ValType.List(RandomType(r, depth - 1));
            case 14: return ValType.FixedList(RandomType(r, depth - 1), (uint)r.Next(1, 4));
            case 15:
            {
                var fields = new List<(string, ValType)>();
                foreach (var label in Pick(r)) fields.Add((label, RandomType(r, depth - 1)));
                return ValType.Record(fields);
            }
            case 16:
            {
                var count = r.Next(0, 4);
                var fields = new ValType[count];
                for (var i = 0; i < count; i++) fields[i] = RandomType(r, depth - 1);
                return ValType.Tuple(fields);
            }
            case 17:
            {
                var cases = new List<(string, ValType?)>();
                foreach (var label in Pick(r)) cases.Add((label, r.Next(2) == 0 ? null : RandomType(r, depth - 1)));
                return ValType.Variant(cases);
            }
            case 18: return ValType.Enum(Pick(r));
            case 19: case 20: return ValType.Option(RandomType(r, depth - 1));
            case 21: case 22:
                return ValType.Result(r.Next(3) == 0 ? null : RandomType(r, depth - 1), r.Next(3) == 0 ? null : RandomType(r, depth - 1));
            default: return ValType.Flags(Pick(r));
        }
    }

    private static List<string> Pick(Random r)
    {
        var count = r.Next(1, 5);
        var picked = new List<string>();
        while (picked.Count < count)
        {
            var label = Labels[r.Next(Labels.Length)];
            if (!picked.Contains(label)) picked.Add(label);
        }
        return picked;
    }

    private static readonly string[] SampleStrings = { "", "plain", "tab\there", "quote\"'\\", "new\nline", "\u0001\u007f\u0085", "☃👋", "\u00e9t\u00e9" };

    private static ComponentValue RandomValue(Random r, ValType type)
    {
        switch (type.Kind)
        {
            case ValTypeKind.Bool: return ComponentValue.Bool(r.Next(2) == 1);
            case ValTypeKind.S8: return ComponentValue.S8((sbyte)r.Next());
            case ValTypeKind.U8: return ComponentValue.U8((byte)r.Next());
            case ValTypeKind.S16: return ComponentValue.S16((short)r.Next());
            case ValTypeKind.U16: return ComponentValue.U16((ushort)r.Next());
            case ValTypeKind.S32: return ComponentValue.S32(r.Next(3) == 0 ? int.MinValue : r.Next() - r.Next());
            case ValTypeKind.U32: return ComponentValue.U32((uint)r.NextInt64(0, uint.MaxValue + 1L));
            case ValTypeKind.S64: return ComponentValue.S64(r.Next(3) == 0 ? long.MinValue : r.NextInt64(long.MinValue, long.MaxValue));
            case ValTypeKind.U64: return ComponentValue.U64((ulong)r.NextInt64() * 2 + (ulong)r.Next(2));
            case ValTypeKind.F32:
                return r.Next(8) switch
                {
                    0 => ComponentValue.F32Bits(0x7fc00000),
                    1 => ComponentValue.F32(float.NegativeInfinity),
                    2 => ComponentValue.F32(float.Epsilon),
                    _ => ComponentValue.F32((float)((r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-40, 39)))),
                };
            case ValTypeKind.F64:
                return r.Next(8) switch
                {
                    0 => ComponentValue.F64Bits(0x7ff8000000000000),
                    1 => ComponentValue.F64(double.PositiveInfinity),
                    2 => ComponentValue.F64(double.Epsilon),
                    _ => ComponentValue.F64((r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-300, 300))),
                };
            case ValTypeKind.Char:
            {
                int c;
                do c = r.Next(3) == 0 ? r.Next(0, 0x80) : r.Next(0, 0x110000); while (c is >= 0xD800 and <= 0xDFFF);
                return ComponentValue.Char(c);
            }
            case ValTypeKind.String: return ComponentValue.String(SampleStrings[r.Next(SampleStrings.Length)]);
            case ValTypeKind.List:
            {
                var items = new ComponentValue[r.Next(0, 4)];
                for (var i = 0; i < items.Length; i++) items[i] = RandomValue(r, type.Element!);
                return ComponentValue.List(items);
            }
            case ValTypeKind.FixedList:
            {
                var items = new ComponentValue[type.Length];
                for (var i = 0; i < items.Length; i++) items[i] = RandomValue(r, type.Element!);
                return ComponentValue.FixedList(items);
            }
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var items = new ComponentValue[type.Fields.Count];
                for (var i = 0; i < items.Length; i++) items[i] = RandomValue(r, type.Fields[i]);
                return type.Kind == ValTypeKind.Record ? ComponentValue.Record(items) : ComponentValue.Tuple(items);
            }
            case ValTypeKind.Variant:
            {
                var index = r.Next(type.Cases.Count);
                return ComponentValue.Variant(index, type.Cases[index] is { } p ? RandomValue(r, p) : null);
            }
            case ValTypeKind.Enum: return ComponentValue.Enum(r.Next(type.Names.Count));
            case ValTypeKind.Option: return r.Next(2) == 0 ? ComponentValue.None : ComponentValue.Some(RandomValue(r, type.Element!));
            case ValTypeKind.Result:
            {
                var index = r.Next(2);
                ComponentValue? payload = type.Cases[index] is { } p ? RandomValue(r, p) : null;
                return index == 0 ? ComponentValue.Ok(payload) : ComponentValue.Err(payload);
            }
            case ValTypeKind.Flags: return ComponentValue.Flags((uint)r.NextInt64(0, 1L << type.Names.Count));
            default: throw new InvalidOperationException(type.ToString());
        }
    }
}
