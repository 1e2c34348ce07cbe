using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.Cli.Commands;

namespace WitBindgen.Cli.Tests;

/// <summary><c>run</c> on core modules: --fuel, --timeout and the compact trap backtrace.</summary>
public class RunLimitsTests
{
    private const string Module = """
        (module
          (func $spin (export "spin") (loop $l (br $l)))
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func $down (export "down") (param i32) (result i32)
            local.get 0 i32.eqz
            if (result i32) unreachable else local.get 0 i32.const 1 i32.sub call $down end)
          (func $forever (export "forever") (param i32) (result i32) local.get 0 call $forever)
          (func $main (export "main") (result i32) i32.const 100 call $down))
        """;

    private static string ModuleFile() => Path.Combine(CliRunner.TempTree(("m.wat", Module)), "m.wat");

    [Fact]
    public void FuelExhaustionOnAnInfiniteLoopExitsOneWithTheOutOfFuelMessage()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "spin", "--fuel", "100000");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(new[]
        {
            "error: failed to invoke `spin`",
            "wasm trap: all fuel consumed",
            "note: the 100000 units of fuel given with --fuel were consumed",
            "wasm backtrace:",
            "  0: spin",
        }, CliRunner.Lines(stderr));
    }

    [Fact]
    public void EnoughFuelLetsTheCallFinish()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "add", "40", "2", "--fuel", "1000");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("42\n", stdout);

        // Zero fuel: the first call already needs fuel.
        (exit, _, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "down", "3", "--fuel", "0");
        Assert.Equal(1, exit);
        Assert.Contains("wasm trap: all fuel consumed", stderr);
    }

    [Fact]
    public void ATimeoutStopsAnInfiniteLoop()
    {
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "spin", "--timeout", "200ms");
        clock.Stop();
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(new[]
        {
            "error: failed to invoke `spin`",
            "wasm trap: interrupted",
            "note: the --timeout of 200ms expired",
            "wasm backtrace:",
            "  0: spin",
        }, CliRunner.Lines(stderr));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"stopped after {clock.Elapsed}, before the timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ATimeoutThatDoesNotExpireChangesNothing()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "add", "1", "2", "--timeout", "10s");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("3\n", stdout);
    }

    [Fact]
    public void FuelAndTimeoutTogetherStopAtWhicheverComesFirst()
    {
        var (exit, _, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "spin", "--fuel", "1000", "--timeout", "1h");
        Assert.Equal(1, exit);
        Assert.Contains("wasm trap: all fuel consumed", stderr);
        (exit, _, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "spin", "--fuel", "9000000000000000000", "--timeout", "0.1s");
        Assert.Equal(1, exit);
        Assert.Contains("wasm trap: interrupted", stderr);
    }

    [Theory]
    [InlineData("--timeout", "soon", "error: --timeout `soon` is not a duration (e.g. 500ms, 2s, 1.5m, 1h; a bare number is seconds)")]
    [InlineData("--timeout", "-1s", "error: --timeout `-1s` is not a duration (e.g. 500ms, 2s, 1.5m, 1h; a bare number is seconds)")]
    [InlineData("--fuel", "-5", "error: --fuel must not be negative, got -5")]
    public void BadLimitsAreErrors(string option, string value, string message)
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "add", "1", "2", option, value);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(message + "\n", stderr);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2s", 2)]
    [InlineData("3", 3)]
    [InlineData("1.5m", 90)]
    [InlineData("1h", 3600)]
    [InlineData("250us", 0.00025)]
    [InlineData(" 10 ms ", 0.01)]
    public void Durations(string text, double seconds)
    {
        Assert.True(RunCommand.TryParseDuration(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 9);
    }

    [Fact]
    public void DeepRecursionPrintsAShortBacktrace()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "forever", "1");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = CliRunner.Lines(stderr);
        Assert.Equal("error: failed to invoke `forever`", lines[0]);
        Assert.Equal("wasm trap: call stack exhausted", lines[1]);
        Assert.Equal("wasm backtrace:", lines[2]);
        // first frames, a count, last frames: not tens of thousands of lines
        Assert.True(lines.Length <= 3 + TrapReport.HeadFrames + 1 + TrapReport.TailFrames, $"{lines.Length} lines");
        var frames = lines.Skip(3).ToArray();
        Assert.Matches(@"^\s+0: forever$", frames[0]);
        Assert.Matches(@"^\s+9: forever$", frames[TrapReport.HeadFrames - 1]);
        var omitted = Regex.Match(frames[TrapReport.HeadFrames], @"^\s+\.\.\. (\d+) frames omitted \.\.\.$");
        Assert.True(omitted.Success, frames[TrapReport.HeadFrames]);
        var last = Regex.Match(frames[^1], @"^\s+(\d+): forever$");
        Assert.True(last.Success, frames[^1]);
        // every frame is accounted for: shown + omitted = last index + 1
        Assert.Equal(int.Parse(last.Groups[1].Value) + 1, TrapReport.HeadFrames + TrapReport.TailFrames + int.Parse(omitted.Groups[1].Value));
        Assert.True(int.Parse(omitted.Groups[1].Value) > 1000, "a deep recursion has many frames");
    }

    [Fact]
    public void ABacktraceShowsTheOutermostFramesToo()
    {
        var (exit, _, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "main");
        Assert.Equal(1, exit);
        var lines = CliRunner.Lines(stderr);
        Assert.Equal("wasm trap: unreachable", lines[1]);
        // 101 frames of `down` (100 down to 0) under the outermost function: 10 + a count + 10. Every engine option keeps every
        // frame (generated methods are never inlined; see Runtime.Tests BacktraceTests).
        Assert.Equal(3 + TrapReport.HeadFrames + 1 + TrapReport.TailFrames, lines.Length);
        Assert.Equal("    0: down", lines[3]);
        Assert.Equal("       ... 82 frames omitted ...", lines[3 + TrapReport.HeadFrames]);
        Assert.Equal("  100: down", lines[^2]);
        Assert.Equal("  101: main", lines[^1]);
    }

    [Fact]
    public void ShortBacktracesAreListedInFull()
    {
        var frames = Enumerable.Range(0, TrapReport.HeadFrames + TrapReport.TailFrames + 1).Select(i => "f" + i).ToArray();
        var lines = TrapReport.BacktraceLines(frames).ToArray();
        Assert.Equal(frames.Length, lines.Length);
        Assert.Equal("   0: f0", lines[0]);
        Assert.Equal("  20: f20", lines[^1]);
        Assert.Equal(new[] { "  0: only" }, TrapReport.BacktraceLines(new[] { "only" }).ToArray());
    }
}
