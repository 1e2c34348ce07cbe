using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Generator.Mapping;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Abi;

/// <summary>
/// Writes the guest glue of one function. Imports: a <c>[DllImport(module, EntryPoint = name),
/// WasmImportLinkage]</c> extern with the flat core signature of <see cref="FunctionAbiPlan.Lower"/> and a
/// C# method that lowers arguments, calls it and lifts the result. Exports: an
/// <c>[UnmanagedCallersOnly(EntryPoint = "iface#name")]</c> trampoline with the signature of
/// <see cref="FunctionAbiPlan.Lift"/> that lifts arguments, calls the user's implementation and
/// lowers the result, plus <c>cabi_post_*</c> when the result travels through a return area.
/// When compiled with <c>WITBINDGEN_IMPORT_HOOKS</c> the externs become function-pointer fields,
/// so tests can run the same glue in-process against a test linear memory.
/// </summary>
internal sealed class GuestGlue
{
    private const string Memory = ValueGlue.Memory;
    private readonly Resolve _resolve;
    private readonly TypeMapper _mapper;
    private readonly ValTypeBuilder _layouts;
    private readonly ValueGlue _values;

    public GuestGlue(Resolve resolve, TypeMapper mapper, Func<int, bool> isExportedResource)
    {
        _resolve = resolve;
        _mapper = mapper;
        _layouts = new ValTypeBuilder(resolve);
        _values = new ValueGlue(resolve, mapper, _layouts, isExportedResource);
    }

    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public (List<string> Body, List<string> Interop) Import(GlueRequest r)
    {
        var f = r.Function;
        var plan = FunctionAbiPlan.FromWit(_layouts, f);
        var c = new CodeWriter();
        var externName = "__Import_" + r.Name;

        // C# expressions for every WIT parameter (self is this object's borrowed handle).
        var args = new List<string>();
        int skip = r.Role == FunctionRole.Method ? 1 : 0;
        if (skip == 1) args.Add("this");
        foreach (var p in r.Params) args.Add(p.Name);

        c.Line($"int __mark = {Memory}.Mark();");
        c.Open("try");
        var flat = new List<string>();
        if (!plan.ParamsIndirect)
        {
            for (int i = 0; i < f.Params.Count; i++) flat.AddRange(_values.LowerFlat(f.Params[i].Type, args[i], c));
        }
        else
        {
            c.Line($"int __params = {Memory}.AllocTemporary({N(plan.ParamAreaSize)}, {N(plan.ParamAreaAlignment)});");
            for (int i = 0; i < f.Params.Count; i++)
                _values.Store(f.Params[i].Type, args[i], Offset("__params", plan.ParamTuple.FieldOffsets[i]), c);
            flat.Add("__params");
        }
        if (plan.ResultIndirect)
        {
            c.Line($"int __ret = {Memory}.AllocTemporary({N(plan.ResultAreaSize)}, {N(plan.ResultAreaAlignment)});");
            flat.Add("__ret");
        }
        var call = $"{externName}({string.Join(", ", flat)})";
        string? value = null;
        if (f.Result is { } result)
        {
            if (plan.ResultIndirect)
            {
                c.Line($"{call};");
                value = r.Role == FunctionRole.Constructor ? $"{Memory}.Load<int>(__ret)" : _values.Load(result, "__ret", owned: true, c);
            }
            else
            {
                c.Line($"{ValueGlue.CoreType(plan.Lower.Results[0])} __result = {call};");
                int k = 0;
                value = r.Role == FunctionRole.Constructor ? "__result" : _values.LiftFlat(result, new[] { "__result" }, ref k, owned: true, c);
            }
        }
        else c.Line($"{call};");

        if (r.Role == FunctionRole.Constructor) c.Line($"AttachHandle({value});");
        else if (r.Throws)
        {
            var res = (ResultKind)_resolve.Types[_resolve.DealiasId(_resolve.Dealias(f.Result!.Value).TypeId)].Kind;
            c.Line($"var __outcome = {value};");
            c.Line($"if (__outcome.IsErr) throw new global::WitBindgen.Bindings.WitException<{_mapper.MapOrUnit(res.Err)}>(__outcome.Error);");
            if (res.Ok is not null) c.Line("return __outcome.Value;");
        }
        else if (value is not null) c.Line($"return {value};");
        c.Close();
        c.Open("finally");
        c.Line($"{Memory}.FreeTo(__mark);");
        c.Close();

        var interop = new List<string>();
        var ps = plan.Lower.Params.Select(ValueGlue.CoreType).ToList();
        var ret = plan.Lower.Results.Count == 0 ? "void" : ValueGlue.CoreType(plan.Lower.Results[0]);
        interop.Add("#if WITBINDGEN_IMPORT_HOOKS");
        interop.Add($"internal static delegate* unmanaged<{string.Join("", ps.Select(p => p + ", "))}{ret}> {externName} = null;");
        interop.Add("#else");
        interop.Add($"[global::System.Runtime.InteropServices.DllImport(\"{r.ImportModule}\", EntryPoint = \"{f.Name}\"), global::System.Runtime.InteropServices.WasmImportLinkage]");
        interop.Add($"private static extern {ret} {externName}({string.Join(", ", ps.Select((p, i) => $"{p} p{i}"))});");
        interop.Add("#endif");
        return (c.Lines, interop);
    }

    public (List<string> Body, List<string> Interop) Export(GlueRequest r)
    {
        var f = r.Function;
        var plan = FunctionAbiPlan.FromWit(_layouts, f);
        var c = new CodeWriter();
        var name = "__Export_" + r.Name;
        var exportName = r.ExportPrefix + f.Name;
        var ps = plan.Lift.Params.Select(ValueGlue.CoreType).ToList();
        var ret = plan.Lift.Results.Count == 0 ? "void" : ValueGlue.CoreType(plan.Lift.Results[0]);

        // Lift the arguments; memory handed to an export belongs to it and is freed once lifted.
        _values.UsedBorrowScope = false;
        var args = new List<string>();
        if (!plan.ParamsIndirect)
        {
            var flat = ps.Select((_, i) => "p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            int k = 0;
            foreach (var p in f.Params) args.Add(Local(c, _values, p.Type, _values.LiftFlat(p.Type, flat, ref k, owned: true, c)));
        }
        else
        {
            for (int i = 0; i < f.Params.Count; i++)
                args.Add(Local(c, _values, f.Params[i].Type, _values.Load(f.Params[i].Type, Offset("p0", plan.ParamTuple.FieldOffsets[i]), owned: true, c)));
            c.Line($"{Memory}.Free(p0, {N(plan.ParamAreaSize)});");
        }

        string target = r.Role switch
        {
            FunctionRole.Method => $"{args[0]}.{r.TargetName}({string.Join(", ", args.Skip(1))})",
            _ => $"{r.ClassName}.Implementation.{r.Name}({string.Join(", ", args)})",
        };

        string? value = null;
        if (f.Result is { } result)
        {
            if (r.Throws)
            {
                var res = (ResultKind)_resolve.Types[_resolve.DealiasId(_resolve.Dealias(result).TypeId)].Kind;
                var type = _mapper.Map(result);
                c.Line($"{type} __outcome;");
                c.Open("try");
                if (res.Ok is not null) c.Line($"__outcome = {type}.Ok({target});");
                else
                {
                    c.Line($"{target};");
                    c.Line($"__outcome = {type}.Ok(default);");
                }
                c.Close();
                c.Open($"catch (global::WitBindgen.Bindings.WitException<{_mapper.MapOrUnit(res.Err)}> __error)");
                c.Line($"__outcome = {type}.Err(__error.Error);");
                c.Close();
                value = "__outcome";
            }
            else
            {
                c.Line($"{_mapper.Map(result)} __value = {target};");
                value = "__value";
            }
            if (plan.ResultIndirect)
            {
                c.Line($"int __ret = {Memory}.AllocTemporary({N(plan.ResultAreaSize)}, {N(plan.ResultAreaAlignment)});");
                _values.Store(result, value, "__ret", c);
                c.Line("return __ret;");
            }
            else
            {
                var flat = _values.LowerFlat(result, value, c);
                c.Line($"return {flat[0]};");
            }
        }
        else c.Line($"{target};");

        var interop = new List<string>
        {
            // Public like the peers' entry points: NativeAOT exports what it can root; hidden from IntelliSense.
            "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]",
            $"[global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = \"{exportName}\")]",
            $"public static {ret} {name}({string.Join(", ", ps.Select((p, i) => $"{p} p{i}"))})",
            "{",
        };
        if (_values.UsedBorrowScope)
        {
            // Borrowed handles of imported resources must be dropped before the export returns.
            interop.Add($"    int __borrows = global::WitBindgen.Bindings.Abi.BorrowScope.Mark();");
            interop.Add("    try");
            interop.Add("    {");
            interop.AddRange(c.Lines.Select(l => "        " + l));
            interop.Add("    }");
            interop.Add("    finally");
            interop.Add("    {");
            interop.Add("        global::WitBindgen.Bindings.Abi.BorrowScope.ReleaseTo(__borrows);");
            interop.Add("    }");
        }
        else interop.AddRange(c.Lines.Select(l => "    " + l));
        interop.Add("}");
        if (plan.ResultIndirect)
        {
            interop.Add("");
            interop.Add("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            interop.Add($"[global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = \"cabi_post_{exportName}\")]");
            interop.Add($"public static void __Post_{r.Name}(int ret) => {Memory}.FreePending();");
        }
        return (new List<string>(), interop);
    }

    private string Local(CodeWriter c, ValueGlue values, WitType t, string expr)
    {
        var v = c.Temp("arg");
        c.Line($"{_mapper.Map(t)} {v} = {expr};");
        return v;
    }

    private static string Offset(string a, uint offset) => offset == 0 ? a : $"{a} + {N(offset)}";
}
