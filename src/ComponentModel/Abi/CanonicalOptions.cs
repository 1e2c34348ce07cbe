using System;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>
/// The canonical options and per-call state a lift or lower runs with: memory, realloc, string
/// encoding and the handle table of the component instance whose core code is on this side.
/// </summary>
public sealed class CanonicalOptions
{
    /// <summary>Creates options.</summary>
    public CanonicalOptions(IAbiMemory? memory = null, AbiRealloc? realloc = null,
        StringEncoding encoding = StringEncoding.Utf8, IAbiHandles? handles = null)
    {
        Memory = memory; Realloc = realloc; Encoding = encoding; Handles = handles;
    }

    /// <summary>The <c>memory</c> option.</summary>
    public IAbiMemory? Memory { get; set; }
    /// <summary>The <c>realloc</c> option.</summary>
    public AbiRealloc? Realloc { get; set; }
    /// <summary>The <c>string-encoding</c> option.</summary>
    public StringEncoding Encoding { get; set; }
    /// <summary>Resource handle operations for own/borrow values (the instance's handle table).</summary>
    public IAbiHandles? Handles { get; set; }

    internal Span<byte> Bytes => (Memory ?? throw CanonicalAbiTrap.Of(TrapKind.MissingMemory)).Span;

    internal IAbiHandles RequireHandles() =>
        Handles ?? throw new InvalidOperationException("lifting or lowering a handle requires CanonicalOptions.Handles");

    /// <summary>Calls realloc and checks its result's alignment and bounds (as the spec requires).</summary>
    internal uint CallRealloc(uint oldPtr, uint oldSize, uint alignment, uint newSize)
    {
        if (Memory is null) throw CanonicalAbiTrap.Of(TrapKind.MissingMemory);
        var realloc = Realloc ?? throw CanonicalAbiTrap.Of(TrapKind.MissingRealloc);
        uint ptr = realloc(oldPtr, oldSize, alignment, newSize);
        if ((ptr & (alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.ReallocNotAligned);
        if ((ulong)ptr + newSize > (ulong)Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.ReallocOutOfBounds);
        return ptr;
    }
}
