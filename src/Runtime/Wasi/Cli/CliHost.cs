using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Cli;

/// <summary><c>wasi:cli</c>: environment, exit, stdin/stdout/stderr and terminal-* (no terminals: always none).</summary>
public static class CliHost
{
    /// <summary>Defines the <c>wasi:cli</c> imports.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        var t = ctx.Table;
        var env = linker.Instance(Name("wasi:cli/environment"));
        Fn(env, "get-environment", _ =>
        {
            var items = new ComponentValue[ctx.Environment.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Tuple(ComponentValue.StringUtf8(ctx.Environment[i].Key), ComponentValue.StringUtf8(ctx.Environment[i].Value));
            return ComponentValue.List(items);
        });
        Fn(env, "get-arguments", _ =>
        {
            var items = new ComponentValue[ctx.Arguments.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.StringUtf8(ctx.Arguments[i]);
            return ComponentValue.List(items);
        });
        Fn(env, "initial-cwd", _ => ctx.InitialCwd is { } cwd ? ComponentValue.Some(ComponentValue.StringUtf8(cwd)) : ComponentValue.None);

        var exit = linker.Instance(Name("wasi:cli/exit"));
        Fn0(exit, "exit", a => Exit(ctx, a[0].CaseIndex == 0 ? 0 : 1));
        Fn0(exit, "exit-with-code", a => Exit(ctx, (int)a[0].AsUInt64()));

        Fn(linker.Instance(Name("wasi:cli/stdin")), "get-stdin", _ => ComponentValue.Own(t.Push(ctx.Stdin)));
        Fn(linker.Instance(Name("wasi:cli/stdout")), "get-stdout", _ => ComponentValue.Own(t.Push(ctx.Stdout)));
        Fn(linker.Instance(Name("wasi:cli/stderr")), "get-stderr", _ => ComponentValue.Own(t.Push(ctx.Stderr)));

        Resource(linker.Instance(Name("wasi:cli/terminal-input")), "terminal-input", ctx);
        Resource(linker.Instance(Name("wasi:cli/terminal-output")), "terminal-output", ctx);
        foreach (var name in new[] { "stdin", "stdout", "stderr" })
            Fn(linker.Instance(Name("wasi:cli/terminal-" + name)), "get-terminal-" + name, _ => ComponentValue.None);
    }

    private static void Exit(WasiContext ctx, int code)
    {
        ctx.ExitCode = code;
        throw new WasiExitException(code);
    }
}
