// Stand-in for the component runtime's API contract, so that the CLI's `run` for components compiles before
// the runtime exists on this branch. Every member throws NotImplementedException. This file is deleted when the
// real src/Runtime/Components types are merged; keep it to exactly the contract's names and shapes.
using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

internal static class ContractStandIn
{
    public const string NotInThisBuild = "the component runtime is not part of this build";
}

internal sealed class Component
{
    public static Component FromBytes(Engine engine, byte[] bytes) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public static Component FromFile(Engine engine, string path) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public IReadOnlyList<ComponentImport> Imports => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public IReadOnlyList<ComponentExport> Exports => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
}

internal sealed record ComponentImport(string Name);

internal sealed record ComponentExport(string Name);

internal delegate ComponentValue[] ComponentHostFunction(ComponentValue[] args);

internal sealed class ComponentLinker
{
    public ComponentLinker(Engine engine) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ComponentLinkerInstance Root => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ComponentLinkerInstance Instance(string name) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public void DefineUnknownImportsAsTraps(Component component) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ComponentInstance Instantiate(Store store, Component component) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
}

internal sealed class ComponentLinkerInstance
{
    public void DefineFunction(string name, ComponentHostFunction function) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
}

internal sealed class ComponentInstance
{
    public ComponentFunction? GetFunction(string name) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ComponentFunction? GetFunction(string instanceName, string name) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
}

internal sealed class ComponentFunction
{
    public string Name => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public IReadOnlyList<(string Name, ValType Type)> Parameters => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ValType? Result => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
    public ComponentValue? Call(params ComponentValue[] args) => throw new NotImplementedException(ContractStandIn.NotInThisBuild);
}
