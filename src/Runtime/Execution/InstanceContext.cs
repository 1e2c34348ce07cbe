using System;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// The state compiled code reaches through its last (context) argument: one per instance, and one per
/// host function (then only <see cref="Host"/> is used). Fields are read directly by generated IL.
/// </summary>
internal sealed class InstanceContext
{
    public Store? Store;
    /// <summary>Memory 0 (the common case gets its own field: one load less in prologues).</summary>
    public Memory? Memory0;
    /// <summary>All memories in index order (multi-memory), memory 0 included.</summary>
    public Memory[] Memories = Array.Empty<Memory>();
    public Table[] Tables = Array.Empty<Table>();
    public Global[] Globals = Array.Empty<Global>();
    public Function[] Functions = Array.Empty<Function>();
    /// <summary>Tags in index order (imports first): what throw and catch clauses compare by identity.</summary>
    public Tag[] Tags = Array.Empty<Tag>();
    /// <summary>Element segment items; a dropped segment is an empty array.</summary>
    public object?[][] ElementSegments = Array.Empty<object?[]>();
    /// <summary>Data segment bytes; a dropped segment is empty.</summary>
    public ReadOnlyMemory<byte>[] DataSegments = Array.Empty<ReadOnlyMemory<byte>>();

    /// <summary>For host function contexts: the callback and its signature.</summary>
    public HostFunction? Host;
    /// <summary>For typed host functions (<see cref="Function.FromDelegate(Delegate)"/>): the delegate.</summary>
    public Delegate? HostDelegate;
    /// <summary>For host functions over flat slots (<see cref="Function.FromFlatOrNull"/>): the callback.</summary>
    public FlatHostFunction? FlatHost;
    public FunctionType? HostType;
    /// <summary>For host functions bound to an importing instance: that instance's context (the caller).</summary>
    public InstanceContext? Caller;
    /// <summary>For host functions created with a store: the store of calls made from C#.</summary>
    public Store? HostStore;
    /// <summary>For host functions: "module::name" when defined through a linker (error messages).</summary>
    public string? HostName;
    /// <summary>For host functions without a <see cref="HostName"/>: the import they are bound to, named in error messages
    /// (the name is made only if one is reported).</summary>
    public Import? HostImport;
    /// <summary>For host functions the runtime made for one component instance (canon lower, resource.new...): they use no
    /// <see cref="Caller"/>, so importing instances call them as they are instead of through a bound copy.</summary>
    public bool CallerFree;
    /// <summary>For typed host functions taking a <see cref="Caller{T}"/>: T (checked at instantiation).</summary>
    public Type? HostDataType;

    /// <summary>For instance contexts: the instance (what callers see of it).</summary>
    public Instance? Instance;

    /// <summary>For backtraces: the compiled module.</summary>
    public Compilation.CompiledModule? Module;
}
