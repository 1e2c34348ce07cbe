using System.Runtime.CompilerServices;
using GuestSample.Bindings.Sample.Calculator.Calculate;
using GuestSample.Bindings.Sample.Calculator.Logging;
using WitBindgen.Bindings;

namespace GuestSample;

/// <summary>Implements the exported <c>calculate</c> interface.</summary>
public sealed class Calculator : ICalculate
{
    /// <summary>Registers the implementation before any export runs.</summary>
    // A component has no Main: a module initializer is the one place that runs before the first export.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => CalculateExports.Implementation = new Calculator();

    /// <inheritdoc/>
    public Result<long, Error> Eval(Op op)
    {
        LoggingImports.Log(Level.Debug, $"eval {op}");
        try
        {
            return op switch
            {
                Op.Add add => checked(add.Value.Item1 + add.Value.Item2),
                Op.Negate negate => checked(-negate.Value),
                Op.Sum { Value.Length: 0 } => Result<long, Error>.Err(Error.EmptyInput),
                Op.Sum sum => Sum(sum.Value.Span),
                _ => Result<long, Error>.Err(Error.EmptyInput),
            };
        }
        catch (System.OverflowException)
        {
            return Result<long, Error>.Err(Error.Overflow);
        }
    }

    private static long Sum(System.ReadOnlySpan<long> values)
    {
        long total = 0;
        foreach (var v in values) total = checked(total + v);
        return total;
    }

    /// <inheritdoc/>
    public Accumulator CreateAccumulator(long start) => new RunningTotal(start);
}

/// <summary>The exported accumulator resource.</summary>
public sealed class RunningTotal : Accumulator
{
    private long _total;

    /// <summary>Starts at <paramref name="start"/>.</summary>
    public RunningTotal(long start) => _total = start;

    /// <inheritdoc/>
    public override long Add(long value) => _total += value;

    /// <inheritdoc/>
    public override long Total() => _total;
}
