using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Guest;

/// <summary>
/// Writes the guest glue of one function from its <see cref="FunctionAbi"/>. Imports: a
/// <c>[DllImport(module, EntryPoint = name), WasmImportLinkage]</c> extern with the flat core signature of
/// <see cref="AbiPlan.LowerParams"/> and a C# method body that lowers arguments, calls it and lifts the result.
/// Exports: an <c>[UnmanagedCallersOnly(EntryPoint = "iface#name")]</c> trampoline with the signature of
/// <see cref="AbiPlan.LiftParams"/> that lifts arguments, calls the user's implementation and lowers the
/// result, plus <c>cabi_post_*</c> when the result travels through a return area. When compiled with
/// <c>WITBINDGEN_IMPORT_HOOKS</c> the externs become function-pointer fields, so tests can run the same
/// glue in-process against a test linear memory.
/// </summary>
internal static class GuestFunctionWriter
{
    private const string Memory = GuestValueWriter.Memory;

    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Offset(string a, uint offset) => offset == 0 ? a : $"{a} + {N(offset)}";

    /// <summary>The body of the user-facing method of an imported function.</summary>
    public static List<string> ImportBody(FunctionDecl f)
    {
        var abi = f.Abi!;
        var plan = abi.Plan;
        var values = new GuestValueWriter();
        var c = new CodeWriter();
        var externName = "__Import_" + f.Name;

        // C# expressions for every WIT parameter (self is this object's borrowed handle).
        var args = new List<string>();
        if (f.Role == FunctionRole.Method) args.Add("this");
        foreach (var p in f.Params) args.Add(p.Name);

        c.Line($"int __mark = {Memory}.Mark();");
        c.Open("try");
        var flat = new List<string>();
        if (!plan.ParamsIndirect)
        {
            for (int i = 0; i < abi.Params.Count; i++) flat.AddRange(values.LowerFlat(abi.Params[i], args[i], c));
        }
        else
        {
            c.Line($"int __params = {Memory}.AllocTemporary({N(plan.ParamAreaSize)}, {N(plan.ParamAreaAlignment)});");
            for (int i = 0; i < abi.Params.Count; i++)
                values.Store(abi.Params[i], args[i], Offset("__params", plan.ParamOffsets[i]), c);
            flat.Add("__params");
        }
        if (plan.ResultIndirect)
        {
            c.Line($"int __ret = {Memory}.AllocTemporary({N(plan.ResultAreaSize)}, {N(plan.ResultAreaAlignment)});");
            flat.Add("__ret");
        }
        var call = $"{externName}({string.Join(", ", flat)})";
        string? value = null;
        if (abi.Result is { } result)
        {
            if (plan.ResultIndirect)
            {
                c.Line($"{call};");
                value = f.Role == FunctionRole.Constructor ? $"{Memory}.Load<int>(__ret)" : values.Load(result, "__ret", owned: true, c);
            }
            else
            {
                c.Line($"{GuestValueWriter.CoreType(plan.LowerResults[0])} __result = {call};");
                int k = 0;
                value = f.Role == FunctionRole.Constructor ? "__result" : values.LiftFlat(result, new[] { "__result" }, ref k, owned: true, c);
            }
        }
        else c.Line($"{call};");

        if (f.Role == FunctionRole.Constructor) c.Line($"AttachHandle({value});");
        else if (f.Throws)
        {
            var result2 = abi.Result!;
            c.Line($"var __outcome = {value};");
            c.Line($"if (__outcome.IsErr) throw new global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(result2.Members[1].Shape)}>(__outcome.Error);");
            if (result2.Members[0].Shape is not null) c.Line("return __outcome.Value;");
        }
        else if (value is not null) c.Line($"return {value};");
        c.Close();
        c.Open("finally");
        c.Line($"{Memory}.FreeTo(__mark);");
        c.Close();
        return c.Lines;
    }

    /// <summary>The extern (or test hook) an imported function's body calls.</summary>
    public static List<string> ImportExtern(FunctionDecl f)
    {
        var abi = f.Abi!;
        var externName = "__Import_" + f.Name;
        var ps = abi.Plan.LowerParams.Select(GuestValueWriter.CoreType).ToList();
        var ret = abi.Plan.LowerResults.Count == 0 ? "void" : GuestValueWriter.CoreType(abi.Plan.LowerResults[0]);
        return new List<string>
        {
            "#if WITBINDGEN_IMPORT_HOOKS",
            $"internal static delegate* unmanaged<{string.Join("", ps.Select(p => p + ", "))}{ret}> {externName} = null;",
            "#else",
            $"[global::System.Runtime.InteropServices.DllImport(\"{abi.CoreModule}\", EntryPoint = \"{abi.CoreName}\"), global::System.Runtime.InteropServices.WasmImportLinkage]",
            $"private static extern {ret} {externName}({string.Join(", ", ps.Select((p, i) => $"{p} p{i}"))});",
            "#endif",
        };
    }

    /// <summary>The export trampoline (and its <c>cabi_post_*</c>) of an exported function of class <paramref name="className"/>.</summary>
    public static List<string> Export(FunctionDecl f, string className)
    {
        var abi = f.Abi!;
        var plan = abi.Plan;
        var values = new GuestValueWriter();
        var c = new CodeWriter();
        var name = "__Export_" + f.Name;
        var exportName = abi.CoreName;
        var ps = plan.LiftParams.Select(GuestValueWriter.CoreType).ToList();
        var ret = plan.LiftResults.Count == 0 ? "void" : GuestValueWriter.CoreType(plan.LiftResults[0]);

        // Lift the arguments; memory handed to an export belongs to it and is freed once lifted.
        var args = new List<string>();
        if (!plan.ParamsIndirect)
        {
            var flat = ps.Select((_, i) => "p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            int k = 0;
            foreach (var p in abi.Params) args.Add(Local(c, p, values.LiftFlat(p, flat, ref k, owned: true, c)));
        }
        else
        {
            for (int i = 0; i < abi.Params.Count; i++)
                args.Add(Local(c, abi.Params[i], values.Load(abi.Params[i], Offset("p0", plan.ParamOffsets[i]), owned: true, c)));
            c.Line($"{Memory}.Free(p0, {N(plan.ParamAreaSize)});");
        }

        string target = f.Role switch
        {
            FunctionRole.Method => $"{args[0]}.{abi.Target}({string.Join(", ", args.Skip(1))})",
            _ => $"{className}.Implementation.{f.Name}({string.Join(", ", args)})",
        };

        if (abi.Result is { } result)
        {
            string value;
            if (f.Throws)
            {
                var type = result.Type;
                c.Line($"{type} __outcome;");
                c.Open("try");
                if (result.Members[0].Shape is not null) c.Line($"__outcome = {type}.Ok({target});");
                else
                {
                    c.Line($"{target};");
                    c.Line($"__outcome = {type}.Ok(default);");
                }
                c.Close();
                c.Open($"catch (global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(result.Members[1].Shape)}> __error)");
                c.Line($"__outcome = {type}.Err(__error.Error);");
                c.Close();
                value = "__outcome";
            }
            else
            {
                c.Line($"{result.Type} __value = {target};");
                value = "__value";
            }
            if (plan.ResultIndirect)
            {
                c.Line($"int __ret = {Memory}.AllocTemporary({N(plan.ResultAreaSize)}, {N(plan.ResultAreaAlignment)});");
                values.Store(result, value, "__ret", c);
                c.Line("return __ret;");
            }
            else
            {
                var flat = values.LowerFlat(result, value, c);
                c.Line($"return {flat[0]};");
            }
        }
        else c.Line($"{target};");

        var lines = new List<string>
        {
            // Public like the peers' entry points: NativeAOT exports what it can root; hidden from IntelliSense.
            "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]",
            $"[global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = \"{exportName}\")]",
            $"public static {ret} {name}({string.Join(", ", ps.Select((p, i) => $"{p} p{i}"))})",
            "{",
        };
        if (values.UsedBorrowScope)
        {
            // Borrowed handles of imported resources must be dropped before the export returns.
            lines.Add("    int __borrows = global::WitBindgen.Bindings.Abi.BorrowScope.Mark();");
            lines.Add("    try");
            lines.Add("    {");
            lines.AddRange(c.Lines.Select(l => Indent(l, "        ")));
            lines.Add("    }");
            lines.Add("    finally");
            lines.Add("    {");
            lines.Add("        global::WitBindgen.Bindings.Abi.BorrowScope.ReleaseTo(__borrows);");
            lines.Add("    }");
        }
        else lines.AddRange(c.Lines.Select(l => Indent(l, "    ")));
        lines.Add("}");
        if (plan.ResultIndirect)
        {
            lines.Add("");
            lines.Add("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            lines.Add($"[global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = \"cabi_post_{exportName}\")]");
            lines.Add($"public static void __Post_{f.Name}(int ret) => {Memory}.FreePending();");
        }
        return lines;
    }

    private static string Indent(string line, string prefix) => line.Length == 0 ? line : prefix + line;

    private static string Local(CodeWriter c, ValueShape t, string expr)
    {
        var v = c.Temp("arg");
        c.Line($"{t.Type} {v} = {expr};");
        return v;
    }
}
