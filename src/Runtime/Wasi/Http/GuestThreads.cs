using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// Dedicated threads for guests that may block (waiting for body bytes, responses or pollables): blocking them never
/// starves the thread pool that delivers those bytes, and, unlike a thread per call, they are reused. A thread is
/// added whenever work waits with no idle thread; a thread idle for 30 s ends. (A queue and a semaphore counting its
/// items rather than a <see cref="BlockingCollection{T}"/>, whose timed take links a cancellation source per wait.)
/// </summary>
internal static class GuestThreads
{
    private static readonly ConcurrentQueue<Action> s_queue = new();
    private static readonly SemaphoreSlim s_queued = new(0);
    private static int s_idle;

    public static Task Run(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Enqueue(() =>
        {
            try { work(); done.SetResult(); }
            catch (Exception e) { done.SetException(e); }
        });
        s_queued.Release();
        if (s_queue.Count > Volatile.Read(ref s_idle))
            new Thread(Loop) { IsBackground = true, Name = "wasi guest" }.Start();
        return done.Task;
    }

    private static void Loop()
    {
        while (true)
        {
            Interlocked.Increment(ref s_idle);
            bool got = s_queued.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref s_idle);
            if (!got) return;
            // The semaphore counts queued items, so one is there for each successful wait.
            s_queue.TryDequeue(out var work);
            work!();
        }
    }
}
