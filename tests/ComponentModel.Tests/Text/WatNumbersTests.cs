using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Tests.Text;

public class WatNumbersTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("4294967295", 0xffffffffUL)]
    [InlineData("0xffff_ffff", 0xffffffffUL)]
    [InlineData("-1", 0xffffffffUL)]
    [InlineData("-2147483648", 0x80000000UL)]
    [InlineData("-0x8000_0000", 0x80000000UL)]
    [InlineData("+2147483647", 0x7fffffffUL)]
    public void I32_accepts_signed_and_unsigned(string text, ulong expected)
    {
        Assert.True(WatNumbers.TryParseInt(text, 32, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("-2147483649")]
    [InlineData("+2147483648")]
    [InlineData("0x1_0000_0000")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    public void I32_rejects_out_of_range_and_malformed(string text) => Assert.False(WatNumbers.TryParseInt(text, 32, out _));

    [Theory]
    [InlineData("18446744073709551615", 0xffffffffffffffffUL)]
    [InlineData("-9223372036854775808", 0x8000000000000000UL)]
    [InlineData("-1", 0xffffffffffffffffUL)]
    public void I64_wraps_as_spec(string text, ulong expected)
    {
        Assert.True(WatNumbers.TryParseInt(text, 64, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-9223372036854775809")]
    public void I64_rejects_out_of_range(string text) => Assert.False(WatNumbers.TryParseInt(text, 64, out _));

    [Fact]
    public void Unsigned_rejects_signs() => Assert.False(WatNumbers.TryParseUnsigned("+1", 32, out _));

    [Theory]
    [InlineData("0x1p-149", 0x00000001u)]
    [InlineData("0x1p-150", 0x00000000u)]
    [InlineData("0x1.000001p-150", 0x00000001u)]
    [InlineData("0x1.fffffep127", 0x7f7fffffu)]
    [InlineData("0x1.fffffefffffffffffp127", 0x7f7fffffu)]
    [InlineData("+0x1.00000100000000000p-50", 0x26800000u)]
    [InlineData("+0x1.00000100000000001p-50", 0x26800001u)]
    [InlineData("+0x1.000002fffffffffffp-50", 0x26800001u)]
    [InlineData("+0x1.00000300000000000p-50", 0x26800002u)]
    [InlineData("-0x1p-1", 0xbf000000u)]
    [InlineData("0x1p-126", 0x00800000u)]
    [InlineData("0x0.fffffep-126", 0x007fffffu)]
    [InlineData("0x1.", 0x3f800000u)]
    [InlineData("0x10", 0x41800000u)]
    [InlineData("1e38", 0x7e967699u)]
    [InlineData("-0.0", 0x80000000u)]
    [InlineData("1.5", 0x3fc00000u)]
    [InlineData("3.4028234e38", 0x7f7fffffu)]
    [InlineData("1.401298464324817e-45", 0x00000001u)]
    [InlineData("inf", 0x7f800000u)]
    [InlineData("-inf", 0xff800000u)]
    [InlineData("nan", 0x7fc00000u)]
    [InlineData("-nan", 0xffc00000u)]
    [InlineData("nan:0x200000", 0x7fa00000u)]
    [InlineData("-nan:0x7f_ffff", 0xffffffffu)]
    [InlineData("1_000.000_1", 0x447a0002u)]
    [InlineData("+1.00000017881393432617187499", 0x3f800001u)]
    [InlineData("+1.000000178813934326171875", 0x3f800002u)] // tie: to even
    [InlineData("+1.00000017881393432617187501", 0x3f800002u)]
    [InlineData("+1.000000536441802978515625", 0x3f800004u)] // tie: to even
    [InlineData("1.e1", 0x41200000u)]
    [InlineData("0x1.p4", 0x41800000u)]
    [InlineData("1e-1000", 0x00000000u)]
    public void F32_bits(string text, uint expected)
    {
        Assert.True(WatNumbers.TryParseF32Bits(text, out var bits), text);
        Assert.Equal(expected.ToString("x8"), bits.ToString("x8"));
    }

    [Theory]
    [InlineData("0x1p128")]
    [InlineData("0x1.ffffffp127")]
    [InlineData("1e39")]
    [InlineData("nan:0x0")]
    [InlineData("nan:0x800000")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("0x")]
    public void F32_rejects(string text) => Assert.False(WatNumbers.TryParseF32Bits(text, out _));

    [Theory]
    [InlineData("0x1p-1074", 0x0000000000000001UL)]
    [InlineData("0x1.fffffffffffffp1023", 0x7fefffffffffffffUL)]
    [InlineData("0x1.fffffffffffff7ffffffp1023", 0x7fefffffffffffffUL)]
    [InlineData("0x1.0000000000000_8p0", 0x3ff0000000000000UL)]
    [InlineData("0x1.0000000000001_8p0", 0x3ff0000000000002UL)]
    [InlineData("nan:0x8_0000_0000_0000", 0x7ff8000000000000UL)]
    [InlineData("nan:0x1", 0x7ff0000000000001UL)]
    [InlineData("0.1", 0x3fb999999999999aUL)]
    [InlineData("+1.000000000000000111022302462515654042363166809082031249", 0x3ff0000000000000UL)]
    [InlineData("+1.000000000000000111022302462515654042363166809082031251", 0x3ff0000000000001UL)]
    [InlineData("+0x1.00000000000008000000000000p0", 0x3ff0000000000000UL)]
    [InlineData("+0x1.00000000000008000000000001p0", 0x3ff0000000000001UL)]
    [InlineData("+0x1.000000000000180000000000p0", 0x3ff0000000000002UL)]
    [InlineData("-0x1.fffffffffffffp-1023", 0x8010000000000000UL)] // tie between the largest subnormal and the smallest normal
    [InlineData("0x0.0000000000001p-1022", 0x0000000000000001UL)]
    [InlineData("1.7976931348623157e308", 0x7fefffffffffffffUL)]
    public void F64_bits(string text, ulong expected)
    {
        Assert.True(WatNumbers.TryParseF64Bits(text, out var bits), text);
        Assert.Equal(expected.ToString("x16"), bits.ToString("x16"));
    }

    [Theory]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("0x1p1024")]
    [InlineData("1e309")]
    [InlineData("nan:0x10_0000_0000_0000")]
    public void F64_rejects(string text) => Assert.False(WatNumbers.TryParseF64Bits(text, out _));
}
