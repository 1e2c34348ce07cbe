using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Output;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>decode(encode(x)) has x's arenas: function order, implicit own handles, world types, self-borrow stability.</summary>
public sealed class ArenaRoundTripTests
{
    [Theory]
    [InlineData("""
        package t:order;
        interface i {
          first: func(x: u32) -> u64;
          resource r { constructor(); m: func(); make: static func() -> r; }
          last: func(a: borrow<r>) -> option<r>;
        }
        """)]
    [InlineData("""
        package t:handles;
        interface i {
          resource r;
          record holder { x: r }
          take: func(x: r);
          give: func() -> list<r>;
        }
        world w {
          resource s { constructor(); m: func(); }
          import f: func(x: s) -> option<s>;
          record t { a: list<u8> }
          export g: func(x: t);
        }
        """)]
    [InlineData("""
        package t:stab@1.0.0;
        interface i {
          @since(version = 1.0.0)
          resource r {
            @since(version = 1.0.0)
            m: func();
          }
          f: func(x: borrow<r>);
        }
        """)]
    public void DecodedPackageHasTheResolvedArenas(string wit)
    {
        var result = WitLoader.LoadText("t.wit", wit);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var resolve = result.Resolve!;
        var decoded = WitBinaryDecoder.Decode(WitBinaryEncoder.EncodePackage(resolve, result.MainPackages[0]));
        Assert.Equal(WitJsonWriter.Write(resolve), WitJsonWriter.Write(decoded.Resolve));
    }

    [Fact]
    public void FunctionOrderIsRecordedOnlyWhenItDiffersFromTheExportOrder()
    {
        static bool Recorded(string wit)
        {
            var result = WitLoader.LoadText("t.wit", wit);
            Assert.True(result.Success);
            var binary = ComponentReader.Read(WitBinaryEncoder.EncodePackage(result.Resolve!, result.MainPackages[0]));
            var section = binary.Sections.OfType<CustomSection>().FirstOrDefault(c => c.Name == "witbindgen-item-metadata");
            return section is not null && System.Text.Encoding.UTF8.GetString(section.Data.ToArray()).Contains("func_order");
        }
        Assert.True(Recorded("package t:a; interface i { f: func(); resource r { m: func(); } }"));
        Assert.False(Recorded("package t:a; interface i { resource r { m: func(); } f: func(); }"));
    }
}
