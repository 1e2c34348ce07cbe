using System;
using System.IO;
using WitBindgen.Tests;

namespace WitBindgen.Generator.Tests.Support;

/// <summary>
/// Compares text with snapshots/{name}.verified.cs. On mismatch writes {name}.received.cs next to it
/// (git-ignored) and fails; with WITBINDGEN_ACCEPT_SNAPSHOTS=1 the received text becomes the verified file.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string text)
    {
        var dir = Path.Combine(Conformance.RepoRoot, "snapshots");
        Directory.CreateDirectory(dir);
        var verified = Path.Combine(dir, name + ".verified.cs");
        var received = Path.Combine(dir, name + ".received.cs");
        text = text.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("WITBINDGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, text);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == text)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        Assert.Fail(expected is null
            ? $"no verified snapshot {verified}; review {received} and accept with WITBINDGEN_ACCEPT_SNAPSHOTS=1"
            : $"snapshot {name} changed; diff {received} against {verified} and accept with WITBINDGEN_ACCEPT_SNAPSHOTS=1");
    }
}
