using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text;

namespace WitBindgen.Runtime.Components;

/// <summary>The kind of a component import or export.</summary>
public enum ComponentItemKind
{
    /// <summary>A component function.</summary>
    Function,
    /// <summary>A component instance (an interface).</summary>
    Instance,
    /// <summary>A type (a resource or a value type).</summary>
    Type,
    /// <summary>A nested component.</summary>
    Component,
    /// <summary>A core module.</summary>
    Module,
    /// <summary>A value (not supported yet).</summary>
    Value,
}

/// <summary>An import of a component: its name and kind.</summary>
/// <param name="Name">The import name, e.g. <c>wasi:cli/stdout@0.2.0</c>.</param>
/// <param name="Kind">What the import is (function, instance, ...).</param>
public sealed record ComponentImport(string Name, ComponentItemKind Kind);

/// <summary>An export of a component: its name and kind.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Kind">What the export is (function, instance, ...).</param>
public sealed record ComponentExport(string Name, ComponentItemKind Kind);

/// <summary>
/// A WebAssembly component: decoded, validated and compiled once (every embedded core module, nested components
/// included), then instantiated any number of times with a <see cref="ComponentLinker"/>.
/// </summary>
public sealed class Component
{
    private readonly Dictionary<CoreModuleSection, Module> _modules;

    private Component(Engine engine, ComponentBinary binary, Dictionary<CoreModuleSection, Module> modules)
    {
        Engine = engine;
        Binary = binary;
        _modules = modules;
        var imports = new List<ComponentImport>();
        var exports = new List<ComponentExport>();
        foreach (var section in binary.Sections)
        {
            if (section is ImportSection i)
                foreach (var import in i.Imports) imports.Add(new ComponentImport(import.Name.Name, KindOf(import.Desc.Kind)));
            else if (section is ExportSection e)
                foreach (var export in e.Exports) exports.Add(new ComponentExport(export.Name.Name, KindOf(export.Sort)));
        }
        Imports = imports;
        Exports = exports;
    }

    /// <summary>The engine the core modules were compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>The imports of the outermost component, in order.</summary>
    public IReadOnlyList<ComponentImport> Imports { get; }

    /// <summary>The exports of the outermost component, in order.</summary>
    public IReadOnlyList<ComponentExport> Exports { get; }

    internal ComponentBinary Binary { get; }

    internal Module ModuleOf(CoreModuleSection section) => _modules[section];

    /// <summary>Decodes, validates and compiles a component binary.</summary>
    /// <exception cref="ComponentFormatException">The binary is malformed or invalid.</exception>
    /// <remarks>An embedded core module that is malformed or invalid fails with the core decoder's or validator's exception.</remarks>
    /// <exception cref="NotSupportedException">The component uses a feature not supported yet (Preview 3 async, streams, futures, error-context, values, start).</exception>
    public static Component FromBytes(Engine engine, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(bytes);
        if (!ComponentReader.IsComponent(bytes))
            throw new ComponentFormatException(ComponentReader.IsCoreModule(bytes)
                ? "this is a core WebAssembly module, not a component" : "not a WebAssembly component (bad preamble)", 0);
        var binary = ComponentReader.Read(bytes);
        FeatureCheck.RejectUnsupported(binary);
        var modules = new Dictionary<CoreModuleSection, Module>(ReferenceEqualityComparer.Instance);
        Compile(engine, binary, modules);
        return new Component(engine, binary, modules);
    }

    /// <summary>Loads a component from a binary (<c>.wasm</c>) or text (<c>.wat</c>) file.</summary>
    public static Component FromFile(Engine engine, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = WatAssembler.ToBinary(File.ReadAllBytes(path), path);
        return FromBytes(engine, bytes);
    }

    /// <summary>Assembles a component from its text format and loads it.</summary>
    public static Component FromText(Engine engine, string text) => FromBytes(engine, WatAssembler.Assemble(text));

    private static void Compile(Engine engine, ComponentBinary binary, Dictionary<CoreModuleSection, Module> modules)
    {
        foreach (var section in binary.Sections)
        {
            if (section is CoreModuleSection m) modules[m] = Module.FromBytes(engine, m.Module);
            else if (section is NestedComponentSection n) Compile(engine, n.Component, modules);
        }
    }

    private static ComponentItemKind KindOf(ComponentModel.Binary.ExternKind kind) => kind switch
    {
        ComponentModel.Binary.ExternKind.Func => ComponentItemKind.Function,
        ComponentModel.Binary.ExternKind.Instance => ComponentItemKind.Instance,
        ComponentModel.Binary.ExternKind.Type => ComponentItemKind.Type,
        ComponentModel.Binary.ExternKind.Component => ComponentItemKind.Component,
        ComponentModel.Binary.ExternKind.Module => ComponentItemKind.Module,
        _ => ComponentItemKind.Value,
    };

    private static ComponentItemKind KindOf(Sort sort) => sort switch
    {
        Sort.Func => ComponentItemKind.Function,
        Sort.Instance => ComponentItemKind.Instance,
        Sort.Type => ComponentItemKind.Type,
        Sort.Component => ComponentItemKind.Component,
        Sort.CoreModule => ComponentItemKind.Module,
        _ => ComponentItemKind.Value,
    };
}
