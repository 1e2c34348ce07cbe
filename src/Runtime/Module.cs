using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.Runtime.Compilation;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime;

/// <summary>An import of a module: module name, item name and type.</summary>
/// <param name="Module">The module name (first part of the import name).</param>
/// <param name="Name">The item name.</param>
/// <param name="Type">The expected type: a <see cref="FuncType"/>, <see cref="TableType"/>, <see cref="MemoryType"/> or <see cref="GlobalType"/>.</param>
public sealed record ImportInfo(string Module, string Name, ExternType Type)
{
    /// <summary>The kind of item (same as <c>Type.Kind</c>).</summary>
    public ExternKind Kind => Type.Kind;
}

/// <summary>An export of a module: name and type.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Type">The type: a <see cref="FuncType"/>, <see cref="TableType"/>, <see cref="MemoryType"/> or <see cref="GlobalType"/>.</param>
public sealed record ExportInfo(string Name, ExternType Type)
{
    /// <summary>The kind of item (same as <c>Type.Kind</c>).</summary>
    public ExternKind Kind => Type.Kind;
}

/// <summary>A decoded, validated and compiled module: compile once, instantiate many times.</summary>
public sealed class Module
{
    private Module(Engine engine, Core.ModuleDefinition definition, CompiledModule compiled)
    {
        Engine = engine;
        Definition = definition;
        Compiled = compiled;
        var imports = new List<ImportInfo>();
        foreach (var import in definition.Imports)
        {
            ExternType type = import.Kind switch
            {
                Core.ExternalKind.Function => FuncType.From(TypeRegistry.Canonical(compiled.TypeIds, definition.Types[(int)import.FunctionTypeIndex])),
                Core.ExternalKind.Table => TableType.From(import.Table!, compiled.TypeIds),
                Core.ExternalKind.Memory => MemoryType.From(import.Memory!),
                Core.ExternalKind.Tag => new TagType(FuncType.From(TypeRegistry.Canonical(compiled.TypeIds, definition.Types[(int)import.FunctionTypeIndex]))),
                _ => GlobalType.From(import.Global!, compiled.TypeIds),
            };
            imports.Add(new ImportInfo(import.Module, import.Name, type));
        }
        Imports = imports;
        var tables = definition.AllTables();
        var memories = definition.AllMemories();
        var globals = definition.AllGlobals();
        var tags = definition.AllTags();
        var exports = new List<ExportInfo>();
        foreach (var export in definition.Exports)
        {
            ExternType type = export.Kind switch
            {
                Core.ExternalKind.Function => FuncType.From(TypeRegistry.Canonical(compiled.TypeIds, compiled.FunctionTypes[(int)export.Index])),
                Core.ExternalKind.Table => TableType.From(tables[(int)export.Index], compiled.TypeIds),
                Core.ExternalKind.Memory => MemoryType.From(memories[(int)export.Index]),
                Core.ExternalKind.Tag => new TagType(FuncType.From(TypeRegistry.Canonical(compiled.TypeIds, definition.Types[(int)tags[(int)export.Index]]))),
                _ => GlobalType.From(globals[(int)export.Index], compiled.TypeIds),
            };
            ExportIndex[export.Name] = exports.Count;
            exports.Add(new ExportInfo(export.Name, type));
        }
        Exports = exports;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Imports in order.</summary>
    public IReadOnlyList<ImportInfo> Imports { get; }

    /// <summary>Exports in order.</summary>
    public IReadOnlyList<ExportInfo> Exports { get; }

    /// <summary>The module name from the name section, if any.</summary>
    public string? Name => Definition.ModuleName;

    internal Core.ModuleDefinition Definition { get; }

    /// <summary>Export positions by name: instances resolve an export on request instead of each building a dictionary.</summary>
    internal Dictionary<string, int> ExportIndex { get; } = new(StringComparer.Ordinal);

    internal CompiledModule Compiled { get; }

    /// <summary>Decodes, validates and compiles a module binary. The engine remembers the compiled code by the
    /// binary's SHA-256 while any module or instance of it is alive: loading the same bytes again through the same
    /// engine reuses it (no decoding, validation or compilation, and functions already called keep their machine
    /// code).</summary>
    /// <exception cref="WasmDecodeException">The binary is malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    /// <exception cref="NotSupportedException">The module uses an unsupported feature (e.g. SIMD).</exception>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> wasm)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var key = ModuleCache.KeyOf(wasm);
        if (engine.Modules.TryGet(key, out var cached)) return new Module(engine, cached.Definition, cached);
        var definition = ModuleReader.Read(wasm);
        var module = FromValidated(engine, ModuleValidator.Validate(definition));
        engine.Modules.Add(key, module.Compiled);
        return module;
    }

    /// <summary>Compiles a validated module (the validator's result carries the facts the compiler needs).</summary>
    internal static Module FromValidated(Engine engine, ValidatedModule module)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(module);
        return new Module(engine, module.Definition, CompiledModule.Compile(module, engine.Options));
    }
}
