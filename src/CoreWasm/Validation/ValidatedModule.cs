using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>A module that passed <see cref="ModuleValidator.Validate"/>, with the validator's facts about its code:
/// only the validator makes one, so code that takes it compiles nothing unvalidated.</summary>
internal sealed class ValidatedModule
{
    internal ValidatedModule(ModuleDefinition definition, ImmutableArray<FunctionFacts> functions)
    {
        Definition = definition;
        Functions = functions;
    }

    /// <summary>The decoded module, unchanged by validation.</summary>
    public ModuleDefinition Definition { get; }

    /// <summary>Facts per defined function, in code-section order (parallel to <see cref="ModuleDefinition.Codes"/>).</summary>
    public ImmutableArray<FunctionFacts> Functions { get; }
}
