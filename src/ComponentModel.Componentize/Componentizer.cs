using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Turns a core module that carries its world (<c>component-type</c> custom sections) into a component, the way
/// <c>wasm-tools component new</c> does: imports named by interface are lowered from component imports, exports named
/// <c>ns:pkg/iface@v#func</c> or <c>func</c> are lifted (with <c>cabi_realloc</c> and <c>cabi_post_*</c>), and modules
/// named by an adapter (e.g. <c>wasi_snapshot_preview1</c>) are implemented by that adapter module, wired with the
/// shim/fixup pattern because the adapter imports the main module's memory and functions.
/// Unsupported shapes throw <see cref="ComponentizeException"/>; malformed modules <see cref="ComponentFormatException"/>.
/// </summary>
public static class Componentizer
{
    private const string MainModuleName = "__main_module__";
    private const string RootModule = "$root";
    private const string ExportPrefix = "[export]";

    /// <summary>Builds the component.</summary>
    /// <param name="coreModule">The main core module.</param>
    /// <param name="adapters">Adapter modules by the import module name they implement.</param>
    public static byte[] Create(byte[] coreModule, IEnumerable<KeyValuePair<string, byte[]>>? adapters = null)
    {
        var worlds = ComponentTypeSection.Extract(coreModule, out var stripped);
        var main = new Participant("main", CoreModule.Read(stripped), worlds, isMain: true);
        var used = new List<Participant>();
        foreach (var adapter in adapters ?? Array.Empty<KeyValuePair<string, byte[]>>())
        {
            if (!main.Info.Imports.Any(i => i.Module == adapter.Key)) continue;
            var adapterWorlds = ComponentTypeSection.Extract(adapter.Value, out var adapterStripped);
            // Keep what the main module imports from the adapter, its world's exports (`iface#func`) and allocators.
            var wanted = new HashSet<string>(main.Info.Imports.Where(i => i.Module == adapter.Key).Select(i => i.Name));
            var trimmed = AdapterTrimmer.Trim(CoreModule.Read(adapterStripped),
                name => wanted.Contains(name) || name.IndexOf('#') >= 0 || name.StartsWith("cabi_", StringComparison.Ordinal));
            var prepared = AdapterStack.Prepare(CoreModule.Read(trimmed));
            used.Add(new Participant(adapter.Key, CoreModule.Read(prepared), adapterWorlds, isMain: false));
        }
        return new Session(main, used).Build();
    }

    private sealed class Participant
    {
        public Participant(string name, CoreModule info, IReadOnlyList<EmbeddedWorld> worlds, bool isMain)
        {
            Name = name;
            IsMain = isMain;
            Info = info;
            Worlds = worlds;
            Encoding = worlds.Count > 0 ? worlds[0].Encoding : StringEncoding.Utf8;
        }

        public string Name { get; }
        public CoreModule Info { get; }
        public IReadOnlyList<EmbeddedWorld> Worlds { get; }
        public StringEncoding Encoding { get; }
        public uint Instance { get; set; }
        public bool IsMain { get; }

        public string? ImportRealloc => Has("cabi_import_realloc") ?? Has("cabi_realloc");
        public string? ExportRealloc => (IsMain ? null : Has("cabi_export_realloc")) ?? Has("cabi_realloc");

        public string? Has(string name) => Info.Export(name) is { Kind: CoreExternKind.Func } ? name : null;
    }

    // A function reached through the shim table: its signature and how to produce it once everything is instantiated.
    private sealed record Slot(CoreSignature Signature, Func<uint> Produce);

    private sealed class Session
    {
        private readonly Participant _main;
        private readonly List<Participant> _adapters;
        private readonly ComponentBuilder _b = new();
        private readonly WorldImports _world;
        private readonly List<Slot> _slots = new();
        private readonly List<(WorldReplay Replay, Participant Owner)> _replays = new();
        private uint? _memory;
        private byte[]? _importedMemoryType;
        private uint _shim;
        private bool _shimBuilt;

        public Session(Participant main, List<Participant> adapters)
        {
            _main = main;
            _adapters = adapters;
            _world = new WorldImports(_b);
        }

        public byte[] Build()
        {
            // Only interfaces some core module imports from are imported (adapters' worlds list more than they use).
            var modules = new HashSet<string>(new[] { _main }.Concat(_adapters).SelectMany(p => p.Info.Imports).Select(i => i.Module));
            var keys = new HashSet<string>(modules.Select(WorldImports.CompatibleKey).Where(k => k is not null)!);
            bool IsUsed(string name) => modules.Contains(name) || (WorldImports.CompatibleKey(name) is { } key && keys.Contains(key));
            // The names core modules import from an interface (matching semver-compatible module names).
            ISet<string>? UsedNames(string iface)
            {
                var key = WorldImports.CompatibleKey(iface);
                return new HashSet<string>(new[] { _main }.Concat(_adapters).SelectMany(p => p.Info.Imports)
                    .Where(i => i.Module == iface || (key is not null && WorldImports.CompatibleKey(i.Module) == key))
                    .Select(i => i.Name));
            }
            foreach (var p in new[] { _main }.Concat(_adapters))
                foreach (var w in p.Worlds)
                    _replays.Add((_world.Add(WitBinaryEncoder.EncodeWorldType(w.Resolve, w.World), p.IsMain ? null : IsUsed, p.IsMain ? null : UsedNames), p));

            // Plan every import first: slots must be known before the shim is written.
            var plans = new Dictionary<Participant, List<(string Module, string Name, Func<uint?> Value, Sort Sort)>>();
            foreach (var p in new[] { _main }.Concat(_adapters)) plans[p] = Plan(p);

            _shimBuilt = true;
            if (_slots.Count > 0)
            {
                var shimModule = _b.AddCoreModule(HelperModules.Shim(_slots.Select(s => s.Signature).ToList()));
                _shim = _b.Instantiate(shimModule, Array.Empty<CoreInstantiateArg>());
            }

            // One linear memory for every canonical option: the imported one, or (as wit-component) the main module's
            // memory exported as `memory`; other memories are the module's own business.
            if (_importedMemoryType is not null)
            {
                var memoryModule = _b.Instantiate(_b.AddCoreModule(HelperModules.Memory(_importedMemoryType)), Array.Empty<CoreInstantiateArg>());
                _memory = _b.AliasCoreExport(Sort.CoreMemory, memoryModule, HelperModules.MemoryName);
            }
            Instantiate(_main, plans[_main]);
            if (_memory is null && _main.Info.Export("memory") is { Kind: CoreExternKind.Memory } memory)
                _memory = _b.AliasCoreExport(Sort.CoreMemory, _main.Instance, memory.Name);
            foreach (var adapter in _adapters) Instantiate(adapter, plans[adapter]);

            // Exports in each world's order: an interface using another exported interface's types comes after it and
            // gets those types aliased from its export. A world embedded twice exports once.
            var exported = new Dictionary<string, uint>();
            foreach (var (replay, owner) in _replays)
                _world.ReplayExports(replay, e => exported.TryGetValue(e.Name, out var known) ? known : exported[e.Name] = Lift(e, owner));

            // The fixup fills the shim table last: some slots (task.return) need the types the exports defined. Nothing
            // can call through the shim before `_initialize`, which runs after it.
            if (_slots.Count > 0)
            {
                var table = _b.AliasCoreExport(Sort.CoreTable, _shim, HelperModules.TableName);
                var exports = new List<CoreInlineExport> { new(HelperModules.TableName, Sort.CoreTable, table) };
                for (int i = 0; i < _slots.Count; i++)
                    exports.Add(new CoreInlineExport(i.ToString(CultureInfo.InvariantCulture), Sort.CoreFunc, _slots[i].Produce()));
                var bag = _b.CoreBag(exports);
                var fixup = _b.AddCoreModule(HelperModules.Fixup(_slots.Select(s => s.Signature).ToList()));
                _b.Instantiate(fixup, new[] { new CoreInstantiateArg("", bag) });
            }

            // A reactor's `_initialize` runs once everything is wired, before any export can be called.
            if (_main.Info.Export("_initialize") is { Kind: CoreExternKind.Func } init)
            {
                if (_main.Info.SignatureOf(init.Index) is not { Params.Length: 0, Results.Length: 0 })
                    throw new ComponentizeException("failed to classify export `_initialize`: type mismatch: expected [] -> []");
                var func = _b.AliasCoreExport(Sort.CoreFunc, _main.Instance, "_initialize");
                var bag = _b.CoreBag(new[] { new CoreInlineExport("_initialize", Sort.CoreFunc, func) });
                _b.Instantiate(_b.AddCoreModule(HelperModules.InitializeCaller()), new[] { new CoreInstantiateArg("", bag) });
            }

            return _b.ToBytes();
        }

        private void Instantiate(Participant p, List<(string Module, string Name, Func<uint?> Value, Sort Sort)> plan)
        {
            var args = new List<CoreInstantiateArg>();
            foreach (var group in plan.GroupBy(x => x.Module))
            {
                var exports = group.Select(x => new CoreInlineExport(x.Name, x.Sort, x.Value()
                    ?? throw new ComponentizeException($"{p.Name} module: import `{x.Module}::{x.Name}` has no provider"))).ToList();
                args.Add(new CoreInstantiateArg(group.Key, _b.CoreBag(exports)));
            }
            p.Instance = _b.Instantiate(_b.AddCoreModule(p.Info.Bytes), args);
        }

        private List<(string, string, Func<uint?>, Sort)> Plan(Participant p)
        {
            var plan = new List<(string, string, Func<uint?>, Sort)>();
            foreach (var import in p.Info.Imports)
            {
                string where = $"{p.Name} module import `{import.Module}::{import.Name}`";
                // As wit-component: there is one linear memory. The main module defines it, or imports it as `env::memory`
                // (`wasm-ld --import-memory`) and a helper module defines it with the imported type; adapters import it
                // as `env::memory` or by export name from `__main_module__`. Anything else imported must be a function.
                if (import.Kind == CoreExternKind.Memory && import.Module == "env" && import.Name == "memory")
                {
                    if (p.IsMain)
                    {
                        if (_importedMemoryType is not null || p.Info.Memories > 1)
                            throw new ComponentizeException($"{where}: cannot componentize module that uses multiple memories");
                        _importedMemoryType = new byte[import.Descriptor.Length - 1];
                        Array.Copy(import.Descriptor, 1, _importedMemoryType, 0, _importedMemoryType.Length);
                    }
                    plan.Add((import.Module, import.Name, () => _memory, Sort.CoreMemory));
                    continue;
                }
                if (import.Kind == CoreExternKind.Memory && !p.IsMain && import.Module == MainModuleName)
                {
                    if (_main.Info.Export(import.Name) is not { Kind: CoreExternKind.Memory })
                        throw new ComponentizeException($"{where}: the main module does not export a memory named `{import.Name}`");
                    plan.Add((import.Module, import.Name, () => _b.AliasCoreExport(Sort.CoreMemory, _main.Instance, import.Name), Sort.CoreMemory));
                    continue;
                }
                if (import.Kind != CoreExternKind.Func)
                    throw new ComponentizeException($"failed to resolve {where}: module is only allowed to import functions");
                var signature = p.Info.Types[(int)import.TypeIndex];
                plan.Add((import.Module, import.Name, ResolveFunc(p, import, signature, where), Sort.CoreFunc));
            }
            return plan;
        }

        private Func<uint?> ResolveFunc(Participant p, CoreModuleImport import, CoreSignature signature, string where)
        {
            // An adapter's function, imported by the main module: the adapter is instantiated later.
            if (p.IsMain && _adapters.Find(a => a.Name == import.Module) is { } adapter)
            {
                if (adapter.Has(import.Name) is null) throw new ComponentizeException($"{where}: the adapter does not export `{import.Name}`");
                return Through(signature, () => _b.AliasCoreExport(Sort.CoreFunc, adapter.Instance, import.Name));
            }
            if (!p.IsMain && import.Module == MainModuleName)
            {
                if (_main.Has(import.Name) is { } name) return () => _b.AliasCoreExport(Sort.CoreFunc, _main.Instance, name);
                if (import.Name is "cabi_realloc" or "canonical_abi_realloc") return MemoryGrowRealloc;
                throw new ComponentizeException($"{where}: the main module does not export `{import.Name}`");
            }
            if (import.Module.StartsWith(ExportPrefix, StringComparison.Ordinal))
                return ExportedResourceIntrinsic(p, import, where);
            if (import.Module == RootModule)
            {
                if (AsyncIntrinsic.Parse(import.Name) is { } intrinsic) return Intrinsic(p, intrinsic, signature, where);
                if (PayloadIntrinsic.Parse(import.Name) is { } payload) return Payload(p, payload, "", exported: false, signature, where);
                if (import.Name.StartsWith("[resource-drop]", StringComparison.Ordinal)
                    && _world.TryGet(import.Name.Substring(15), out var s, out var type) && s == Sort.Type)
                {
                    var drop = _b.Canon(new CanonFunction(CanonOp.ResourceDrop, type, 0, Array.Empty<CanonOption>()));
                    return () => drop;
                }
                var (async, funcName) = AsyncLowered(import.Name);
                if (_world.TryGet(funcName, out s, out var func) && s == Sort.Func) return Lowered(p, import.Module, funcName, async, signature, () => func);
                throw new ComponentizeException($"{where}: the world imports no function `{import.Name}`");
            }
            if (_world.TryGet(import.Module, out var sort, out var instance) && sort == Sort.Instance)
            {
                if (PayloadIntrinsic.Parse(import.Name) is { } payload) return Payload(p, payload, import.Module, exported: false, signature, where);
                if (import.Name.StartsWith("[resource-drop]", StringComparison.Ordinal))
                {
                    var type = _b.AliasExport(Sort.Type, instance, import.Name.Substring(15));
                    var drop = _b.Canon(new CanonFunction(CanonOp.ResourceDrop, type, 0, Array.Empty<CanonOption>()));
                    return () => drop;
                }
                var (async, funcName) = AsyncLowered(import.Name);
                return Lowered(p, import.Module, funcName, async, signature, () => _b.AliasExport(Sort.Func, instance, funcName));
            }
            throw new ComponentizeException($"{where}: not provided by the world, an adapter or the main module");
        }

        // Lowered imports take options that need the memory and realloc of instances not yet created: go through the shim.
        private Func<uint?> Lowered(Participant p, string module, string name, bool async, CoreSignature signature, Func<uint> func)
        {
            var wit = AbiRequirements.FindImport(p.Worlds, module, name);
            var required = wit is { } f ? AbiRequirements.ForLower(f.Resolve, f.Function, async) : AbiRequirements.None;
            var what = $"{p.Name} module import `{module}::{(async ? AsyncLowerPrefix : "")}{name}`";
            return Through(signature, () =>
            {
                var options = Options(p, p.ImportRealloc, null, required, what);
                if (async) options.Add(new CanonOption(CanonOptionKind.Async));
                return _b.Canon(new CanonFunction(CanonOp.Lower, func(), 0, options));
            });
        }

        private const string AsyncLowerPrefix = "[async-lower]";

        // `[async-lower]f` -> (true, `f`): the import is lowered with the async ABI.
        private static (bool Async, string Name) AsyncLowered(string name) =>
            name.StartsWith(AsyncLowerPrefix, StringComparison.Ordinal) ? (true, name.Substring(AsyncLowerPrefix.Length)) : (false, name);

        // An async built-in (waitable sets, subtasks, context slots, ...). Those taking the memory go through the shim.
        private Func<uint?> Intrinsic(Participant p, AsyncIntrinsic intrinsic, CoreSignature signature, string where)
        {
            if (!signature.SameAs(intrinsic.Expected))
                throw new ComponentizeException($"{where}: type mismatch: expected {Describe(intrinsic.Expected)}, found {Describe(signature)}");
            CanonFunction Define()
            {
                var options = new List<CanonOption>();
                uint index = intrinsic.Immediate;
                if (intrinsic.Encoding is { } encoding) options.Add(new CanonOption(EncodingOption(encoding)));
                if (intrinsic.NeedsMemory)
                {
                    var memory = _memory ?? throw new ComponentizeException($"{where}: module does not export a memory named `memory`");
                    if (intrinsic.Encoding is null) index = memory; // waitable-set.wait/poll name the memory directly
                    else options.Add(new CanonOption(CanonOptionKind.Memory, memory));
                }
                if (intrinsic.NeedsRealloc)
                {
                    var realloc = p.ImportRealloc ?? throw new ComponentizeException($"{where}: module does not export a function named `cabi_realloc`");
                    options.Add(new CanonOption(CanonOptionKind.Realloc, _b.AliasCoreExport(Sort.CoreFunc, p.Instance, realloc)));
                }
                return new CanonFunction(intrinsic.Op, index, 0, options, Async: intrinsic.Flag);
            }
            if (intrinsic.NeedsMemory) return Through(signature, () => _b.Canon(Define()));
            uint? direct = null;
            return () => direct ??= _b.Canon(Define());
        }

        // `stream<T>` / `future<T>` types the stream and future built-ins name, by (is stream, payload).
        private readonly Dictionary<(bool, ValType?), uint> _payloadTypes = new();

        // A stream or future built-in on the N-th future/stream type of a function of the world (`module` is the
        // interface, "" for a world function). Only payloads of primitive types (or none) are supported.
        private Func<uint?> Payload(Participant p, PayloadIntrinsic intrinsic, string module, bool exported, CoreSignature signature, string where)
        {
            if (!signature.SameAs(intrinsic.Expected))
                throw new ComponentizeException($"{where}: type mismatch: expected {Describe(intrinsic.Expected)}, found {Describe(signature)}");
            var wit = exported
                ? AbiRequirements.FindExport(p.Worlds, module.Length == 0 ? intrinsic.Function : module, module.Length == 0 ? null : intrinsic.Function)
                : AbiRequirements.FindImport(p.Worlds, module.Length == 0 ? RootModule : module, intrinsic.Function);
            if (wit is not { } f) throw new ComponentizeException($"{where}: the world has no function `{intrinsic.Function}` there");
            var payloads = PayloadIntrinsic.FuturesAndStreams(f.Resolve, f.Function);
            if (intrinsic.Ordinal >= payloads.Count || payloads[intrinsic.Ordinal].IsStream != intrinsic.IsStream)
                throw new ComponentizeException($"{where}: `{intrinsic.Function}` has no {(intrinsic.IsStream ? "stream" : "future")} type number {intrinsic.Ordinal}");
            var element = payloads[intrinsic.Ordinal].Element;
            ValType? payload = null;
            if (element is { } e)
                payload = PayloadIntrinsic.Primitive(e) ?? throw new ComponentizeException(
                    $"{where}: streams and futures of non-primitive payload types are not supported yet");
            var key = (intrinsic.IsStream, payload);
            if (!_payloadTypes.TryGetValue(key, out var type))
                _payloadTypes[key] = type = _b.AddType(intrinsic.IsStream ? new StreamType(payload) : new FutureType(payload));
            bool isString = payload is { IsPrimitive: true, Primitive: PrimitiveValType.String };
            CanonFunction Define()
            {
                var options = new List<CanonOption>();
                if (intrinsic.TakesOptions)
                {
                    options.Add(new CanonOption(EncodingOption(p.Encoding)));
                    if (payload is not null)
                    {
                        options.Add(new CanonOption(CanonOptionKind.Memory, _memory ?? throw new ComponentizeException($"{where}: module does not export a memory named `memory`")));
                        bool reads = intrinsic.Op is CanonOp.StreamRead or CanonOp.FutureRead;
                        if (reads && isString)
                        {
                            var realloc = p.ImportRealloc ?? throw new ComponentizeException($"{where}: module does not export a function named `cabi_realloc`");
                            options.Add(new CanonOption(CanonOptionKind.Realloc, _b.AliasCoreExport(Sort.CoreFunc, p.Instance, realloc)));
                        }
                    }
                    if (intrinsic.Async) options.Add(new CanonOption(CanonOptionKind.Async));
                }
                return new CanonFunction(intrinsic.Op, type, 0, options, Async: intrinsic.FlagImmediate && intrinsic.Async);
            }
            if (intrinsic.TakesOptions) return Through(signature, () => _b.Canon(Define()));
            uint? direct = null;
            return () => direct ??= _b.Canon(Define());
        }

        private static string Describe(CoreSignature s)
        {
            static string Types(byte[] ts) => string.Join(" ", ts.Select(t => t switch { 0x7f => "i32", 0x7e => "i64", 0x7d => "f32", 0x7c => "f64", _ => "?" }));
            return $"[{Types(s.Params)}] -> [{Types(s.Results)}]";
        }

        private static CanonOptionKind EncodingOption(StringEncoding encoding) => encoding switch
        {
            StringEncoding.Utf16 => CanonOptionKind.Utf16,
            StringEncoding.CompactUtf16 => CanonOptionKind.Latin1Utf16,
            _ => CanonOptionKind.Utf8,
        };

        private Func<uint?> Through(CoreSignature signature, Func<uint> produce)
        {
            int slot = _slots.Count;
            _slots.Add(new Slot(signature, produce));
            uint? alias = null;
            return () => alias ??= _b.AliasCoreExport(Sort.CoreFunc, _shim, slot.ToString(CultureInfo.InvariantCulture));
        }

        // Resources the component defines (exported interfaces), by (interface export name, resource name).
        private readonly Dictionary<(string, string), Func<uint>> _resources = new();

        // Registers a resource the main module implements; its destructor goes through the shim because the resource
        // type must exist before the main module (which uses resource.new on it) is instantiated.
        private Func<uint> DefineResource(Participant p, string iface, string resource)
        {
            if (_resources.TryGetValue((iface, resource), out var known)) return known;
            var dtorName = $"{iface}#[dtor]{resource}";
            Func<uint?>? dtor = null;
            if (p.Has(dtorName) is not null)
            {
                dtor = _shimBuilt
                    ? () => _b.AliasCoreExport(Sort.CoreFunc, p.Instance, dtorName)
                    : Through(new CoreSignature(new byte[] { 0x7f }, Array.Empty<byte>()), () => _b.AliasCoreExport(Sort.CoreFunc, p.Instance, dtorName));
            }
            uint? type = null;
            Func<uint> define = () => type ??= _b.AddType(new ResourceTypeDefinition(dtor?.Invoke()));
            _resources[(iface, resource)] = define;
            return define;
        }

        private Func<uint?> ExportedResourceIntrinsic(Participant p, CoreModuleImport import, string where)
        {
            var iface = import.Module.Substring(ExportPrefix.Length);
            if (iface == RootModule) iface = "";
            if (PayloadIntrinsic.Parse(import.Name) is { } payload)
                return Payload(p, payload, iface, exported: true, p.Info.Types[(int)import.TypeIndex], where);
            if (import.Name == "[task-cancel]") return Intrinsic(p, AsyncIntrinsic.TaskCancel, p.Info.Types[(int)import.TypeIndex], where);
            if (import.Name.StartsWith(TaskReturnPrefix, StringComparison.Ordinal))
                return TaskReturn(p, iface, import.Name.Substring(TaskReturnPrefix.Length), p.Info.Types[(int)import.TypeIndex], where);
            var (op, prefix) = import.Name switch
            {
                var n when n.StartsWith("[resource-new]", StringComparison.Ordinal) => (CanonOp.ResourceNew, "[resource-new]"),
                var n when n.StartsWith("[resource-rep]", StringComparison.Ordinal) => (CanonOp.ResourceRep, "[resource-rep]"),
                var n when n.StartsWith("[resource-drop]", StringComparison.Ordinal) => (CanonOp.ResourceDrop, "[resource-drop]"),
                _ => throw new ComponentizeException($"{where}: only [resource-new], [resource-rep], [resource-drop], [task-return] and [task-cancel] are imported from `[export]` modules"),
            };
            var type = DefineResource(p, iface, import.Name.Substring(prefix.Length));
            uint? func = null;
            return () => func ??= _b.Canon(new CanonFunction(op, type(), 0, Array.Empty<CanonOption>()));
        }

        private const string TaskReturnPrefix = "[task-return]";

        // The result types of lifted functions at the top level, by (export name, function name or null for a world function).
        private readonly Dictionary<(string, string?), ValType?> _liftedResults = new();

        // `canon task.return` of an async export. It needs the function's result type at the top level, which exists once
        // the exports are lifted, so it goes through the shim (the fixup runs after the exports).
        private Func<uint?> TaskReturn(Participant p, string iface, string function, CoreSignature signature, string where)
        {
            var exportName = iface.Length == 0 ? function : iface;
            string? funcName = iface.Length == 0 ? null : function;
            var wit = AbiRequirements.FindExport(p.Worlds, exportName, funcName)
                ?? throw new ComponentizeException($"{where}: the world exports no function `{function}`{(iface.Length == 0 ? "" : $" in `{iface}`")}");
            var required = AbiRequirements.ForTaskReturn(wit.Resolve, wit.Function);
            if (AbiRequirements.TaskReturnSignature(wit.Resolve, wit.Function) is { } expected && !signature.SameAs(expected))
                throw new ComponentizeException($"{where}: type mismatch: expected {Describe(expected)}, found {Describe(signature)}");
            return Through(signature, () =>
            {
                if (!_liftedResults.TryGetValue((exportName, funcName), out var result))
                    throw new ComponentizeException($"{where}: `{function}` was not lifted");
                var options = new List<CanonOption> { new(EncodingOption(p.Encoding)) };
                if (_memory is { } memory) options.Add(new CanonOption(CanonOptionKind.Memory, memory));
                else if (required.Memory) throw new ComponentizeException($"{where}: module does not export a memory named `memory`");
                return _b.Canon(new CanonFunction(CanonOp.TaskReturn, 0, 0, options, Result: result));
            });
        }

        private uint? _growRealloc;

        private uint? MemoryGrowRealloc()
        {
            if (_growRealloc is { } known) return known;
            var module = _b.AddCoreModule(HelperModules.MemoryGrowRealloc());
            var env = _b.CoreBag(new[] { new CoreInlineExport("memory", Sort.CoreMemory, _memory ?? throw new ComponentizeException("the main module exports no memory")) });
            var instance = _b.Instantiate(module, new[] { new CoreInstantiateArg("env", env) });
            _growRealloc = _b.AliasCoreExport(Sort.CoreFunc, instance, "cabi_realloc");
            return _growRealloc;
        }

        // The canonical options of a lift or lower; what the function's ABI cannot do without must exist (`what` names it).
        private List<CanonOption> Options(Participant p, string? realloc, string? postReturn, AbiRequirements required, string what)
        {
            if (required.Memory && _memory is null)
                throw new ComponentizeException($"{what}: module does not export a memory named `memory` (the function passes values through linear memory)");
            if (required.Realloc && realloc is null)
                throw new ComponentizeException($"{what}: module does not export a function named `cabi_realloc` (the function needs an allocator)");
            var options = new List<CanonOption>
            {
                new(p.Encoding switch
                {
                    StringEncoding.Utf16 => CanonOptionKind.Utf16,
                    StringEncoding.CompactUtf16 => CanonOptionKind.Latin1Utf16,
                    _ => CanonOptionKind.Utf8,
                }),
            };
            if (_memory is { } memory)
            {
                options.Add(new CanonOption(CanonOptionKind.Memory, memory));
                if (realloc is not null) options.Add(new CanonOption(CanonOptionKind.Realloc, _b.AliasCoreExport(Sort.CoreFunc, p.Instance, realloc)));
            }
            if (postReturn is not null) options.Add(new CanonOption(CanonOptionKind.PostReturn, _b.AliasCoreExport(Sort.CoreFunc, p.Instance, postReturn)));
            return options;
        }

        // Lifts `export#function` (or the world function `export`): synchronously, or with the async ABI when the module
        // exports it as `[async-lift]...` (with its `[callback][async-lift]...`) or `[async-lift-stackful]...`.
        private uint LiftCore(Participant p, string exportName, string? function, uint type)
        {
            var plain = function is null ? exportName : $"{exportName}#{function}";
            string coreName = plain;
            string? callback = null;
            bool async = false;
            if (p.Has(plain) is null)
            {
                if (p.Has("[async-lift]" + plain) is { } lifted)
                {
                    coreName = lifted;
                    async = true;
                    callback = p.Has("[callback][async-lift]" + plain) ?? throw new ComponentizeException($"{p.Name} module: missing callback for `{lifted}`");
                }
                else if (p.Has("[async-lift-stackful]" + plain) is { } stackful)
                {
                    coreName = stackful;
                    async = true;
                }
                else throw new ComponentizeException($"{p.Name} module does not export `{plain}` required by its world");
            }
            var wit = AbiRequirements.FindExport(p.Worlds, exportName, function);
            var required = wit is { } f ? AbiRequirements.ForLift(f.Resolve, f.Function, async) : AbiRequirements.None;
            var core = _b.AliasCoreExport(Sort.CoreFunc, p.Instance, coreName);
            var options = Options(p, p.ExportRealloc, async ? null : p.Has("cabi_post_" + plain), required, $"{p.Name} module export `{coreName}`");
            if (async)
            {
                options.Add(new CanonOption(CanonOptionKind.Async));
                if (callback is not null) options.Add(new CanonOption(CanonOptionKind.Callback, _b.AliasCoreExport(Sort.CoreFunc, p.Instance, callback)));
            }
            return _b.Canon(new CanonFunction(CanonOp.Lift, core, type, options));
        }

        // The wrapper's import name for a function, as wit-component names it: `import-func-f`, and for resource functions
        // `[method]r.m` -> `import-method-r-m` (plain kebab-case).
        private static string ImportFuncName(string name) =>
            name.StartsWith("[", StringComparison.Ordinal)
                ? "import-" + name.Replace("[", "").Replace(']', '-').Replace('.', '-').Replace(' ', '-')
                : "import-func-" + name;

        // Lifts one export of the world; returns the index the component's export takes in its index space.
        private uint Lift(WorldExport export, Participant owner)
        {
            if (export.Desc.Kind == ExternKind.Func)
            {
                _liftedResults[(export.Name, null)] = (_world.DefinitionOf(export.Desc.Index) as FuncType)?.Result;
                var func = LiftCore(owner, export.Name, null, export.Desc.Index);
                return _b.Export(new ComponentExport(export.Name, Sort.Func, func));
            }
            if (export.Desc.Kind != ExternKind.Instance || export.InstanceType is null)
                throw new ComponentizeException($"export `{export.Name}`: only function and interface exports are supported");
            // Types and lifted functions at the top level, then a nested component that imports them (so every type its
            // functions mention has a name) and re-exports them under the interface's names, as wit-component does.
            var declarations = export.InstanceType.Declarations;
            var outer = new List<uint>();
            var inner = new ComponentBuilder();
            var innerImported = new List<uint>();
            var args = new List<InstantiateArg>();
            var importedTypes = new Dictionary<string, uint>();
            var importedFuncs = new Dictionary<string, uint>();
            // Types of other interfaces, by top-level index: outer-aliased into the wrapper when they hold no resources;
            // otherwise imported, as wit-component does (resources as `(sub resource)`, types holding handles rebuilt
            // from the imported resources and imported under an `(eq ...)` bound).
            var foreign = new Dictionary<uint, uint>();
            var importNames = new HashSet<string>(StringComparer.Ordinal);
            string UniqueImport(string typeName)
            {
                var name = "import-type-" + typeName;
                for (int n = 0; !importNames.Add(name); n++) name = "import-type-" + typeName + n.ToString(CultureInfo.InvariantCulture);
                return name;
            }
            uint Foreign(uint top)
            {
                if (foreign.TryGetValue(top, out var known)) return known;
                uint result;
                if (_world.IsResource(top))
                {
                    var name = UniqueImport(_world.NameOf(top) ?? "outer" + top.ToString(CultureInfo.InvariantCulture));
                    result = inner.Import(name, ExternDesc.Type(TypeBound.SubResource));
                    args.Add(new InstantiateArg(name, Sort.Type, top));
                }
                else if (!_world.ContainsResources(top)) result = inner.Alias(Sort.Type, new OuterAlias(1, top));
                else
                {
                    var structure = _world.StructureOf(top)
                        ?? throw new ComponentizeException($"export `{export.Name}`: a type it uses from another interface holds resources and its shape is unknown");
                    var local = inner.AddType(WorldImports.Remap(structure, new LazyIndices(Foreign)));
                    if (_world.NameOf(top) is { } typeName)
                    {
                        var name = UniqueImport(typeName);
                        result = inner.Import(name, ExternDesc.Type(TypeBound.Eq(local)));
                        args.Add(new InstantiateArg(name, Sort.Type, top));
                    }
                    else result = local;
                }
                foreign[top] = result;
                return result;
            }
            var outerDefinitions = new Dictionary<uint, TypeDefinition>();
            foreach (var d in declarations)
            {
                switch (d)
                {
                    case TypeDeclaration t:
                        var topLevel = WorldImports.Remap(t.Type, outer);
                        outer.Add(_b.AddType(topLevel));
                        outerDefinitions[outer[outer.Count - 1]] = topLevel;
                        innerImported.Add(inner.AddType(WorldImports.Remap(t.Type, innerImported)));
                        break;
                    case AliasDeclaration { Alias: { Sort: Sort.Type, Target: OuterAlias { Count: 1 } o } }:
                        outer.Add(o.Index);
                        innerImported.Add(Foreign(o.Index));
                        break;
                    case ExportDeclaration { Desc.Kind: ExternKind.Type } x:
                        uint top = x.Desc.Bound.IsSubResource
                            ? DefineResource(owner, export.Name, x.Name.Name)()
                            : outer[(int)x.Desc.Bound.Index];
                        outer.Add(top);
                        var bound = x.Desc.Bound.IsSubResource ? TypeBound.SubResource : TypeBound.Eq(innerImported[(int)x.Desc.Bound.Index]);
                        var typeImport = UniqueImport(x.Name.Name);
                        var imported = inner.Import(typeImport, ExternDesc.Type(bound));
                        innerImported.Add(imported);
                        importedTypes[x.Name.Name] = imported;
                        args.Add(new InstantiateArg(typeImport, Sort.Type, top));
                        break;
                    case ExportDeclaration { Desc.Kind: ExternKind.Func } x:
                        _liftedResults[(export.Name, x.Name.Name)] = outerDefinitions.TryGetValue(outer[(int)x.Desc.Index], out var ft) ? (ft as FuncType)?.Result : null;
                        var func = LiftCore(owner, export.Name, x.Name.Name, outer[(int)x.Desc.Index]);
                        var importName = ImportFuncName(x.Name.Name);
                        importedFuncs[x.Name.Name] = inner.Import(importName, ExternDesc.Func(innerImported[(int)x.Desc.Index]));
                        args.Add(new InstantiateArg(importName, Sort.Func, func));
                        break;
                    default:
                        throw new ComponentizeException($"export `{export.Name}`: unsupported declaration {d.GetType().Name}");
                }
            }
            var exported = new List<uint>();
            foreach (var d in declarations)
            {
                switch (d)
                {
                    case TypeDeclaration t:
                        exported.Add(inner.AddType(WorldImports.Remap(t.Type, exported)));
                        break;
                    case AliasDeclaration { Alias: { Sort: Sort.Type, Target: OuterAlias { Count: 1 } o } }:
                        exported.Add(Foreign(o.Index));
                        break;
                    case ExportDeclaration { Desc.Kind: ExternKind.Type } x:
                        exported.Add(inner.Export(new ComponentExport(x.Name, Sort.Type, importedTypes[x.Name.Name])));
                        break;
                    case ExportDeclaration { Desc.Kind: ExternKind.Func } x:
                        inner.Export(new ComponentExport(x.Name, Sort.Func, importedFuncs[x.Name.Name], ExternDesc.Func(exported[(int)x.Desc.Index])));
                        break;
                }
            }
            var component = _b.AddComponent(inner);
            var instance = _b.InstantiateComponent(component, args);
            return _b.Export(new ComponentExport(export.Name, Sort.Instance, instance));
        }
    }
}
