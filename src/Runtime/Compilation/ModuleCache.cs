using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// An engine's compiled modules by the SHA-256 of their binary, so that loading the same bytes again reuses the
/// decoded definition and the generated code (whose machine code RyuJIT produced on the first load's calls). The
/// entries are weak: a module's code is still unloaded once no <see cref="Module"/> or instance uses it.
/// </summary>
internal sealed class ModuleCache
{
    private readonly Dictionary<string, WeakReference<CompiledModule>> _entries = new(StringComparer.Ordinal);
    // Dead entries are swept when the table reaches this size (then twice the live count), keeping adds amortized O(1).
    private int _sweepAt = 64;

    public static string KeyOf(ReadOnlySpan<byte> wasm)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(wasm, hash);
        return Convert.ToHexString(hash);
    }

    public bool TryGet(string key, out CompiledModule compiled)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.TryGetTarget(out compiled!)) return true;
        }
        compiled = null!;
        return false;
    }

    public void Add(string key, CompiledModule compiled)
    {
        lock (_entries)
        {
            _entries[key] = new WeakReference<CompiledModule>(compiled);
            if (_entries.Count < _sweepAt) return;
            var dead = new List<string>();
            foreach (var (k, entry) in _entries)
                if (!entry.TryGetTarget(out _)) dead.Add(k);
            foreach (var k in dead) _entries.Remove(k);
            _sweepAt = Math.Max(64, _entries.Count * 2);
        }
    }
}
