using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// <c>wit-bindgen run FILE [--dir HOST::GUEST[:ro]] [--env K=V | --env K] [--inherit-env] [--allow-net ADDR:PORT]
/// [--allow-ip-name-lookup] [-- ARGS...]</c>: a component's <c>wasi:cli/run@0.2.x#run</c> with WASI 0.2, or a
/// preview1 core module's <c>_start</c> with the preview1 host, stdio inherited, the guest's exit status as the exit code
/// (a trap: its message on stderr, exit code 1), as <c>wasmtime run</c>.
/// </summary>
internal static class WasiRun
{
    public static int Execute(Engine engine, byte[] bytes, RunSettings settings, TimeSpan? timeout, TextWriter stdout, TextWriter stderr) =>
        WithContext(settings, stdout, stderr, ctx => RunComponent(engine, bytes, settings, timeout, ctx, stderr));

    /// <summary>A core module importing <c>wasi_snapshot_preview1</c>: its <c>_start</c> on the preview1 host, the
    /// <c>proc_exit</c> status as the exit code.</summary>
    public static int ExecutePreview1(Engine engine, Module module, RunSettings settings, TimeSpan? timeout, TextWriter stdout, TextWriter stderr) =>
        WithContext(settings, stdout, stderr, ctx =>
        {
            var store = RunCommand.NewStore(engine, settings, timeout);
            try
            {
                var linker = new Linker(engine);
                Preview1.AddToLinker(linker, ctx);
                return Preview1.RunCommand(store, linker, module, ctx);
            }
            catch (Trap trap)
            {
                ctx.FlushStdio();
                TrapReport.Write(stderr, "_start", trap, settings);
                return 1;
            }
            catch (Exception e) when (e is LinkException or InvalidOperationException)
            {
                stderr.WriteLine($"error: {settings.File}: {e.Message}");
                return 1;
            }
            finally
            {
                store.SetDeadline(null);
            }
        });

    /// <summary>Builds the WASI context from the settings (stdio inherited or the given writers) and runs <paramref name="run"/> with it.</summary>
    private static int WithContext(RunSettings settings, TextWriter stdout, TextWriter stderr, Func<WasiContext, int> run)
    {
        var builder = new WasiContextBuilder().Arg(Path.GetFileName(settings.File)).Args(ToArray(settings.Args));
        if (settings.InheritEnv) builder.InheritEnv();
        foreach (var e in settings.Env ?? Array.Empty<string>())
        {
            int eq = e.IndexOf('=');
            if (eq == 0) { stderr.WriteLine($"error: --env `{e}`: the name is empty"); return 1; }
            if (eq < 0) builder.InheritEnv(e);
            else builder.Env(e.Substring(0, eq), e.Substring(eq + 1));
        }
        foreach (var d in settings.Dirs ?? Array.Empty<string>())
        {
            var spec = d;
            bool readOnly = false;
            if (spec.EndsWith(":ro", StringComparison.Ordinal)) { readOnly = true; spec = spec.Substring(0, spec.Length - 3); }
            int sep = spec.IndexOf("::", StringComparison.Ordinal);
            string host = sep < 0 ? spec : spec.Substring(0, sep), guest = sep < 0 ? spec : spec.Substring(sep + 2);
            if (!Directory.Exists(host)) { stderr.WriteLine($"error: --dir `{d}`: directory `{host}` does not exist"); return 1; }
            builder.PreopenedDir(host, guest, readOnly);
        }
        foreach (var rule in settings.AllowNet ?? Array.Empty<string>())
        {
            try { builder.AllowNetwork(rule); }
            catch (FormatException e) { stderr.WriteLine($"error: --allow-net: {e.Message}"); return 1; }
        }
        builder.AllowNameLookup(settings.AllowNameLookup);
        stdout.Flush();
        stderr.Flush();
        // The process's own stdio gets the guest's bytes unchanged; other writers (tests) get them decoded as UTF-8.
        using Stream outStream = ReferenceEquals(stdout, Console.Out) ? Console.OpenStandardOutput() : new WriterStream(stdout);
        using Stream errStream = ReferenceEquals(stderr, Console.Error) ? Console.OpenStandardError() : new WriterStream(stderr);
        builder.Stdout(outStream).Stderr(errStream).InheritStdin();
        return run(builder.Build());
    }

    private static int RunComponent(Engine engine, byte[] bytes, RunSettings settings, TimeSpan? timeout, WasiContext ctx, TextWriter stderr)
    {
        Component component;
        try
        {
            using var step = Progress.For(stderr).Start($"compiling {settings.File}");
            component = Component.FromBytes(engine, bytes);
        }
        catch (Exception e) when (e is not Trap)
        {
            stderr.WriteLine($"error: {settings.File}: {e.Message}");
            return 1;
        }
        var store = RunCommand.NewStore(engine, settings, timeout);
        try
        {
            var linker = new ComponentLinker(engine);
            WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
            if (settings.TrapUnknownImports) linker.DefineUnknownImportsAsTraps(component);
            return WitBindgen.Runtime.Wasi.Wasi.RunCommand(store, linker, component, ctx);
        }
        catch (Trap trap)
        {
            ctx.FlushStdio();
            TrapReport.Write(stderr, "wasi:cli/run#run", trap, settings);
            return 1;
        }
        catch (Exception e) when (e is ComponentLinkException or LinkException or InvalidOperationException)
        {
            stderr.WriteLine($"error: {settings.File}: {e.Message}");
            return 1;
        }
        finally
        {
            store.SetDeadline(null);
        }
    }

    private static string[] ToArray(IReadOnlyList<string> list)
    {
        var a = new string[list.Count];
        for (int i = 0; i < a.Length; i++) a[i] = list[i];
        return a;
    }

    /// <summary>Bytes written by the guest, decoded as UTF-8 (across chunk boundaries) into a <see cref="TextWriter"/>.</summary>
    private sealed class WriterStream : Stream
    {
        private readonly TextWriter _writer;
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        public WriterStream(TextWriter writer) => _writer = writer;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
            int n = _decoder.GetChars(buffer, chars, flush: false);
            _writer.Write(chars, 0, n);
        }
    }
}
