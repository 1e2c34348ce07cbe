using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A parsed component: its sections in binary order and the index spaces they build.</summary>
public sealed class ComponentBinary
{
    /// <summary>Creates a component from sections.</summary>
    public ComponentBinary(IReadOnlyList<ComponentSection> sections, ComponentIndexSpaces? spaces = null)
    {
        Sections = sections;
        IndexSpaces = spaces ?? new ComponentIndexSpaces();
    }

    /// <summary>Sections in order (they repeat and interleave).</summary>
    public IReadOnlyList<ComponentSection> Sections { get; }

    /// <summary>The 13 index spaces, each entry saying which definition created it.</summary>
    public ComponentIndexSpaces IndexSpaces { get; }
}

/// <summary>A section; <see cref="Offset"/> is the absolute offset of its id byte.</summary>
public abstract record ComponentSection(int Offset);

/// <summary>Custom section (0).</summary>
public sealed record CustomSection(int Offset, string Name, byte[] Data) : ComponentSection(Offset);

/// <summary>Core module section (1): the module's bytes, parsed by the core decoder.</summary>
public sealed record CoreModuleSection(int Offset, byte[] Module) : ComponentSection(Offset);

/// <summary>Core instance section (2).</summary>
public sealed record CoreInstanceSection(int Offset, IReadOnlyList<CoreInstanceDefinition> Instances) : ComponentSection(Offset);

/// <summary>Core type section (3).</summary>
public sealed record CoreTypeSection(int Offset, IReadOnlyList<CoreType> Types) : ComponentSection(Offset);

/// <summary>Nested component section (4).</summary>
public sealed record NestedComponentSection(int Offset, ComponentBinary Component) : ComponentSection(Offset);

/// <summary>Instance section (5).</summary>
public sealed record InstanceSection(int Offset, IReadOnlyList<InstanceDefinition> Instances) : ComponentSection(Offset);

/// <summary>Alias section (6).</summary>
public sealed record AliasSection(int Offset, IReadOnlyList<Alias> Aliases) : ComponentSection(Offset);

/// <summary>Type section (7).</summary>
public sealed record TypeSection(int Offset, IReadOnlyList<TypeDefinition> Types) : ComponentSection(Offset);

/// <summary>Canon section (8).</summary>
public sealed record CanonSection(int Offset, IReadOnlyList<CanonFunction> Functions) : ComponentSection(Offset);

/// <summary>Start section (9).</summary>
public sealed record StartSection(int Offset, uint Func, IReadOnlyList<uint> Args, uint Results) : ComponentSection(Offset);

/// <summary>Import section (10).</summary>
public sealed record ImportSection(int Offset, IReadOnlyList<ComponentImport> Imports) : ComponentSection(Offset);

/// <summary>Export section (11).</summary>
public sealed record ExportSection(int Offset, IReadOnlyList<ComponentExport> Exports) : ComponentSection(Offset);

/// <summary>A core instance: instantiate a module, or a bag of exports.</summary>
public abstract record CoreInstanceDefinition;
/// <summary><c>(instantiate m (with "name" (instance i))*)</c>.</summary>
public sealed record CoreInstantiate(uint Module, IReadOnlyList<CoreInstantiateArg> Args) : CoreInstanceDefinition;
/// <summary>An instantiation argument.</summary>
public sealed record CoreInstantiateArg(string Name, uint Instance);
/// <summary>An inline bag of core exports.</summary>
public sealed record CoreInlineExports(IReadOnlyList<CoreInlineExport> Exports) : CoreInstanceDefinition;
/// <summary>One inline core export.</summary>
public sealed record CoreInlineExport(string Name, Sort Sort, uint Index);

/// <summary>A component instance: instantiate a component, or a bag of exports.</summary>
public abstract record InstanceDefinition;
/// <summary><c>(instantiate c (with "name" (sort i))*)</c>.</summary>
public sealed record Instantiate(uint Component, IReadOnlyList<InstantiateArg> Args) : InstanceDefinition;
/// <summary>An instantiation argument.</summary>
public sealed record InstantiateArg(string Name, Sort Sort, uint Index);
/// <summary>An inline bag of exports.</summary>
public sealed record InlineExports(IReadOnlyList<InlineExport> Exports) : InstanceDefinition;
/// <summary>One inline export.</summary>
public sealed record InlineExport(ExternName Name, Sort Sort, uint Index);

/// <summary>A component import.</summary>
public sealed record ComponentImport(ExternName Name, ExternDesc Desc);

/// <summary>A component export, optionally ascribed a type.</summary>
public sealed record ComponentExport(ExternName Name, Sort Sort, uint Index, ExternDesc? Ascribed = null);

/// <summary>Canonical built-ins (Binary.md §Canonical Definitions); the opcode is the enum value.</summary>
public enum CanonOp : byte
{
    Lift = 0x00, Lower = 0x01, ResourceNew = 0x02, ResourceDrop = 0x03, ResourceRep = 0x04, TaskCancel = 0x05,
    SubtaskCancel = 0x06, ResourceDropAsync = 0x07, BackpressureSet = 0x08, TaskReturn = 0x09, ContextGet = 0x0a,
    ContextSet = 0x0b, Yield = 0x0c, SubtaskDrop = 0x0d, StreamNew = 0x0e, StreamRead = 0x0f, StreamWrite = 0x10,
    StreamCancelRead = 0x11, StreamCancelWrite = 0x12, StreamDropReadable = 0x13, StreamDropWritable = 0x14,
    FutureNew = 0x15, FutureRead = 0x16, FutureWrite = 0x17, FutureCancelRead = 0x18, FutureCancelWrite = 0x19,
    FutureDropReadable = 0x1a, FutureDropWritable = 0x1b, ErrorContextNew = 0x1c, ErrorContextDebugMessage = 0x1d,
    ErrorContextDrop = 0x1e, WaitableSetNew = 0x1f, WaitableSetWait = 0x20, WaitableSetPoll = 0x21,
    WaitableSetDrop = 0x22, WaitableJoin = 0x23, BackpressureInc = 0x24, BackpressureDec = 0x25,
    ThreadIndex = 0x26, ThreadNewIndirect = 0x27, ThreadResumeLater = 0x28, ThreadSuspend = 0x29,
    ThreadSuspendThenResume = 0x2a, ThreadYieldThenResume = 0x2b, ThreadSuspendThenPromote = 0x2c,
    ThreadYieldThenPromote = 0x2d,
    ThreadSpawnRef = 0x40, ThreadSpawnIndirect = 0x41, ThreadAvailableParallelism = 0x42,
}

/// <summary>
/// A canon definition. <see cref="Index"/> is the core function (lift), component function (lower), type (resource,
/// stream, future), core type (thread spawn/new), memory (waitable-set wait/poll) or context slot;
/// <see cref="TypeIndex"/> is the function type of a lift, the table of the indirect thread ops, or the core value
/// type byte of a context slot. <see cref="Async"/> holds the one-byte flag immediate (async?, cancel?, shared?).
/// </summary>
public sealed record CanonFunction(CanonOp Op, uint Index, uint TypeIndex, IReadOnlyList<CanonOption> Options,
    bool Async = false, ValType? Result = null)
{
    /// <summary>Whether this defines a component function (only lift does); every other op defines a core function.</summary>
    public bool DefinesComponentFunc => Op == CanonOp.Lift;
}

/// <summary>Canon option codes.</summary>
public enum CanonOptionKind : byte
{
    Utf8 = 0x00, Utf16 = 0x01, Latin1Utf16 = 0x02, Memory = 0x03, Realloc = 0x04, PostReturn = 0x05, Async = 0x06,
    Callback = 0x07,
}

/// <summary>A canon option; <see cref="Index"/> is the memory or core function index where the option has one.</summary>
public sealed record CanonOption(CanonOptionKind Kind, uint Index = 0);
