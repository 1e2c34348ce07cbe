using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.Runtime.Wasi.Http;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>wasi:http fields (header-error rules, immutability), the outgoing-request host policy and the body pipe.</summary>
public sealed class HttpFieldsTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void FieldsKeepOrderAndMatchNamesCaseInsensitively()
    {
        var f = new Fields();
        Assert.Null(f.Append("Accept", B("text/plain")));
        Assert.Null(f.Append("x-a", B("1")));
        Assert.Null(f.Append("ACCEPT", B("text/html")));
        Assert.Equal(new[] { "text/plain", "text/html" }, f.Get("accept").Select(Encoding.ASCII.GetString));
        Assert.True(f.Has("Accept"));
        Assert.Equal(new[] { "accept", "x-a", "accept" }, f.Entries.Select(e => e.Key));
        Assert.Null(f.Set("accept", new[] { B("*/*") }));
        Assert.Equal(new[] { "*/*" }, f.Get("accept").Select(Encoding.ASCII.GetString));
        Assert.Null(f.Delete("x-a"));
        Assert.False(f.Has("x-a"));
        Assert.Empty(f.Get("missing"));
    }

    [Fact]
    public void InvalidNamesAndValuesAreInvalidSyntax()
    {
        var f = new Fields();
        foreach (var name in new[] { "", "bad name", "a:b", "é", "x\r\ny" })
            Assert.Equal(HeaderError.InvalidSyntax, f.Append(name, B("v")));
        foreach (var value in new[] { "a\r\nb", "a\nb", "a\0b", "a\u007fb" })
            Assert.Equal(HeaderError.InvalidSyntax, f.Append("x", B(value)));
        Assert.Null(f.Append("x", B("tab\tand space ok")));
        Assert.Null(f.Append("x", new byte[] { 0x80, 0xff })); // obs-text
        Assert.Equal(HeaderError.InvalidSyntax, Fields.FromList(new[] { new KeyValuePair<string, byte[]>("ok", B("1")), new("no pe", B("2")) }, out _));
    }

    [Fact]
    public void HopByHopAndHostHeadersAreForbidden()
    {
        var f = new Fields();
        foreach (var name in new[] { "Connection", "keep-alive", "Transfer-Encoding", "upgrade", "host", "proxy-authorization" })
        {
            Assert.Equal(HeaderError.Forbidden, f.Append(name, B("x")));
            Assert.Equal(HeaderError.Forbidden, f.Set(name, new[] { B("x") }));
        }
        Assert.Equal(HeaderError.Forbidden, Fields.FromList(new[] { new KeyValuePair<string, byte[]>("host", B("a")) }, out _));
        Assert.Empty(f.Entries);
    }

    [Fact]
    public void ViewsAreImmutableAndClonesMutable()
    {
        Assert.Null(Fields.FromList(new[] { new KeyValuePair<string, byte[]>("a", B("1")) }, out var f));
        var view = f.ImmutableView();
        Assert.Equal(HeaderError.Immutable, view.Append("b", B("2")));
        Assert.Equal(HeaderError.Immutable, view.Set("a", new[] { B("3") }));
        Assert.Equal(HeaderError.Immutable, view.Delete("a"));
        Assert.Equal(HeaderError.Immutable, view.Append("bad name", B("2"))); // immutability is checked first
        Assert.Equal(new[] { "1" }, view.Get("a").Select(Encoding.ASCII.GetString));
        var copy = view.Clone();
        Assert.Null(copy.Append("b", B("2")));
        Assert.False(view.Has("b"));
        Assert.True(Fields.FromHost(new[] { new KeyValuePair<string, byte[]>("X-Up", B("1")) }).Immutable);
    }

    [Fact]
    public void PolicyAllowsOnlyListedHostsAndPorts()
    {
        var p = new HttpPolicy();
        Assert.False(p.Allows("127.0.0.1", 80));
        p.Add("127.0.0.1:8080");
        p.Add("Example.COM");
        p.Add("[::1]:9000");
        Assert.True(p.Allows("127.0.0.1", 8080));
        Assert.False(p.Allows("127.0.0.1", 8081));
        Assert.True(p.Allows("example.com", 443));
        Assert.True(p.Allows("EXAMPLE.com.", 80));
        Assert.False(p.Allows("sub.example.com", 443));
        Assert.True(p.Allows("[::1]", 9000));
        Assert.False(p.Allows("::1", 9001));
        p.Add((host, port) => host == "callback.test" && port == 1);
        Assert.True(p.Allows("callback.test", 1));
        Assert.False(p.Allows("callback.test", 2));
        Assert.Throws<System.ArgumentException>(() => p.Add("h:99999"));
        var all = new HttpPolicy();
        all.Add("*");
        Assert.True(all.Allows("anything", 1));
    }

    [Fact]
    public async System.Threading.Tasks.Task BodyPipeStreamsChunksAndBoundsUnreadData()
    {
        var pipe = new BodyPipe();
        Assert.True(pipe.Write(B("hello ")));
        Assert.True(pipe.Write(B("world")));
        var reader = pipe.OpenReader();
        var buffer = new byte[4];
        Assert.Equal(4, reader.Read(buffer, 0, 4));
        Assert.Equal("hell", Encoding.ASCII.GetString(buffer));
        Assert.Equal(2, await reader.ReadAsync(new byte[64], 0, 64)); // the rest of the first chunk
        var rest = new System.IO.MemoryStream();
        pipe.Complete();
        await reader.CopyToAsync(rest);
        Assert.Equal("world", Encoding.ASCII.GetString(rest.ToArray()));
        Assert.True(pipe.IsCompleted);

        // Without a reader at most UnreadLimit bytes wait; a dropped body fails the reader.
        var unread = new BodyPipe();
        var chunk = new byte[1 << 20];
        for (int i = 0; i < BodyPipe.UnreadLimit / chunk.Length; i++) Assert.True(unread.Write(chunk));
        Assert.False(unread.Write(chunk));
        var dropped = new OutgoingBody();
        dropped.Dispose();
        await Assert.ThrowsAsync<System.IO.IOException>(() => dropped.Pipe.OpenReader().ReadAsync(buffer, 0, 4));
    }
}
