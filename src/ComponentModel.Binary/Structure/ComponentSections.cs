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
/// <param name="Offset">The absolute offset of the section's id byte.</param>
public abstract record ComponentSection(int Offset);

/// <summary>Custom section (0).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Name">The section name.</param>
/// <param name="Data">The section payload after the name.</param>
public sealed record CustomSection(int Offset, string Name, byte[] Data) : ComponentSection(Offset);

/// <summary>Core module section (1): the module's bytes, parsed by the core decoder.</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Module">The bytes of the core module.</param>
public sealed record CoreModuleSection(int Offset, byte[] Module) : ComponentSection(Offset);

/// <summary>Core instance section (2).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Instances">The core instance definitions, in order.</param>
public sealed record CoreInstanceSection(int Offset, IReadOnlyList<CoreInstanceDefinition> Instances) : ComponentSection(Offset);

/// <summary>Core type section (3).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Types">The core types, in order.</param>
public sealed record CoreTypeSection(int Offset, IReadOnlyList<CoreType> Types) : ComponentSection(Offset);

/// <summary>Nested component section (4).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Component">The nested component.</param>
public sealed record NestedComponentSection(int Offset, ComponentBinary Component) : ComponentSection(Offset);

/// <summary>Instance section (5).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Instances">The instance definitions, in order.</param>
public sealed record InstanceSection(int Offset, IReadOnlyList<InstanceDefinition> Instances) : ComponentSection(Offset);

/// <summary>Alias section (6).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Aliases">The aliases, in order.</param>
public sealed record AliasSection(int Offset, IReadOnlyList<Alias> Aliases) : ComponentSection(Offset);

/// <summary>Type section (7).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Types">The type definitions, in order.</param>
public sealed record TypeSection(int Offset, IReadOnlyList<TypeDefinition> Types) : ComponentSection(Offset);

/// <summary>Canon section (8).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Functions">The canon definitions, in order.</param>
public sealed record CanonSection(int Offset, IReadOnlyList<CanonFunction> Functions) : ComponentSection(Offset);

/// <summary>Start section (9).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Func">The function index to call.</param>
/// <param name="Args">The value indices passed as arguments.</param>
/// <param name="Results">How many result values the call defines.</param>
public sealed record StartSection(int Offset, uint Func, IReadOnlyList<uint> Args, uint Results) : ComponentSection(Offset);

/// <summary>Import section (10).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Imports">The imports, in order.</param>
public sealed record ImportSection(int Offset, IReadOnlyList<ComponentImport> Imports) : ComponentSection(Offset);

/// <summary>Export section (11).</summary>
/// <param name="Offset">The absolute offset of the section's id byte.</param>
/// <param name="Exports">The exports, in order.</param>
public sealed record ExportSection(int Offset, IReadOnlyList<ComponentExport> Exports) : ComponentSection(Offset);

/// <summary>A core instance: instantiate a module, or a bag of exports.</summary>
public abstract record CoreInstanceDefinition;
/// <summary><c>(instantiate m (with "name" (instance i))*)</c>.</summary>
/// <param name="Module">The core module index.</param>
/// <param name="Args">The instances given for the module's imports.</param>
public sealed record CoreInstantiate(uint Module, IReadOnlyList<CoreInstantiateArg> Args) : CoreInstanceDefinition;
/// <summary>An instantiation argument.</summary>
/// <param name="Name">The import module name the instance satisfies.</param>
/// <param name="Instance">The core instance index.</param>
public sealed record CoreInstantiateArg(string Name, uint Instance);
/// <summary>An inline bag of core exports.</summary>
/// <param name="Exports">The exports, in order.</param>
public sealed record CoreInlineExports(IReadOnlyList<CoreInlineExport> Exports) : CoreInstanceDefinition;
/// <summary>One inline core export.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Sort">The core sort of the exported definition.</param>
/// <param name="Index">The index of the exported definition in its sort.</param>
public sealed record CoreInlineExport(string Name, Sort Sort, uint Index);

/// <summary>A component instance: instantiate a component, or a bag of exports.</summary>
public abstract record InstanceDefinition;
/// <summary><c>(instantiate c (with "name" (sort i))*)</c>.</summary>
/// <param name="Component">The component index.</param>
/// <param name="Args">The definitions given for the component's imports.</param>
public sealed record Instantiate(uint Component, IReadOnlyList<InstantiateArg> Args) : InstanceDefinition;
/// <summary>An instantiation argument.</summary>
/// <param name="Name">The import name the definition satisfies.</param>
/// <param name="Sort">The sort of the definition.</param>
/// <param name="Index">The index of the definition in its sort.</param>
public sealed record InstantiateArg(string Name, Sort Sort, uint Index);
/// <summary>An inline bag of exports.</summary>
/// <param name="Exports">The exports, in order.</param>
public sealed record InlineExports(IReadOnlyList<InlineExport> Exports) : InstanceDefinition;
/// <summary>One inline export.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Sort">The sort of the exported definition.</param>
/// <param name="Index">The index of the exported definition in its sort.</param>
public sealed record InlineExport(ExternName Name, Sort Sort, uint Index);

/// <summary>A component import.</summary>
/// <param name="Name">The import name.</param>
/// <param name="Desc">What is imported.</param>
public sealed record ComponentImport(ExternName Name, ExternDesc Desc);

/// <summary>A component export, optionally ascribed a type.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Sort">The sort of the exported definition.</param>
/// <param name="Index">The index of the exported definition in its sort.</param>
/// <param name="Ascribed">The type ascribed to the export, if any.</param>
public sealed record ComponentExport(ExternName Name, Sort Sort, uint Index, ExternDesc? Ascribed = null);

/// <summary>Canonical built-ins (Binary.md §Canonical Definitions); the opcode is the enum value.</summary>
public enum CanonOp : byte
{
    /// <summary><c>canon lift</c>: a core function made into a component function.</summary>
    Lift = 0x00,
    /// <summary><c>canon lower</c>: a component function made into a core function.</summary>
    Lower = 0x01,
    /// <summary><c>resource.new</c>: creates a handle for a representation.</summary>
    ResourceNew = 0x02,
    /// <summary><c>resource.drop</c>: drops a handle.</summary>
    ResourceDrop = 0x03,
    /// <summary><c>resource.rep</c>: the representation behind a handle.</summary>
    ResourceRep = 0x04,
    /// <summary><c>task.cancel</c>: ends the current task as cancelled.</summary>
    TaskCancel = 0x05,
    /// <summary><c>subtask.cancel</c>: requests cancellation of a subtask.</summary>
    SubtaskCancel = 0x06,
    /// <summary><c>resource.drop async</c>: drops a handle, running the destructor asynchronously.</summary>
    ResourceDropAsync = 0x07,
    /// <summary><c>backpressure.set</c>: turns backpressure on or off.</summary>
    BackpressureSet = 0x08,
    /// <summary><c>task.return</c>: delivers the result of an async export.</summary>
    TaskReturn = 0x09,
    /// <summary><c>context.get</c>: reads a task-local context slot.</summary>
    ContextGet = 0x0a,
    /// <summary><c>context.set</c>: writes a task-local context slot.</summary>
    ContextSet = 0x0b,
    /// <summary><c>yield</c>: lets other tasks run.</summary>
    Yield = 0x0c,
    /// <summary><c>subtask.drop</c>: drops a finished subtask.</summary>
    SubtaskDrop = 0x0d,
    /// <summary><c>stream.new</c>: creates a stream and returns both ends.</summary>
    StreamNew = 0x0e,
    /// <summary><c>stream.read</c>: reads from a stream's readable end.</summary>
    StreamRead = 0x0f,
    /// <summary><c>stream.write</c>: writes to a stream's writable end.</summary>
    StreamWrite = 0x10,
    /// <summary><c>stream.cancel-read</c>: cancels a pending read.</summary>
    StreamCancelRead = 0x11,
    /// <summary><c>stream.cancel-write</c>: cancels a pending write.</summary>
    StreamCancelWrite = 0x12,
    /// <summary><c>stream.drop-readable</c>: drops a stream's readable end.</summary>
    StreamDropReadable = 0x13,
    /// <summary><c>stream.drop-writable</c>: drops a stream's writable end.</summary>
    StreamDropWritable = 0x14,
    /// <summary><c>future.new</c>: creates a future and returns both ends.</summary>
    FutureNew = 0x15,
    /// <summary><c>future.read</c>: reads a future's value.</summary>
    FutureRead = 0x16,
    /// <summary><c>future.write</c>: writes a future's value.</summary>
    FutureWrite = 0x17,
    /// <summary><c>future.cancel-read</c>: cancels a pending read.</summary>
    FutureCancelRead = 0x18,
    /// <summary><c>future.cancel-write</c>: cancels a pending write.</summary>
    FutureCancelWrite = 0x19,
    /// <summary><c>future.drop-readable</c>: drops a future's readable end.</summary>
    FutureDropReadable = 0x1a,
    /// <summary><c>future.drop-writable</c>: drops a future's writable end.</summary>
    FutureDropWritable = 0x1b,
    /// <summary><c>error-context.new</c>: creates an error context from a debug message.</summary>
    ErrorContextNew = 0x1c,
    /// <summary><c>error-context.debug-message</c>: reads an error context's debug message.</summary>
    ErrorContextDebugMessage = 0x1d,
    /// <summary><c>error-context.drop</c>: drops an error context.</summary>
    ErrorContextDrop = 0x1e,
    /// <summary><c>waitable-set.new</c>: creates a waitable set.</summary>
    WaitableSetNew = 0x1f,
    /// <summary><c>waitable-set.wait</c>: blocks until an event arrives in a waitable set.</summary>
    WaitableSetWait = 0x20,
    /// <summary><c>waitable-set.poll</c>: returns a pending event of a waitable set, if any, without blocking.</summary>
    WaitableSetPoll = 0x21,
    /// <summary><c>waitable-set.drop</c>: drops a waitable set.</summary>
    WaitableSetDrop = 0x22,
    /// <summary><c>waitable.join</c>: moves a waitable into a waitable set (or out of any).</summary>
    WaitableJoin = 0x23,
    /// <summary><c>backpressure.inc</c>: raises the backpressure counter.</summary>
    BackpressureInc = 0x24,
    /// <summary><c>backpressure.dec</c>: lowers the backpressure counter.</summary>
    BackpressureDec = 0x25,
    /// <summary><c>thread.index</c>: the index of the current thread.</summary>
    ThreadIndex = 0x26,
    /// <summary><c>thread.new-indirect</c>: creates a suspended thread running a function from a table.</summary>
    ThreadNewIndirect = 0x27,
    /// <summary><c>thread.resume-later</c>: marks a suspended thread ready to run.</summary>
    ThreadResumeLater = 0x28,
    /// <summary><c>thread.suspend</c>: suspends the current thread.</summary>
    ThreadSuspend = 0x29,
    /// <summary><c>thread.suspend-then-resume</c>: suspends the current thread and switches to another.</summary>
    ThreadSuspendThenResume = 0x2a,
    /// <summary><c>thread.yield-then-resume</c>: yields the current thread and switches to another.</summary>
    ThreadYieldThenResume = 0x2b,
    /// <summary><c>thread.suspend-then-promote</c>: suspends the current thread, running another if it is ready.</summary>
    ThreadSuspendThenPromote = 0x2c,
    /// <summary><c>thread.yield-then-promote</c>: yields the current thread, running another if it is ready.</summary>
    ThreadYieldThenPromote = 0x2d,
    /// <summary><c>thread.spawn-ref</c>: starts a shared-everything thread from a function reference.</summary>
    ThreadSpawnRef = 0x40,
    /// <summary><c>thread.spawn-indirect</c>: starts a shared-everything thread from a function in a table.</summary>
    ThreadSpawnIndirect = 0x41,
    /// <summary><c>thread.available-parallelism</c>: how many threads can run in parallel.</summary>
    ThreadAvailableParallelism = 0x42,
}

/// <summary>
/// A canon definition. <see cref="Index"/> is the core function (lift), component function (lower), type (resource,
/// stream, future), core type (thread spawn/new), memory (waitable-set wait/poll) or context slot;
/// <see cref="TypeIndex"/> is the function type of a lift, the table of the indirect thread ops, or the core value
/// type byte of a context slot. <see cref="Async"/> holds the one-byte flag immediate (async?, cancel?, shared?).
/// </summary>
/// <param name="Op">The canonical built-in.</param>
/// <param name="Index">The op's main index (see the summary).</param>
/// <param name="TypeIndex">The op's second index or type (see the summary).</param>
/// <param name="Options">The canon options, in order.</param>
/// <param name="Async">The one-byte flag immediate (see the summary).</param>
/// <param name="Result">The result type of <c>task.return</c>; null for other ops and for no result.</param>
public sealed record CanonFunction(CanonOp Op, uint Index, uint TypeIndex, IReadOnlyList<CanonOption> Options,
    bool Async = false, ValType? Result = null)
{
    /// <summary>Whether this defines a component function (only lift does); every other op defines a core function.</summary>
    public bool DefinesComponentFunc => Op == CanonOp.Lift;
}

/// <summary>Canon option codes.</summary>
public enum CanonOptionKind : byte
{
    /// <summary><c>string-encoding=utf8</c>.</summary>
    Utf8 = 0x00,
    /// <summary><c>string-encoding=utf16</c>.</summary>
    Utf16 = 0x01,
    /// <summary><c>string-encoding=latin1+utf16</c>.</summary>
    Latin1Utf16 = 0x02,
    /// <summary><c>(memory m)</c>: the linear memory used for lifting and lowering.</summary>
    Memory = 0x03,
    /// <summary><c>(realloc f)</c>: the allocator used to lower into memory.</summary>
    Realloc = 0x04,
    /// <summary><c>(post-return f)</c>: called after a lifted call's results are read.</summary>
    PostReturn = 0x05,
    /// <summary><c>async</c>: the async ABI.</summary>
    Async = 0x06,
    /// <summary><c>(callback f)</c>: the event loop callback of an async lift.</summary>
    Callback = 0x07,
}

/// <summary>A canon option; <see cref="Index"/> is the memory or core function index where the option has one.</summary>
/// <param name="Kind">The option.</param>
/// <param name="Index">The memory or core function index, for options that take one.</param>
public sealed record CanonOption(CanonOptionKind Kind, uint Index = 0);
