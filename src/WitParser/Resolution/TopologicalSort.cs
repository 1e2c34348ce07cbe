using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Syntax;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Orders named nodes so that dependencies come first; among ready nodes the one declared first wins
/// (Kahn's algorithm with a priority on the original position), which is the order the reference uses.
/// </summary>
internal static class TopologicalSort
{
    /// <summary>Sorts <paramref name="deps"/> (node -> names it depends on). <paramref name="kind"/> names nodes in errors.</summary>
    public static List<string> Sort(string kind, OrderedMap<string, List<Identifier>> deps, System.Func<string, string?>? hint = null)
    {
        int n = deps.Count;
        var remaining = new int[n];
        var reverse = new List<int>[n];
        for (int i = 0; i < n; i++) reverse[i] = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var edges = deps.At(i).Value;
            remaining[i] = edges.Count;
            foreach (var edge in edges)
            {
                int j = deps.IndexOf(edge.Name);
                if (j < 0)
                {
                    var message = $"{kind} `{edge.Name}` does not exist";
                    var extra = hint?.Invoke(edge.Name);
                    if (extra is not null) message += "\n" + extra;
                    throw ResolveErrors.At(edge.Span, DiagnosticCodes.UnknownName, message);
                }
                reverse[j].Add(i);
            }
        }

        var order = new List<string>(n);
        var ready = new SortedSet<int>();
        for (int i = 0; i < n; i++) if (remaining[i] == 0) ready.Add(i);
        while (ready.Count > 0)
        {
            int i = ready.Min;
            ready.Remove(i);
            order.Add(deps.At(i).Key);
            foreach (var k in reverse[i])
            {
                if (--remaining[k] == 0) ready.Add(k);
            }
            reverse[i].Clear();
        }
        if (order.Count == n) return order;

        for (int i = 0; i < n; i++)
        {
            if (remaining[i] == 0) continue;
            foreach (var dep in deps.At(i).Value)
            {
                int j = deps.IndexOf(dep.Name);
                if (remaining[j] == 0) continue;
                throw ResolveErrors.At(dep.Span, DiagnosticCodes.Cycle, $"{kind} `{dep.Name}` depends on itself");
            }
        }
        throw ResolveErrors.Unlocated(DiagnosticCodes.Cycle, $"{kind} dependency cycle");
    }
}
