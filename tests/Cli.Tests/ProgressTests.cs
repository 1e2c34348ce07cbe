using System;
using System.IO;
using System.Threading;
using Xunit;

namespace WitBindgen.Cli.Tests;

/// <summary><see cref="Progress"/>: the line it draws, and silence when stderr is not a terminal.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void FormatsTheLabelAndTheElapsedSecondsWithOneDecimal()
    {
        Assert.Equal("compiling big.wasm... 1.2s", Progress.Format("compiling big.wasm", TimeSpan.FromMilliseconds(1234)));
        Assert.Equal("componentizing m.wasm... 0.0s", Progress.Format("componentizing m.wasm", TimeSpan.Zero));
        Assert.Equal("x... 61.5s", Progress.Format("x", TimeSpan.FromSeconds(61.46)));
    }

    [Fact]
    public void WritesNothingWhenStderrIsNotATerminal()
    {
        // Any writer other than the console's stderr (a file, a pipe, a test's) disables progress.
        var stderr = new StringWriter();
        var step = Progress.For(stderr).Start("compiling big.wasm");
        step.Draw();
        step.Draw();
        step.Dispose();
        Assert.Equal("", stderr.ToString());
    }

    // The timer is off (infinite delay): the tests draw by hand, so nothing depends on timing.
    [Fact]
    public void OnATerminalDrawsTheLineInPlaceAndErasesItAtTheEnd()
    {
        var terminal = new StringWriter();
        var step = new Progress(terminal, Timeout.InfiniteTimeSpan).Start("compiling big.wasm");
        step.Draw();
        var drawn = terminal.ToString();
        Assert.StartsWith("\rcompiling big.wasm... ", drawn, StringComparison.Ordinal);
        Assert.EndsWith("s\u001b[K", drawn, StringComparison.Ordinal);
        step.Dispose();
        Assert.EndsWith("\r\u001b[K", terminal.ToString(), StringComparison.Ordinal);
        // Ended: a late timer tick draws nothing more.
        int length = terminal.ToString().Length;
        step.Draw();
        Assert.Equal(length, terminal.ToString().Length);
    }

    [Fact]
    public void AStepThatNeverDrewErasesNothing()
    {
        var terminal = new StringWriter();
        new Progress(terminal, Timeout.InfiniteTimeSpan).Start("quick").Dispose();
        Assert.Equal("", terminal.ToString());
    }
}
