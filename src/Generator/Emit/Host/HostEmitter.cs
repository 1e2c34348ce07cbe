using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Emit.Guest;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Host;

/// <summary>
/// The host emitter: renders a <see cref="WorldBinding"/> into C# that runs a component on the included
/// runtime (<c>WitBindgen.Runtime.Components</c>). Per imported interface (and for the world's own imported
/// functions): a C# interface the host implements and a static <c>AddToLinker</c> registering it on a
/// <c>ComponentLinker</c>; per exported interface: a class with the interface's functions as typed methods;
/// per world: a class that instantiates the component, holds the exported interfaces as properties and the
/// world's own exports as methods. Types are the guest bindings' own declarations (same model, same names), except
/// resources: one the component implements is an <c>IDisposable</c> handle class with its methods (constructors and
/// static functions are members of the exported interface's class); one the host implements is an abstract class the
/// host derives from, its objects kept in the calling store's <c>ResourceTable</c> (which the implementation of the
/// interface gives, as an <c>IResourceTableView</c>; export calls take the one of the store's data), its constructors and
/// static functions members of the interface the host implements.
/// Values cross through the runtime's <c>ComponentValue</c> (<see cref="HostValueWriter"/>).
/// </summary>
internal static class HostEmitter
{
    private const string Rt = "global::WitBindgen.Runtime";
    private const string MemberIndent = "        ";
    private const string BodyIndent = "            ";

    private static bool IsResource(TypeDecl t) => t.Kind is TypeDeclKind.ImportedResource or TypeDeclKind.ExportedResource;

    public static IReadOnlyList<GeneratedFile> Emit(WorldBinding binding)
    {
        // Every name a namespace already holds, so the host-only names (world class, import contracts) stay unique.
        var taken = new Dictionary<string, HashSet<string>>();
        HashSet<string> Names(string ns)
        {
            if (!taken.TryGetValue(ns, out var set)) taken[ns] = set = new HashSet<string>(System.StringComparer.Ordinal);
            return set;
        }
        foreach (var iface in binding.Interfaces)
        {
            var set = Names(iface.Namespace);
            set.Add(iface.ClassName);
            // The export contracts (I{Iface}) of the model are guest-only; host bindings do not declare them.
            foreach (var t in iface.Types) set.Add(t.Name);
        }
        var worldClass = Claim(Names(binding.Namespace), binding.ClassName + "World", "Host");
        var worldFull = $"global::{binding.Namespace}.{worldClass}";
        var values = new HostValueWriter(worldFull + ".__Values");

        var files = new List<GeneratedFile>();
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        void Add(string hint, string text)
        {
            var unique = hint;
            for (int i = 2; !used.Add(unique); i++) unique = hint + i.ToString(CultureInfo.InvariantCulture);
            files.Add(new GeneratedFile(unique + ".g.cs", text));
        }

        var worldMembers = new HashSet<string>(System.StringComparer.Ordinal) { worldClass, "Instance", "Instantiate", "FromInstance", "__Values" };
        var properties = new List<PropertyView>();
        var rootExports = new List<FunctionView>();
        var rootInits = new List<string>();
        var rootFields = new List<string>();
        var methodCount = 0;
        foreach (var iface in binding.Interfaces)
        {
            var view = new InterfaceView
            {
                Direction = iface.Direction.ToString(),
                Namespace = iface.Namespace,
                WitName = iface.WitName,
                ClassName = iface.ClassName,
                Docs = iface.Docs,
                Types = iface.Types.Where(t => !IsResource(t)).Select(GuestEmitter.View).ToList(),
                IsRoot = iface.WitName == "$root",
            };
            foreach (var t in iface.Types.Where(IsResource))
            {
                if (view.Resources.Count > 0) view.Resources.Add("");
                view.Resources.AddRange(t.Kind == TypeDeclKind.ImportedResource
                    ? HostResource(t)
                    : GuestResource(t, iface, worldFull, values, ref methodCount));
            }
            if (iface.Direction == Direction.Import)
            {
                var label = iface.ClassName.EndsWith("Imports", System.StringComparison.Ordinal) ? iface.ClassName.Substring(0, iface.ClassName.Length - "Imports".Length) : iface.ClassName;
                // Members of the host's contract: free functions, then constructors and static functions of the
                // resources the interface defines; methods are called on the host's resource objects.
                var members = new HashSet<string>(iface.Functions.Select(f => f.Name), System.StringComparer.Ordinal);
                var contract = iface.Functions.Select(f => (f, f.Name)).ToList();
                var methods = new List<FunctionDecl>();
                foreach (var t in iface.Types.Where(t => t.Kind == TypeDeclKind.ImportedResource))
                {
                    // Dropping an own handle disposes the object, found in the calling store's table.
                    view.Setup.Add($"instance.DefineResource<{t.FullName}>(\"{t.WitName}\", store => source.Get(store).Table);");
                    foreach (var f in t.Functions.Where(f => f.Abi is not null))
                    {
                        if (f.Role == FunctionRole.Method) methods.Add(f);
                        else contract.Add((f, Claim(members, f.Role == FunctionRole.Constructor ? "Create" + t.Name : t.Name + f.Name, "Function")));
                    }
                }
                var registrations = methods.Select(f => ImportView(f, f.Name, "self", values)).ToList();
                // An interface imported for its types only needs no implementation, only its instance defined; one passing
                // host resources gets their table from its implementation (IResourceTableView), per store.
                view.Functions = contract.Select(c => ImportView(c.f, c.Item2, null, values)).ToList();
                view.UsesTable = view.Setup.Count > 0 || view.Functions.Concat(registrations).Any(f => f.UsesTable);
                view.InterfaceName = contract.Count == 0 && !view.UsesTable ? null : Claim(Names(iface.Namespace), "I" + label, "Host");
                view.Registrations = registrations;
                Add($"{iface.Namespace}.{iface.ClassName}", TemplateRenderer.Render("Host.Interface.scriban", view));
            }
            else if (view.IsRoot)
            {
                // The world's own exports are methods of the world class.
                int i = 0;
                foreach (var f in iface.Functions.Where(f => f.Role != FunctionRole.Method))
                {
                    var field = "__f" + (i++).ToString(CultureInfo.InvariantCulture);
                    rootFields.Add(field);
                    rootInits.Add($"{field} = __Values.Function(instance, null, \"{f.WitName}\");");
                    var fv = ExportView(f, field, values);
                    fv.Name = Claim(worldMembers, f.Name, "Function");
                    rootExports.Add(fv);
                }
                if (iface.Types.Count > 0) Add($"{iface.Namespace}.{iface.ClassName}", TemplateRenderer.Render("Host.Interface.scriban", view));
                else if (view.Resources.Count > 0) Add($"{iface.Namespace}.{iface.ClassName}", TemplateRenderer.Render("Host.Interface.scriban", view));
            }
            else
            {
                var fields = new List<string>();
                var inits = new List<string>();
                var fns = new List<FunctionView>();
                int i = 0;
                // Methods of exported resources are members of the resource's handle class.
                foreach (var f in iface.Functions.Where(f => f.Role != FunctionRole.Method))
                {
                    var field = "__f" + (i++).ToString(CultureInfo.InvariantCulture);
                    fields.Add(field);
                    inits.Add($"{field} = {worldFull}.__Values.Function(instance, \"{iface.WitName}\", \"{f.WitName}\");");
                    fns.Add(ExportView(f, field, values));
                }
                view.Fields = fields;
                view.Inits = inits;
                view.Functions = fns;
                var label = iface.ClassName.EndsWith("Exports", System.StringComparison.Ordinal) ? iface.ClassName.Substring(0, iface.ClassName.Length - "Exports".Length) : iface.ClassName;
                properties.Add(new PropertyView
                {
                    Name = Claim(worldMembers, label.Length == 0 ? "Exports" : label, "Exports"),
                    Type = $"global::{iface.Namespace}.{iface.ClassName}",
                    WitName = iface.WitName,
                });
                Add($"{iface.Namespace}.{iface.ClassName}", TemplateRenderer.Render("Host.Interface.scriban", view));
            }
        }

        var world = new WorldView
        {
            Namespace = binding.Namespace,
            WorldName = binding.WorldName,
            ClassName = worldClass,
            Properties = properties,
            Functions = rootExports,
            Fields = rootFields,
            Inits = rootInits,
            MethodCount = methodCount,
            Helpers = values.Methods.Select(l => l.Length == 0 ? l : MemberIndent + "    " + l).ToList(),
        };
        Add($"{binding.Namespace}.{worldClass}", TemplateRenderer.Render("Host.World.scriban", world));
        return files;
    }

    private static string Claim(HashSet<string> names, string name, string suffix)
    {
        if (names.Add(name)) return name;
        var candidate = name + suffix;
        for (int i = 2; !names.Add(candidate); i++) candidate = name + suffix + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string Args(FunctionDecl f) => string.Join(", ", f.Params.Select(p => p.Type + " " + p.Name));

    /// <summary>
    /// A typed method calling an exported function: the typed fast path (straight into guest memory) when the function is
    /// lifted with the bindings' type, else the scalar path or the dynamic path (lower the arguments, call, lift the result).
    /// </summary>
    private static FunctionView ExportView(FunctionDecl f, string field, HostValueWriter values, string? self = null)
    {
        var abi = f.Abi!;
        var c = new CodeWriter();
        if (self is not null)
        {
            c.Line($"var __function = {field};");
            field = "__function";
        }
        if (HostValueWriter.UsesHostHandles(abi)) c.Line($"var {HostValueWriter.Table} = {HostValueWriter.TableType}.Of({field});");
        if (HostValueWriter.CanCallTyped(abi))
        {
            var typedArgs = f.Params.Select(p => p.Name).ToList();
            if (self is not null) typedArgs.Insert(0, self);
            values.TypedCall(c, abi, field, typedArgs, f.Throws);
        }
        if (self is null && !f.Throws && HostValueWriter.IsScalarCall(abi))
        {
            // Not lifted (a re-exported host function): flat bits on the stack, no ComponentValue array, no allocation.
            var bits = f.Params.Select((p, i) => HostValueWriter.ScalarBits(abi.Params[i], p.Name)).ToList();
            string span = "default";
            if (bits.Count > 0)
            {
                c.Line($"global::System.Span<ulong> __args = stackalloc ulong[{bits.Count.ToString(CultureInfo.InvariantCulture)}];");
                for (int i = 0; i < bits.Count; i++) c.Line($"__args[{i.ToString(CultureInfo.InvariantCulture)}] = {bits[i]};");
                span = "__args";
            }
            var scalarCall = $"{field}.CallScalar({span})";
            c.Line(abi.Result is null ? scalarCall + ";" : $"return {HostValueWriter.FromScalarBits(abi.Result, scalarCall)};");
            return View(f, c);
        }
        int skip = self is null ? 0 : 1;
        var lowered = f.Params.Select((p, i) => values.Lower(abi.Params[i + skip], p.Name));
        if (self is not null) lowered = lowered.Prepend(values.Lower(abi.Params[0], self));
        var args = string.Join(", ", lowered);
        var call = $"{field}.Call({args})";
        if (abi.Result is null) c.Line(call + ";");
        else if (f.Throws)
        {
            var ok = abi.Result.Members[0].Shape;
            var err = abi.Result.Members[1].Shape;
            c.Line($"var __result = {values.HelperClass}.Returned({call});");
            var error = err is null ? "global::WitBindgen.Bindings.Unit.Value" : values.Lift(err, "__result.Items[0]");
            c.Line($"if (__result.CaseIndex != 0) throw new global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(err)}>({error});");
            if (ok is not null) c.Line($"return {values.Lift(ok, "__result.Items[0]")};");
        }
        else c.Line($"return {values.Lift(abi.Result, $"{values.HelperClass}.Returned({call})")};");
        return View(f, c);
    }

    private static FunctionView View(FunctionDecl f, CodeWriter c) => new()
    {
        Name = f.Name,
        WitName = f.WitName,
        ReturnType = f.ReturnType,
        Params = Args(f),
        Docs = f.Docs,
        Throws = f.Throws,
        Body = c.Lines.Select(l => l.Length == 0 ? l : BodyIndent + l).ToList(),
    };

    /// <summary>
    /// The registration of one import: lift the arguments, call the host's implementation, lower the result; it goes in
    /// the template's generic <c>__Register</c>, whose <c>source</c> gives the implementation for the calling store
    /// (one fixed implementation or the host's per-store function: one registration body serves both overloads).
    /// </summary>
    private static FunctionView ImportView(FunctionDecl f, string name, string? self, HostValueWriter values)
    {
        static string Impl(string store) => $"source.Get({store})";
        var abi = f.Abi!;
        var c = new CodeWriter();
        int skip = self is null ? 0 : 1;
        var args = string.Join(", ", f.Params.Select((p, i) => values.Lift(abi.Params[i + skip], $"args[{(i + skip).ToString(CultureInfo.InvariantCulture)}]")));
        // Free functions call the implementation registered for the calling instance's store; handles of host resources
        // are found in (and added to) the table that implementation gives for the store.
        var usesTable = HostValueWriter.UsesHostHandles(abi);
        var host = self is null && usesTable ? "__host" : null;
        void Prologue(string store)
        {
            if (host is not null) c.Line($"var {host} = {Impl(store)};");
            if (usesTable) c.Line($"var {HostValueWriter.Table} = {host ?? Impl(store)}.Table;");
        }
        var call = self is null ? $"{host ?? Impl("store")}.{name}({args})" : $"{values.Lift(abi.Params[0], "args[0]")}.{name}({args})";
        var none = $"global::System.Array.Empty<{HostValueWriter.Cv}>()";
        if (HostValueWriter.CanImportTyped(abi))
        {
            // The typed fast path (called straight from the component's core code), then the dynamic fallback for a
            // component whose import has another type.
            c.Open($"instance.DefineFunction(\"{f.WitName}\", {values.Key(abi.TypeKey)}, (ref global::WitBindgen.Runtime.Components.ComponentCall __call) =>");
            Prologue("__call.Store");
            values.TypedImport(c, abi, locals => self is null
                ? $"{host ?? Impl("__call.Store")}.{name}({string.Join(", ", locals)})"
                : $"{locals[0]}.{name}({string.Join(", ", locals.Skip(1))})", f.Throws);
            c.Reopen(", (store, args) =>");
        }
        else c.Open($"instance.DefineFunction(\"{f.WitName}\", (store, args) =>");
        Prologue("store");
        if (abi.Result is null)
        {
            c.Line(call + ";");
            c.Line($"return {none};");
        }
        else if (f.Throws)
        {
            var ok = abi.Result.Members[0].Shape;
            var err = abi.Result.Members[1].Shape;
            c.Open("try");
            if (ok is null)
            {
                c.Line(call + ";");
                c.Line($"return new[] {{ {HostValueWriter.Cv}.Ok() }};");
            }
            else
            {
                c.Line($"var result = {call};");
                c.Line($"return new[] {{ {HostValueWriter.Cv}.Ok({values.Lower(ok, "result")}) }};");
            }
            c.Close();
            c.Open($"catch (global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(err)}>{(err is null ? "" : " error")})");
            c.Line(err is null
                ? $"return new[] {{ {HostValueWriter.Cv}.Err() }};"
                : $"return new[] {{ {HostValueWriter.Cv}.Err({values.Lower(err, "error.Error")}) }};");
            c.Close();
        }
        else
        {
            c.Line($"var result = {call};");
            c.Line($"return new[] {{ {values.Lower(abi.Result, "result")} }};");
        }
        c.Close(");");
        var view = View(f, c);
        view.Name = name;
        view.UsesTable = usesTable;
        return view;
    }

    /// <summary>
    /// A resource the host implements (the component imports it): an abstract class the host derives from, one abstract
    /// member per method; its objects get their reps in the calling store's resource table.
    /// </summary>
    private static List<string> HostResource(TypeDecl t)
    {
        var lines = new List<string>();
        if (t.Docs.Count > 0) lines.AddRange(t.Docs.Select(d => "    " + d));
        else lines.Add($"    /// <summary>The resource <c>{t.WitName}</c>, implemented by the host: derive from this class to keep the state of one resource.</summary>");
        lines.Add($"    public abstract class {t.Name} : global::System.IDisposable");
        lines.Add("    {");
        var first = true;
        foreach (var f in t.Functions.Where(f => f.Role == FunctionRole.Method))
        {
            if (!first) lines.Add("");
            first = false;
            if (f.Docs.Count > 0) lines.AddRange(f.Docs.Select(d => MemberIndent + d));
            else lines.Add($"{MemberIndent}/// <summary>The method <c>{Xml(f.WitName)}</c>.</summary>");
            lines.Add($"{MemberIndent}public abstract {f.ReturnType} {f.Name}({Args(f)});");
        }
        if (!first) lines.Add("");
        lines.Add($"{MemberIndent}/// <summary>Runs once when the component drops its own handle, or when the store's resource table is disposed holding the object (not when ownership came back to the host).</summary>");
        lines.Add($"{MemberIndent}public virtual void Dispose()");
        lines.Add(MemberIndent + "{");
        lines.Add(MemberIndent + "}");
        lines.Add("    }");
        return lines;
    }

    /// <summary>
    /// A resource the component implements (it exports it): a handle class the host holds, with the resource's methods;
    /// <c>Dispose</c> drops the handle and runs the component's destructor. Constructors and static functions are
    /// members of the exported interface's class.
    /// </summary>
    /// <remarks>Methods find their function through the world's <c>__Methods</c>, resolved on the first call and kept per
    /// instance (<paramref name="methodCount"/> numbers them across the world).</remarks>
    private static List<string> GuestResource(TypeDecl t, InterfaceDecl iface, string worldFull, HostValueWriter values, ref int methodCount)
    {
        var lines = new List<string>();
        if (t.Docs.Count > 0) lines.AddRange(t.Docs.Select(d => "    " + d));
        else lines.Add($"    /// <summary>A handle to the resource <c>{t.WitName}</c> the component implements; disposing it drops the handle (the component's destructor runs).</summary>");
        lines.Add($"    public sealed class {t.Name} : global::System.IDisposable");
        lines.Add("    {");
        lines.Add($"{MemberIndent}internal {t.Name}({HostValueWriter.ComponentResource} resource) => __Resource = resource;");
        lines.Add("");
        lines.Add($"{MemberIndent}/// <summary>The runtime's handle (dynamic API).</summary>");
        lines.Add($"{MemberIndent}internal {HostValueWriter.ComponentResource} __Resource {{ get; }}");
        var instanceName = iface.WitName == "$root" ? "null" : $"\"{iface.WitName}\"";
        foreach (var f in iface.Functions.Where(f => f.Role == FunctionRole.Method && f.Abi is not null && f.Abi.Params.Count > 0 && f.Abi.Params[0].Type == t.FullName))
        {
            var index = (methodCount++).ToString(CultureInfo.InvariantCulture);
            var function = $"{worldFull}.__Values.__Methods.Get(__Resource.Instance, {index}, {instanceName}, \"{f.WitName}\")";
            var view = ExportView(f, function, values, self: "this");
            lines.Add("");
            if (f.Docs.Count > 0) lines.AddRange(f.Docs.Select(d => MemberIndent + d));
            lines.Add($"{MemberIndent}/// <exception cref=\"global::WitBindgen.Runtime.Trap\">The component trapped.</exception>");
            lines.Add($"{MemberIndent}/// <exception cref=\"global::System.ObjectDisposedException\">The handle was dropped or moved.</exception>");
            if (f.Throws) lines.Add($"{MemberIndent}/// <exception cref=\"global::WitBindgen.Bindings.WitException\">The component returned an error.</exception>");
            lines.Add($"{MemberIndent}public {f.ReturnType} {f.Abi!.Target}({view.Params})");
            lines.Add(MemberIndent + "{");
            lines.AddRange(view.Body);
            lines.Add(MemberIndent + "}");
        }
        lines.Add("");
        lines.Add($"{MemberIndent}/// <summary>Drops the handle: the component's destructor runs, once (nothing happens when the handle was already dropped or moved).</summary>");
        lines.Add($"{MemberIndent}/// <exception cref=\"global::WitBindgen.Runtime.Trap\">The destructor trapped.</exception>");
        lines.Add($"{MemberIndent}public void Dispose() => __Resource.Dispose();");
        lines.Add("    }");
        return lines;
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    // Views: what the templates read.

    internal sealed class InterfaceView
    {
        public string Direction { get; set; } = "";
        public string Namespace { get; set; } = "";
        public string WitName { get; set; } = "";
        public string ClassName { get; set; } = "";
        public string? InterfaceName { get; set; }
        public bool IsRoot { get; set; }
        public EquatableArray<string> Docs { get; set; }
        public bool HasDocs => Docs.Count > 0;
        public bool HasThrows => Functions.Any(f => f.Throws);
        public bool HasFunctions => Functions.Count > 0;
        public List<GuestEmitter.TypeView> Types { get; set; } = new();
        public List<FunctionView> Functions { get; set; } = new();
        public List<string> Fields { get; set; } = new();
        public List<string> Inits { get; set; } = new();
        /// <summary>Resource classes, as lines (inside the namespace).</summary>
        public List<string> Resources { get; set; } = new();
        /// <summary>Resource definitions on the linker instance (imports).</summary>
        public List<string> Setup { get; set; } = new();
        public bool HasSetup => Setup.Count > 0;
        /// <summary>The interface passes host resources: its contract is an <c>IResourceTableView</c>, whose table holds them.</summary>
        public bool UsesTable { get; set; }
        /// <summary>Registrations of resource methods, which call the host's objects (imports).</summary>
        public List<FunctionView> Registrations { get; set; } = new();
    }

    internal sealed class FunctionView
    {
        public string Name { get; set; } = "";
        public string WitName { get; set; } = "";
        public string ReturnType { get; set; } = "";
        public string Params { get; set; } = "";
        public bool Throws { get; set; }
        public EquatableArray<string> Docs { get; set; }
        public List<string> Body { get; set; } = new();
        /// <summary>The registration passes handles of host resources (it reads the implementation's table).</summary>
        public bool UsesTable { get; set; }
    }

    internal sealed class PropertyView
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public string WitName { get; set; } = "";
    }

    internal sealed class WorldView
    {
        public string Namespace { get; set; } = "";
        public string WorldName { get; set; } = "";
        public string ClassName { get; set; } = "";
        public List<PropertyView> Properties { get; set; } = new();
        public List<FunctionView> Functions { get; set; } = new();
        public List<string> Fields { get; set; } = new();
        public List<string> Inits { get; set; } = new();
        public List<string> Helpers { get; set; } = new();
        public bool HasHelpers => Helpers.Count > 0;
        /// <summary>How many methods of exported resources the world's <c>__Methods</c> keeps.</summary>
        public int MethodCount { get; set; }
    }
}
