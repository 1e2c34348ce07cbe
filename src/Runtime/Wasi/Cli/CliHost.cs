using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Cli;

/// <summary><c>wasi:cli</c>: environment, exit, stdin/stdout/stderr and terminal-* (no terminals: always none).</summary>
public static class CliHost
{
    /// <summary>Defines the <c>wasi:cli</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:cli</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        var env = new HostInstance(linker, "wasi:cli/environment", context);
        env.Fn("get-environment", static (c, _) =>
        {
            var items = new ComponentValue[c.Environment.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Tuple(ComponentValue.StringUtf8(c.Environment[i].Key), ComponentValue.StringUtf8(c.Environment[i].Value));
            return ComponentValue.List(items);
        });
        env.Fn("get-arguments", static (c, _) =>
        {
            var items = new ComponentValue[c.Arguments.Count];
            for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.StringUtf8(c.Arguments[i]);
            return ComponentValue.List(items);
        });
        env.Fn("initial-cwd", static (c, _) => c.InitialCwd is { } cwd ? ComponentValue.Some(ComponentValue.StringUtf8(cwd)) : ComponentValue.None);

        var exit = new HostInstance(linker, "wasi:cli/exit", context);
        exit.Fn0("exit", static (c, a) => Exit(c, a[0].CaseIndex == 0 ? 0 : 1));
        exit.Fn0("exit-with-code", static (c, a) => Exit(c, (int)a[0].AsUInt64()));

        new HostInstance(linker, "wasi:cli/stdin", context).Fn("get-stdin", static (c, _) => ComponentValue.Own(c.Table.Push(c.Stdin)));
        new HostInstance(linker, "wasi:cli/stdout", context).Fn("get-stdout", static (c, _) => ComponentValue.Own(c.Table.Push(c.Stdout)));
        new HostInstance(linker, "wasi:cli/stderr", context).Fn("get-stderr", static (c, _) => ComponentValue.Own(c.Table.Push(c.Stderr)));

        new HostInstance(linker, "wasi:cli/terminal-input", context).Resource("terminal-input");
        new HostInstance(linker, "wasi:cli/terminal-output", context).Resource("terminal-output");
        foreach (var name in new[] { "stdin", "stdout", "stderr" })
            new HostInstance(linker, "wasi:cli/terminal-" + name, context).Fn("get-terminal-" + name, static (_, _) => ComponentValue.None);
    }

    private static void Exit(WasiContext ctx, int code)
    {
        ctx.ExitCode = code;
        throw new WasiExitException(code);
    }
}
