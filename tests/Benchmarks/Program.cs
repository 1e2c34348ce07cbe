using BenchmarkDotNet.Running;

namespace WitBindgen.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
