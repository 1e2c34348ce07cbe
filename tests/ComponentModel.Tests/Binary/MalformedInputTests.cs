using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>Corrupted binaries never crash the reader or decoder: they decode or throw <see cref="ComponentFormatException"/>.</summary>
public sealed class MalformedInputTests
{
    private const string Wit = """
        package test:fuzz@1.0.0;
        interface types {
          record point { x: s32, y: option<list<u8>> }
          variant shape { circle(f32), none }
          flags perms { read, write }
          enum color { red, green }
          resource blob { constructor(); size: func() -> result<u64, color>; }
        }
        interface api {
          use types.{point, blob, shape};
          move: func(p: point, s: borrow<blob>) -> tuple<point, shape>;
        }
        world w {
          import api;
          export run: func(args: list<string>) -> result;
        }
        """;

    [Fact]
    public void MutatedBinariesOnlyThrowFormatErrors()
    {
        var result = WitLoader.LoadText("fuzz.wit", Wit);
        Assert.True(result.Success);
        var resolve = result.Resolve!;
        var inputs = new List<byte[]>
        {
            WitBinaryEncoder.EncodePackage(resolve, result.MainPackages[0]),
            WitBinaryEncoder.EncodeWorld(resolve, resolve.Packages[result.MainPackages[0]].Worlds["w"]),
        };
        var random = new Random(1234);
        int decoded = 0, rejected = 0;
        foreach (var original in inputs)
        {
            for (int i = 8; i < original.Length; i++)
            {
                foreach (var value in new byte[] { 0x00, 0x01, 0x7f, 0xff, (byte)random.Next(256) })
                {
                    var bytes = (byte[])original.Clone();
                    if (bytes[i] == value) continue;
                    bytes[i] = value;
                    try
                    {
                        WitBinaryDecoder.Decode(bytes);
                        decoded++;
                    }
                    catch (ComponentFormatException)
                    {
                        rejected++;
                    }
                    try { WitBinaryDecoder.DecodeWorld(bytes); }
                    catch (ComponentFormatException) { }
                }
            }
            // Truncations
            for (int n = 0; n < original.Length; n += 3)
            {
                var bytes = new byte[n];
                Array.Copy(original, bytes, n);
                try { WitBinaryDecoder.Decode(bytes); }
                catch (ComponentFormatException) { rejected++; }
            }
        }
        Assert.True(rejected > 0 && decoded > 0);
    }
}
