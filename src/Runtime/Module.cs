using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.Runtime.Compilation;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.Runtime;

/// <summary>An import of a module: module name, item name, kind and type.</summary>
public sealed record ImportInfo(string Module, string Name, ExternalKind Kind, object Type);

/// <summary>An export of a module: name, kind and type.</summary>
public sealed record ExportInfo(string Name, ExternalKind Kind, object Type);

/// <summary>A decoded, validated and compiled module: compile once, instantiate many times.</summary>
public sealed class Module
{
    private Module(Engine engine, ModuleDefinition definition, CompiledModule compiled)
    {
        Engine = engine;
        Definition = definition;
        Compiled = compiled;
        var imports = new List<ImportInfo>();
        foreach (var import in definition.Imports)
        {
            object type = import.Kind switch
            {
                ExternalKind.Function => definition.Types[(int)import.FunctionTypeIndex],
                ExternalKind.Table => import.Table!,
                ExternalKind.Memory => import.Memory!,
                _ => import.Global!,
            };
            imports.Add(new ImportInfo(import.Module, import.Name, import.Kind, type));
        }
        Imports = imports;
        var tables = definition.AllTables();
        var memories = definition.AllMemories();
        var globals = definition.AllGlobals();
        var exports = new List<ExportInfo>();
        foreach (var export in definition.Exports)
        {
            object type = export.Kind switch
            {
                ExternalKind.Function => compiled.FunctionTypes[(int)export.Index],
                ExternalKind.Table => tables[(int)export.Index],
                ExternalKind.Memory => memories[(int)export.Index],
                _ => globals[(int)export.Index],
            };
            exports.Add(new ExportInfo(export.Name, export.Kind, type));
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

    internal ModuleDefinition Definition { get; }

    internal CompiledModule Compiled { get; }

    /// <summary>Decodes, validates and compiles a module binary.</summary>
    /// <exception cref="WasmDecodeException">The binary is malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    /// <exception cref="NotSupportedException">The module uses an unsupported feature (e.g. SIMD).</exception>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> wasm)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var definition = ModuleReader.Read(wasm);
        ModuleValidator.Validate(definition);
        return FromDefinition(engine, definition);
    }

    /// <summary>Compiles an already validated module definition.</summary>
    public static Module FromDefinition(Engine engine, ModuleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(definition);
        return new Module(engine, definition, CompiledModule.Compile(definition, engine.Options));
    }
}
