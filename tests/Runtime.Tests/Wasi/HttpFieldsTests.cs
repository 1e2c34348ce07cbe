using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Runtime.Wasi.Http;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>wasi:http fields (header-error rules, immutability), the outgoing-request host policy, the body pipe and the
/// error-code case indices the host reports.</summary>
public sealed class HttpFieldsTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string S(ReadOnlyMemory<byte> bytes) => Encoding.ASCII.GetString(bytes.Span);

    [Fact]
    public void FieldsKeepOrderAndMatchNamesCaseInsensitively()
    {
        var f = new Fields();
        Assert.True(f.Append("Accept", B("text/plain")).IsOk);
        Assert.True(f.Append("x-a", B("1")).IsOk);
        Assert.True(f.Append("ACCEPT", B("text/html")).IsOk);
        Assert.Equal(new[] { "text/plain", "text/html" }, f.Get("accept").Select(S));
        Assert.True(f.Has("Accept"));
        Assert.Equal(new[] { "accept", "x-a", "accept" }, f.Entries().Select(e => e.Item1));
        Assert.Equal(new[] { "text/plain", "1", "text/html" }, f.Entries().Select(e => S(e.Item2)));
        Assert.True(f.Set("accept", new ReadOnlyMemory<byte>[] { B("*/*") }).IsOk);
        Assert.Equal(new[] { "*/*" }, f.Get("accept").Select(S));
        Assert.True(f.Delete("x-a").IsOk);
        Assert.False(f.Has("x-a"));
        Assert.Empty(f.Get("missing"));
    }

    [Fact]
    public void InvalidNamesAndValuesAreInvalidSyntax()
    {
        var f = new Fields();
        foreach (var name in new[] { "", "bad name", "a:b", "é", "x\r\ny" })
            Assert.Equal(Fields.InvalidSyntax, f.Append(name, B("v")).Error);
        foreach (var value in new[] { "a\r\nb", "a\nb", "a\0b", "a\u007fb" })
            Assert.Equal(Fields.InvalidSyntax, f.Append("x", B(value)).Error);
        Assert.True(f.Append("x", B("tab\tand space ok")).IsOk);
        Assert.True(f.Append("x", new byte[] { 0x80, 0xff }).IsOk); // obs-text
        Assert.Equal(Fields.InvalidSyntax, Fields.FromList(new (string, ReadOnlyMemory<byte>)[] { ("ok", B("1")), ("no pe", B("2")) }).Error);
    }

    [Fact]
    public void HopByHopAndHostHeadersAreForbidden()
    {
        var f = new Fields();
        foreach (var name in new[] { "Connection", "keep-alive", "Transfer-Encoding", "upgrade", "host", "proxy-authorization" })
        {
            Assert.Equal(Fields.Forbidden, f.Append(name, B("x")).Error);
            Assert.Equal(Fields.Forbidden, f.Set(name, new ReadOnlyMemory<byte>[] { B("x") }).Error);
        }
        Assert.Equal(Fields.Forbidden, Fields.FromList(new (string, ReadOnlyMemory<byte>)[] { ("host", B("a")) }).Error);
        Assert.Empty(f.Entries());
    }

    [Fact]
    public void ViewsAreImmutableAndClonesMutable()
    {
        var f = (Fields)Fields.FromList(new (string, ReadOnlyMemory<byte>)[] { ("a", B("1")) }).Value;
        var view = f.ImmutableView();
        Assert.Equal(Fields.Immutable, view.Append("b", B("2")).Error);
        Assert.Equal(Fields.Immutable, view.Set("a", new ReadOnlyMemory<byte>[] { B("3") }).Error);
        Assert.Equal(Fields.Immutable, view.Delete("a").Error);
        Assert.Equal(Fields.Immutable, view.Append("bad name", B("2")).Error); // immutability is checked first
        Assert.Equal(new[] { "1" }, view.Get("a").Select(S));
        var copy = view.Clone();
        Assert.True(copy.Append("b", B("2")).IsOk);
        Assert.False(view.Has("b"));
        Assert.True(Fields.FromHost(new[] { new KeyValuePair<string, byte[]>("X-Up", B("1")) }).IsImmutable);
    }

    [Fact]
    public void ErrorCodeCaseIndicesFollowTheWit()
    {
        var load = WitLoader.LoadPath(Path.Combine(Conformance.RepoRoot, "src", "Runtime", "Wasi", "wit"));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(d => d.Message)));
        var resolve = load.Resolve!;
        var types = resolve.Interfaces.Single(i => i.Name == "types" && i.Package is { } p && resolve.Packages[p].Name.Name == "http");
        var cases = Assert.IsType<VariantKind>(resolve.Types[types.Types["error-code"]].Kind).Cases;
        // The generated class of case "HTTP-request-URI-invalid" is HttpRequestUriInvalid.
        Assert.Equal(cases.Select(c => c.Name.Replace("-", "").ToLowerInvariant()), ErrorCodes.Cases.Select(t => t.Name.ToLowerInvariant()));
        Assert.Equal(17, ErrorCodes.CaseIndex(new WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types.ErrorCode.HttpRequestBodySize(5)));
        Assert.Equal(38, ErrorCodes.CaseIndex(ErrorCodes.Internal("x")));
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
        var dropped = new OutgoingBody(default);
        dropped.Dispose();
        await Assert.ThrowsAsync<System.IO.IOException>(() => dropped.Pipe.OpenReader().ReadAsync(buffer, 0, 4));
    }
}
