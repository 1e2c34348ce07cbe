using System.Collections.Concurrent;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Process-wide canonical ids of function types: equal signatures get equal ids, which
/// call_indirect compares against the id baked into the caller.</summary>
internal static class TypeRegistry
{
    private static readonly ConcurrentDictionary<FunctionType, int> Ids = new();
    private static int _next;

    public static int IdOf(FunctionType type) =>
        Ids.GetOrAdd(type, static _ => System.Threading.Interlocked.Increment(ref _next));
}
