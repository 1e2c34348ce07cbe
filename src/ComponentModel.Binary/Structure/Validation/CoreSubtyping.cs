using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Whether a core item can be supplied for a core import (WebAssembly import matching): equal function and tag types,
/// table and memory limits that fit, equal shared/64-bit flags, equal global types and mutability.
/// </summary>
internal static class CoreSubtyping
{
    public static string? Problem(CoreItem actual, CoreItem expected)
    {
        if (actual.Kind != expected.Kind)
            return $"expected {ComponentValidator.CoreKindName(expected.Kind)}, found {ComponentValidator.CoreKindName(actual.Kind)}";
        switch (expected.Kind)
        {
            case CoreExternKind.Func:
            case CoreExternKind.Tag:
                if (actual.Func is null || expected.Func is null || actual.Func.SameAs(expected.Func)) return null;
                return $"expected: {expected.Func}, found: {actual.Func}";
            case CoreExternKind.Table:
                if (actual.ElementType != expected.ElementType)
                    return $"expected table element type {expected.ElementType.ShortName()}, found {actual.ElementType.ShortName()}";
                if (actual.Is64 != expected.Is64) return "mismatch in index type used for tables";
                return LimitsFit(actual, expected) ? null : "mismatch in table limits";
            case CoreExternKind.Memory:
                if (actual.Shared != expected.Shared) return "mismatch in the shared flag for memories";
                if (actual.Is64 != expected.Is64) return "mismatch in index type used for memories";
                return LimitsFit(actual, expected) ? null : "mismatch in memory limits";
            default:
                if (actual.Value != expected.Value)
                    return $"expected global type {expected.Value.ShortName()}, found {actual.Value.ShortName()}";
                return actual.Mutable == expected.Mutable ? null : "global types differ in mutability";
        }
    }

    private static bool LimitsFit(CoreItem actual, CoreItem expected)
    {
        if (actual.Min < expected.Min) return false;
        if (expected.Max is { } max) return actual.Max is { } am && am <= max;
        return true;
    }

}
