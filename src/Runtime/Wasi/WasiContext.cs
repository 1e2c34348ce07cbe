using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Runtime.Wasi.Filesystem;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// The state one WASI guest instance sees: arguments, environment, stdio, preopened directories, clocks, random
/// sources and the table of host objects its handles refer to. Made by <see cref="WasiContextBuilder"/>; use one
/// context per component instance.
/// </summary>
public sealed partial class WasiContext : Components.IResourceTableView
{
    internal WasiContext(WasiContextBuilder b)
    {
        Arguments = b.ArgumentList.ToArray();
        Environment = b.EnvironmentList.ToArray();
        // The builder makes stdio before any context, so without the context's cancellation: get-stdin, get-stdout
        // and get-stderr give them the caller's.
        Stdin = b.StdinStream ?? new MemoryInputStream(Array.Empty<byte>(), default);
        Stdout = b.StdoutStream ?? new SinkOutputStream(default);
        Stderr = b.StderrStream ?? new SinkOutputStream(default);
        Preopens = b.PreopenList.ToArray();
        WallClock = b.WallClockSource ?? SystemWallClock.Instance;
        MonotonicClock = b.MonotonicClockSource ?? SystemMonotonicClock.Instance;
        SecureRandom = b.SecureRandomSource ?? RandomNumberGenerator.Fill;
        InsecureRandom = b.InsecureRandomSource ?? System.Random.Shared.NextBytes;
        InsecureSeed = b.InsecureSeedValue ?? ((ulong)System.Random.Shared.NextInt64(), (ulong)System.Random.Shared.NextInt64());
        MaxRandomBytes = b.MaxRandomBytesPerCall;
        Table = new Components.ResourceTable(b.MaxHandles);
        InitialCwd = b.InitialCwdValue;
        HttpPolicy = b.HttpPolicy;
        Network = b.NetworkPolicy.Clone();
    }

    /// <summary>The program arguments (the first is the program name, by convention).</summary>
    public IReadOnlyList<string> Arguments { get; }
    /// <summary>The environment variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }
    /// <summary>The initial working directory reported by <c>wasi:cli/environment.initial-cwd</c>, or null.</summary>
    public string? InitialCwd { get; }
    internal WasiInputStream Stdin { get; }
    internal WasiOutputStream Stdout { get; }
    internal WasiOutputStream Stderr { get; }
    internal IReadOnlyList<Preopen> Preopens { get; }
    /// <summary>The wall clock.</summary>
    public IWallClock WallClock { get; }
    /// <summary>The monotonic clock.</summary>
    public IMonotonicClock MonotonicClock { get; }
    internal Action<Span<byte>> SecureRandom { get; }
    internal Action<Span<byte>> InsecureRandom { get; }
    internal (ulong, ulong) InsecureSeed { get; }
    /// <summary>The most bytes <c>get-random-bytes</c> and <c>get-insecure-random-bytes</c> return in one call (more traps).</summary>
    public int MaxRandomBytes { get; }
    internal Sockets.NetworkPolicy Network { get; }
    /// <summary>The host objects the guest's handles refer to: streams, pollables, descriptors, sockets... with one numbering.</summary>
    public Components.ResourceTable Table { get; }

    internal Http.HttpPolicy HttpPolicy { get; }

    /// <summary>Cancelled to interrupt the guest: its blocking WASI waits (poll, blocking reads and writes) trap with
    /// <see cref="TrapCode.Interrupted"/> instead of waiting on (see <see cref="Http.WasiHttp.HandleAsync"/>). The waits
    /// also end when the calling store is interrupted (<see cref="Store.Interruption"/>, through <see cref="Io.Poll"/>).</summary>
    internal System.Threading.CancellationToken Cancellation { get; set; }

    /// <summary>The exit status the guest asked for through <c>wasi:cli/exit</c>, or null while it has not exited.</summary>
    public int? ExitCode { get; internal set; }

    /// <summary>Flushes the stdout and stderr streams (the guest's buffered writes reach their .NET streams).</summary>
    public void FlushStdio()
    {
        Stdout.FlushHost();
        Stderr.FlushHost();
    }
}

/// <summary>A directory the guest may use, under the name <see cref="GuestPath"/>.</summary>
internal sealed class Preopen
{
    public Preopen(string hostPath, string guestPath, bool readOnly) { HostPath = hostPath; GuestPath = guestPath; ReadOnly = readOnly; }
    public string HostPath { get; }
    public string GuestPath { get; }
    public bool ReadOnly { get; }
}

/// <summary>
/// Builds a <see cref="WasiContext"/>, as wasmtime's <c>WasiCtxBuilder</c>: nothing is allowed unless configured
/// (no arguments, no environment, empty stdin, discarded stdout/stderr, no directories).
/// </summary>
public sealed partial class WasiContextBuilder
{
    internal readonly List<string> ArgumentList = new();
    internal readonly List<KeyValuePair<string, string>> EnvironmentList = new();
    internal readonly List<Preopen> PreopenList = new();
    internal WasiInputStream? StdinStream;
    internal WasiOutputStream? StdoutStream;
    internal WasiOutputStream? StderrStream;
    internal IWallClock? WallClockSource;
    internal IMonotonicClock? MonotonicClockSource;
    internal Action<Span<byte>>? SecureRandomSource;
    internal Action<Span<byte>>? InsecureRandomSource;
    internal (ulong, ulong)? InsecureSeedValue;
    internal int MaxRandomBytesPerCall = 1 << 20;
    internal int MaxHandles = 10_000;
    internal string? InitialCwdValue;
    internal readonly Http.HttpPolicy HttpPolicy = new();

    /// <summary>Appends one argument.</summary>
    public WasiContextBuilder Arg(string arg) { ArgumentList.Add(arg ?? throw new ArgumentNullException(nameof(arg))); return this; }

    /// <summary>Appends arguments.</summary>
    public WasiContextBuilder Args(params string[] args) { foreach (var a in args) Arg(a); return this; }

    /// <summary>Sets an environment variable (replacing an earlier value of the same name).</summary>
    public WasiContextBuilder Env(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        EnvironmentList.RemoveAll(kv => kv.Key == key);
        EnvironmentList.Add(new(key, value));
        return this;
    }

    /// <summary>Copies the host's environment variable <paramref name="key"/> when it is set.</summary>
    public WasiContextBuilder InheritEnv(string key)
    {
        var v = System.Environment.GetEnvironmentVariable(key);
        return v is null ? this : Env(key, v);
    }

    /// <summary>Copies the whole host environment.</summary>
    public WasiContextBuilder InheritEnv()
    {
        var all = new List<KeyValuePair<string, string>>();
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            all.Add(new((string)e.Key, (string?)e.Value ?? ""));
        all.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var kv in all) Env(kv.Key, kv.Value);
        return this;
    }

    /// <summary>Appends the host process's arguments, its program path first (as wasmtime's <c>inherit_args</c>).</summary>
    public WasiContextBuilder InheritArgs() => Args(System.Environment.GetCommandLineArgs());

    /// <summary>The guest's stdin reads <paramref name="stream"/> (read on a background thread, so polling reports real readiness).</summary>
    public WasiContextBuilder Stdin(Stream stream) { StdinStream = new BackgroundInputStream(stream ?? throw new ArgumentNullException(nameof(stream)), default); return this; }

    /// <summary>The guest's stdin holds <paramref name="bytes"/> (then end of stream).</summary>
    public WasiContextBuilder Stdin(byte[] bytes) { StdinStream = new MemoryInputStream(bytes ?? throw new ArgumentNullException(nameof(bytes)), default); return this; }

    /// <summary>The guest's stdin is the host process's stdin.</summary>
    public WasiContextBuilder InheritStdin() => Stdin(Console.OpenStandardInput());

    /// <summary>The guest's stdout writes to <paramref name="stream"/>.</summary>
    public WasiContextBuilder Stdout(Stream stream) { StdoutStream = new DotnetOutputStream(stream ?? throw new ArgumentNullException(nameof(stream)), default); return this; }

    /// <summary>The guest's stdout is the host process's stdout.</summary>
    public WasiContextBuilder InheritStdout() => Stdout(Console.OpenStandardOutput());

    /// <summary>The guest's stderr writes to <paramref name="stream"/>.</summary>
    public WasiContextBuilder Stderr(Stream stream) { StderrStream = new DotnetOutputStream(stream ?? throw new ArgumentNullException(nameof(stream)), default); return this; }

    /// <summary>The guest's stderr is the host process's stderr.</summary>
    public WasiContextBuilder InheritStderr() => Stderr(Console.OpenStandardError());

    /// <summary>stdin, stdout and stderr are the host process's.</summary>
    public WasiContextBuilder InheritStdio() => InheritStdin().InheritStdout().InheritStderr();

    /// <summary>
    /// Lets the guest use the host directory <paramref name="hostPath"/> as <paramref name="guestPath"/>. Paths resolve
    /// only inside it: <c>..</c>, absolute paths and symlinks leading out are denied; <paramref name="readOnly"/>
    /// denies every change (writes, creation, removal, renames).
    /// </summary>
    public WasiContextBuilder PreopenedDir(string hostPath, string guestPath, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        ArgumentNullException.ThrowIfNull(guestPath);
        var full = Path.GetFullPath(hostPath);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"preopened directory `{hostPath}` does not exist");
        PreopenList.Add(new Preopen(full, guestPath, readOnly));
        return this;
    }

    /// <summary>The initial working directory reported to the guest.</summary>
    public WasiContextBuilder InitialCwd(string? path) { InitialCwdValue = path; return this; }

    /// <summary>Replaces the wall clock (tests).</summary>
    public WasiContextBuilder WallClock(IWallClock clock) { WallClockSource = clock ?? throw new ArgumentNullException(nameof(clock)); return this; }

    /// <summary>Replaces the monotonic clock (tests).</summary>
    public WasiContextBuilder MonotonicClock(IMonotonicClock clock) { MonotonicClockSource = clock ?? throw new ArgumentNullException(nameof(clock)); return this; }

    /// <summary>Replaces the secure random source (tests; the default is the operating system's CSPRNG).</summary>
    public WasiContextBuilder SecureRandom(Action<Span<byte>> fill) { SecureRandomSource = fill ?? throw new ArgumentNullException(nameof(fill)); return this; }

    /// <summary>Replaces the insecure random source.</summary>
    public WasiContextBuilder InsecureRandom(Action<Span<byte>> fill) { InsecureRandomSource = fill ?? throw new ArgumentNullException(nameof(fill)); return this; }

    /// <summary>Sets the value of <c>insecure-seed</c>.</summary>
    public WasiContextBuilder InsecureSeed(ulong low, ulong high) { InsecureSeedValue = (low, high); return this; }

    /// <summary>The most random bytes one call may ask for (default 1 MiB; more traps).</summary>
    public WasiContextBuilder MaxRandomBytes(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        MaxRandomBytesPerCall = count;
        return this;
    }

    /// <summary>The most host objects (streams, descriptors, pollables...) the guest may hold at once (default 10,000).</summary>
    public WasiContextBuilder MaxOpenHandles(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        MaxHandles = count;
        return this;
    }

    /// <summary>
    /// Lets <c>wasi:http/outgoing-handler</c> reach <paramref name="authority"/>: <c>host</c> (any port),
    /// <c>host:port</c>, <c>[v6]:port</c> or <c>*</c> (every host). Other requests answer <c>HTTP-request-denied</c>.
    /// </summary>
    public WasiContextBuilder AllowHttp(string authority) { HttpPolicy.Add(authority); return this; }

    /// <summary>Lets outgoing HTTP requests reach the hosts and ports for which <paramref name="allow"/> (host, port) answers true.</summary>
    public WasiContextBuilder AllowHttp(Func<string, int, bool> allow) { HttpPolicy.Add(allow); return this; }

    /// <summary>Builds the context.</summary>
    public WasiContext Build() => new(this);
}
