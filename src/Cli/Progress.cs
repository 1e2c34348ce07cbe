using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace WitBindgen.Cli;

/// <summary>
/// Progress of work that can take long (compiling a large module, componentizing, loading a component to serve), on
/// stderr: once a step has run for <see cref="Delay"/>, one line <c>label... 1.2s</c> redrawn in place until the step
/// ends, then erased, so quick work shows nothing. Disabled (writes nothing at all) unless stderr is the console's and
/// a terminal: pipes, files and tests see no change.
/// </summary>
internal sealed class Progress
{
    /// <summary>How long a step runs before its line appears.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the line goes; null when disabled.</summary>
    private readonly TextWriter? _terminal;

    private readonly TimeSpan _delay;

    /// <param name="terminal">The terminal to draw on, or null for none.</param>
    /// <param name="delay">How long a step runs before it is drawn (<see cref="Delay"/>; infinite: only when asked).</param>
    public Progress(TextWriter? terminal, TimeSpan? delay = null)
    {
        _terminal = terminal;
        _delay = delay ?? Delay;
    }

    /// <summary>Progress on <paramref name="stderr"/> when it is the console's error stream and that is a terminal.</summary>
    public static Progress For(TextWriter stderr) =>
        new(ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? stderr : null);

    /// <summary>Starts a step; disposing it ends the step and erases its line.</summary>
    public Step Start(string label) => new(_terminal, label, _delay);

    /// <summary>The line shown for a step: <c>label... 1.2s</c> (invariant culture).</summary>
    public static string Format(string label, TimeSpan elapsed) =>
        label + "... " + elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    /// <summary>One running step, redrawn by a timer.</summary>
    internal sealed class Step : IDisposable
    {
        private readonly TextWriter? _terminal;
        private readonly string _label;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Timer? _timer;
        private readonly object _gate = new();
        private bool _shown, _done;

        public Step(TextWriter? terminal, string label, TimeSpan delay)
        {
            _terminal = terminal;
            _label = label;
            if (terminal is not null && delay != Timeout.InfiniteTimeSpan) _timer = new Timer(_ => Draw(), null, delay, Interval);
        }

        /// <summary>Draws the line now (the timer calls this; tests call it directly).</summary>
        public void Draw()
        {
            lock (_gate)
            {
                if (_done || _terminal is null) return;
                // Carriage return, the line, then erase to the end of the line (a shorter line leaves no tail).
                _terminal.Write("\r" + Format(_label, _clock.Elapsed) + "\u001b[K");
                _terminal.Flush();
                _shown = true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_done) return;
                _done = true;
                _timer?.Dispose();
                if (!_shown) return;
                _terminal!.Write("\r\u001b[K");
                _terminal.Flush();
            }
        }
    }
}
