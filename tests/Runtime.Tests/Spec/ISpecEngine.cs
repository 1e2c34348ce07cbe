using System;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>What the script runner needs from an engine: compile, link/instantiate, invoke, read globals.</summary>
internal interface ISpecEngine
{
    /// <summary>Whether instantiation and execution are available (false: only decode/validate commands run).</summary>
    bool CanExecute { get; }

    /// <summary>Decodes, validates and compiles; throws the decoder's/validator's exception on bad modules.</summary>
    object Compile(byte[] wasm);

    /// <summary>Instantiates with the registered instances and the spectest host module.</summary>
    object Instantiate(object module);

    /// <summary>Makes an instance's exports importable under <paramref name="name"/>.</summary>
    void Register(string name, object instance);

    /// <summary>Calls an exported function.</summary>
    SpecValue[] Invoke(object instance, string export, SpecValue[] args);

    /// <summary>Reads an exported global.</summary>
    SpecValue Get(object instance, string export);

    /// <summary>The module names a compiled module imports from.</summary>
    System.Collections.Generic.IEnumerable<string> ImportModules(object module);

    /// <summary>Classifies an exception thrown by Instantiate/Invoke: trap, link error, exhaustion, or other.</summary>
    SpecErrorKind Classify(Exception exception);
}

/// <summary>Kinds of runtime failures.</summary>
internal enum SpecErrorKind
{
    Other,
    Trap,
    Exhaustion,
    Link,
    /// <summary>A wasm exception escaped (assert_exception).</summary>
    Exception,
}

/// <summary>Decode + validate only (no execution): used until an engine API is available.</summary>
internal sealed class DecodeOnlyEngine : ISpecEngine
{
    public bool CanExecute => false;

    public object Compile(byte[] wasm)
    {
        var module = CoreWasm.Binary.ModuleReader.Read(wasm);
        CoreWasm.Validation.ModuleValidator.Validate(module);
        return module;
    }

    public object Instantiate(object module) => throw new NotSupportedException("no engine");

    public void Register(string name, object instance) => throw new NotSupportedException("no engine");

    public SpecValue[] Invoke(object instance, string export, SpecValue[] args) => throw new NotSupportedException("no engine");

    public SpecValue Get(object instance, string export) => throw new NotSupportedException("no engine");

    public SpecErrorKind Classify(Exception exception) => SpecErrorKind.Other;

    public System.Collections.Generic.IEnumerable<string> ImportModules(object module) =>
        System.Linq.Enumerable.Select(((CoreWasm.Modules.ModuleDefinition)module).Imports, i => i.Module);
}
