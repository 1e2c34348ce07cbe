namespace WitBindgen.Generator.Tests.Glue;

/// <summary>Glue tests share LinearMemory's static state, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LinearMemoryCollection
{
    public const string Name = "LinearMemory";
}
