using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Runtime.Components;
using Xunit;
using W = Wasmtime;
using WC = Wasmtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

// Component-to-component calls (a canon lower of another component instance's canon lift, through the runtime's fused
// adapter) on both runtimes: values of every kind through two forwarding components in every pair of string encodings,
// resources moved and lent between two components, and callers that break the canonical ABI.
public sealed partial class WasmtimeDifferentialTests
{
    /// <summary>
    /// The functions forwarded across two components: (name, type, the core parameters of the type (one pointer when
    /// they spill), the core result when it is one flat value (null: through a return area)).
    /// </summary>
    private static (string Name, T Type, string Params, string? Result)[] Forwarded => _forwarded ??= new (string, T, string, string?)[]
    {
        ("bool", Bool, "i32", "i32"), ("s8", S8, "i32", "i32"), ("u8", U8, "i32", "i32"), ("s16", S16, "i32", "i32"),
        ("u16", U16, "i32", "i32"), ("s32", S32, "i32", "i32"), ("u32", U32, "i32", "i32"), ("s64", S64, "i64", "i64"),
        ("u64", U64, "i64", "i64"), ("f32", F32, "f32", "f32"), ("f64", F64, "f64", "f64"), ("char", Char, "i32", "i32"),
        ("enum", Enm, "i32", "i32"), ("flags", Flg, "i32", "i32"),
        ("string", Str, "i32 i32", null), ("record", Rec, "i32 i32 i32 f64 i32", null), ("tuple", Tup, "i32 i64 i32 i32 i32", null),
        ("variant", Var, "i32 i64 i32", null), ("option", Opt, "i32 i32", null), ("option-string", OptStr, "i32 i32 i32", null),
        ("result", Res, "i32 i32 i32", null),
        ("strings", ListOf(Str), "i32 i32", null), ("records", ListOf(Rec), "i32 i32", null), ("tuples", ListOf(Tup), "i32 i32", null),
        ("variants", ListOf(Var), "i32 i32", null), ("options", ListOf(OptStr), "i32 i32", null), ("results", ListOf(Res), "i32 i32", null),
        ("nested", ListOf(ListOf(U16)), "i32 i32", null), ("u32s", ListOf(U32), "i32 i32", null), ("s64s", ListOf(S64), "i32 i32", null),
        ("floats", ListOf(F32), "i32 i32", null), ("doubles", ListOf(F64), "i32 i32", null), ("bools", ListOf(Bool), "i32 i32", null),
        ("chars", ListOf(Char), "i32 i32", null), ("enums", ListOf(Enm), "i32 i32", null), ("flags-list", ListOf(Flg), "i32 i32", null),
        // 18 flat values: the parameters spill to memory on both sides.
        ("spilled", new T(ValTypeKind.Tuple, "(tuple $rec (tuple u8 s64 char string) $var string (result u32 (error string)))",
            new T?[] { Rec, Tup, Var, Str, Res }), "i32", (string?)null),
    };

    // Made on first use: the types are static fields of the class's other file, whose initialisation order is not this file's.
    private static (string Name, T Type, string Params, string? Result)[]? _forwarded;

    private static readonly string[] Encodings = { "utf8", "utf16", "latin1+utf16" };

    /// <summary>The instance both forwarders import (and export): the named types and one function per forwarded type.</summary>
    private static string ForwardedInstanceType()
    {
        var sb = new StringBuilder("""
                (type $rec' (record (field "a" u8) (field "b" string) (field "c" f64) (field "d" char)))
                (export "rec" (type $rec (eq $rec')))
                (type $var' (variant (case "none") (case "int" s64) (case "text" string) (case "real" f32)))
                (export "var" (type $var (eq $var')))
                (type $enm' (enum "a" "b" "c" "d" "e"))
                (export "enm" (type $enm (eq $enm')))
                (type $flg' (flags "x" "y" "z" "w" "v"))
                (export "flg" (type $flg (eq $flg')))

            """);
        foreach (var (name, type, _, _) in Forwarded)
            sb.Append($"    (export \"h-{name}\" (func (param \"x\" {type.Wat}) (result {type.Wat})))\n");
        return sb.ToString();
    }

    /// <summary>A component that imports the forwarded functions and exports them again, its core code passing the flat
    /// parameters and results through, with <paramref name="encoding"/> on both its lowerings and its liftings.</summary>
    private static string Forwarder(string id, string encoding)
    {
        var sb = new StringBuilder();
        sb.Append($"  (component {id}\n    (import \"test:diff/host\" (instance $h\n{ForwardedInstanceType()}))\n");
        // The imported types, exported again: the exported functions use the exports (which name them for the user).
        foreach (var t in new[] { "rec", "var", "enm", "flg" })
            sb.Append($"    (alias export $h \"{t}\" (type ${t}-imported))\n    (export ${t} \"{t}\" (type ${t}-imported))\n");
        foreach (var (name, _, _, _) in Forwarded) sb.Append($"    (alias export $h \"h-{name}\" (func $host-{name}))\n");
        sb.Append("    (core module $mem\n      (memory (export \"memory\") 4)\n").Append(Realloc).Append(")\n");
        sb.Append("    (core instance $mi (instantiate $mem))\n");
        string options = $"(memory $mi \"memory\") (realloc (func $mi \"realloc\")) string-encoding={encoding}";
        foreach (var (name, _, _, _) in Forwarded)
            sb.Append($"    (core func $lower-{name} (canon lower (func $host-{name}) {options}))\n");
        sb.Append("    (core module $m\n      (import \"mem\" \"realloc\" (func $realloc (param i32 i32 i32 i32) (result i32)))\n");
        foreach (var (name, _, ps, result) in Forwarded)
            sb.Append($"      (import \"host\" \"{name}\" (func $h-{name} (param {ps}{(result is null ? " i32" : "")}){(result is null ? "" : $" (result {result})")}))\n");
        foreach (var (name, _, ps, result) in Forwarded)
        {
            int count = ps.Split(' ').Length;
            var gets = string.Join(" ", Enumerable.Range(0, count).Select(i => $"(local.get {i})"));
            if (result is not null)
                sb.Append($"      (func (export \"{name}\") (param {ps}) (result {result}) (call $h-{name} {gets}))\n");
            else
                sb.Append($"      (func (export \"{name}\") (param {ps}) (result i32) (local $r i32)\n" +
                    $"        (local.set $r (call $realloc (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 256)))\n" +
                    $"        (call $h-{name} {gets} (local.get $r)) (local.get $r))\n");
        }
        sb.Append("    )\n    (core instance $i (instantiate $m (with \"mem\" (instance $mi)) (with \"host\" (instance\n");
        foreach (var (name, _, _, _) in Forwarded) sb.Append($"      (export \"{name}\" (func $lower-{name}))\n");
        sb.Append("    ))))\n");
        foreach (var (name, type, _, result) in Forwarded)
        {
            // Post-return frees the return area after the caller has copied the result out of it.
            var post = result is null ? " (post-return (func $mi \"reset\"))" : "";
            sb.Append($"    (func $lift-{name} (param \"x\" {type.Wat}) (result {type.Wat}) (canon lift (core func $i \"{name}\") {options}{post}))\n");
            sb.Append($"    (export \"h-{name}\" (func $lift-{name}))\n");
        }
        sb.Append("  )\n");
        return sb.ToString();
    }

    /// <summary>The host's functions, called by a forwarder whose caller is a forwarder with <paramref name="callerEncoding"/>.</summary>
    private static string ComposedForwardersWat(string callerEncoding, string calleeEncoding)
    {
        var sb = new StringBuilder("(component\n");
        sb.Append($"  (import \"test:diff/host\" (instance $h\n{ForwardedInstanceType()}))\n");
        sb.Append(Forwarder("$Callee", calleeEncoding));
        sb.Append(Forwarder("$Caller", callerEncoding));
        sb.Append("  (instance $callee (instantiate $Callee (with \"test:diff/host\" (instance $h))))\n");
        sb.Append("  (instance $caller (instantiate $Caller (with \"test:diff/host\" (instance $callee))))\n");
        // The caller's instance as a whole: it names the types its functions use.
        sb.Append("  (export \"fwd\" (instance $caller))\n)\n");
        return sb.ToString();
    }

    [Fact]
    public void ValuesOfEveryKindCrossTwoComponentsInEveryEncodingPairAlikeOnBothRuntimes()
    {
        const int Rounds = 12;
        var random = new Random(23);
        int calls = 0, values = 0;
        foreach (var callerEncoding in Encodings)
        foreach (var calleeEncoding in Encodings)
        {
            var oursReceived = new List<ComponentValue>();
            var theirsReceived = new List<ComponentValue>();
            var (ours, theirs) = InstantiateBoth(ComposedForwardersWat(callerEncoding, calleeEncoding),
                linker =>
                {
                    var host = linker.Instance("test:diff/host");
                    foreach (var (name, _, _, _) in Forwarded)
                        host.DefineFunction("h-" + name, args =>
                        {
                            oursReceived.Add(args[0]);
                            return new[] { args[0] };
                        });
                },
                wLinker =>
                {
                    using var root = wLinker.Root();
                    using var host = root.AddInstance("test:diff/host");
                    foreach (var (name, type, _, _) in Forwarded)
                        host.DefineFunction("h-" + name, (args, results) =>
                        {
                            var v = FromW(args[0], type);
                            theirsReceived.Add(v);
                            results[0] = ToW(v, type);
                        });
                });
            foreach (var (name, type, _, _) in Forwarded)
            {
                var f = ours.GetFunction("fwd", "h-" + name) ?? throw new InvalidOperationException(name);
                var wf = theirs.GetFunction("fwd", "h-" + name) ?? throw new InvalidOperationException(name);
                for (int round = 0; round < Rounds; round++)
                {
                    var value = Random(random, type);
                    string where = $"{callerEncoding} -> {calleeEncoding}: h-{name}({value})";
                    var got = f.Call(value)!.Value;
                    var wGot = FromW(wf.Call(ToW(value, type))!, type);
                    Assert.True(Same(value, oursReceived[^1], countNans: false), $"{where}: the host got {oursReceived[^1]}");
                    Assert.True(Same(value, got, countNans: false), $"{where}: ours returned {got}");
                    Assert.True(Same(got, wGot), $"{where}: ours {got}, Wasmtime {wGot}");
                    Assert.True(Same(oursReceived[^1], theirsReceived[^1]), $"{where}: hosts got {oursReceived[^1]} and {theirsReceived[^1]}");
                    calls++;
                    values += CountScalars(value);
                }
            }
        }
        _output.WriteLine($"{calls} calls through two components on each runtime ({Forwarded.Length} types x 9 encoding pairs), " +
            $"{values} values each way; NaNs with different bits on the two runtimes: {_nanBitDifferences}");
    }

    // A resource defined by one component, used by another: own handles moved into and out of the user's table, borrows
    // lent for a call (to the definer, which sees the rep, and to a third component, which must drop its borrow).
    private static readonly string Definer =
        "(component $Definer" + ComponentResourceAndLinkingTests.Resources.Substring("(component".Length);

    private static readonly string ComposedResourcesWat = $$"""
        (component
          {{Definer}}
          (component $Keeper
            (import "r" (type $R (sub resource)))
            (core func $drop (canon resource.drop $R))
            (core module $k
              (import "" "drop" (func $drop (param i32)))
              (func (export "keep") (param i32) (result i32) (i32.const 1))
              (func (export "peek") (param i32) (result i32) (call $drop (local.get 0)) (i32.const 2)))
            (core instance $k (instantiate $k (with "" (instance (export "drop" (func $drop))))))
            (func (export "keep") (param "r" (borrow $R)) (result u32) (canon lift (core func $k "keep")))
            (func (export "peek") (param "r" (borrow $R)) (result u32) (canon lift (core func $k "peek"))))
          (component $User
            (import "api" (instance $api
              (export "r" (type $R (sub resource)))
              (export "make" (func (param "rep" u32) (result (own $R))))
              (export "get" (func (param "r" (borrow $R)) (result u32)))
              (export "consume" (func (param "r" (own $R)) (result u32)))))
            (alias export $api "r" (type $R))
            (import "keep" (func $keep (param "r" (borrow $R)) (result u32)))
            (import "peek" (func $peek (param "r" (borrow $R)) (result u32)))
            (core func $make (canon lower (func $api "make")))
            (core func $get (canon lower (func $api "get")))
            (core func $consume (canon lower (func $api "consume")))
            (core func $keep' (canon lower (func $keep)))
            (core func $peek' (canon lower (func $peek)))
            (core func $drop (canon resource.drop $R))
            (core module $u
              (import "" "make" (func $make (param i32) (result i32)))
              (import "" "get" (func $get (param i32) (result i32)))
              (import "" "consume" (func $consume (param i32) (result i32)))
              (import "" "keep" (func $keep (param i32) (result i32)))
              (import "" "peek" (func $peek (param i32) (result i32)))
              (import "" "drop" (func $drop (param i32)))
              ;; make an own handle, lend it to its definer, lend it to a third component that drops its borrow,
              ;; then move it back to the definer, whose destructor runs.
              (func (export "round-trip") (param i32) (result i32)
                (local $h i32) (local $sum i32)
                (local.set $h (call $make (local.get 0)))
                (local.set $sum (call $get (local.get $h)))
                (local.set $sum (i32.add (local.get $sum) (call $peek (local.get $h))))
                (i32.add (local.get $sum) (call $consume (local.get $h))))
              ;; a moved handle is gone from the user's table
              (func (export "use-after-move")
                (local $h i32)
                (local.set $h (call $make (i32.const 5)))
                (drop (call $consume (local.get $h)))
                (call $drop (local.get $h)))
              ;; the callee keeps its borrow past the end of the call
              (func (export "keep-borrow") (result i32)
                (call $keep (call $make (i32.const 9)))))
            (core instance $ui (instantiate $u (with "" (instance
              (export "make" (func $make)) (export "get" (func $get)) (export "consume" (func $consume))
              (export "keep" (func $keep')) (export "peek" (func $peek')) (export "drop" (func $drop))))))
            (func (export "round-trip") (param "v" u32) (result u32) (canon lift (core func $ui "round-trip")))
            (func (export "use-after-move") (canon lift (core func $ui "use-after-move")))
            (func (export "keep-borrow") (result u32) (canon lift (core func $ui "keep-borrow"))))
          (instance $definer (instantiate $Definer))
          (alias export $definer "r" (type $r))
          (instance $keeper (instantiate $Keeper (with "r" (type $r))))
          (instance $user (instantiate $User (with "api" (instance $definer))
            (with "keep" (func $keeper "keep")) (with "peek" (func $keeper "peek"))))
          (export "round-trip" (func $user "round-trip"))
          (export "use-after-move" (func $user "use-after-move"))
          (export "keep-borrow" (func $user "keep-borrow"))
          (export "dropped" (func $definer "dropped"))
        )
        """;

    [Fact]
    public void ResourcesMoveAndLendBetweenTwoComponentsAlikeOnBothRuntimes()
    {
        // get sees the rep (42), peek drops its borrow (2), consume returns the rep (42) and runs the destructor.
        var (ours, theirs) = InstantiateBoth(ComposedResourcesWat);
        Assert.Equal(ComponentValue.U32(86), ours.GetFunction("round-trip")!.Call(ComponentValue.U32(42)));
        Assert.Equal(86u, theirs.GetFunction("round-trip")!.Call(WC.ComponentValue.U32(42))!.AsU32());
        Assert.Equal(ComponentValue.U32(42), ours.GetFunction("dropped")!.Call());
        Assert.Equal(42u, theirs.GetFunction("dropped")!.Call(Array.Empty<WC.ComponentValue>())!.AsU32());
    }

    [Theory]
    [InlineData("use-after-move", "unknown handle index 1")]
    [InlineData("keep-borrow", "borrow handles still remain at the end of the call")]
    public void MisusedHandlesAcrossTwoComponentsTrapOnBothRuntimes(string export, string message)
    {
        var (ours, theirs) = InstantiateBoth(ComposedResourcesWat);
        var ourError = Record.Exception(() => ours.GetFunction(export)!.Call());
        var theirError = Record.Exception(() => theirs.GetFunction(export)!.Call(Array.Empty<WC.ComponentValue>()));
        _output.WriteLine($"{export}: ours {ourError?.GetType().Name}: {ourError?.Message}");
        _output.WriteLine($"{export}: Wasmtime {theirError?.GetType().Name}: {theirError?.Message}");
        Assert.IsType<Trap>(ourError);
        Assert.StartsWith(message, ourError!.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<W.WasmtimeException>(theirError);
    }

    // Callers that pass invalid values to another component, a callee whose realloc misbehaves, and a component calling
    // its own export (reentrance).
    private const string ComposedTrapsWat = """
        (component
          (component $Callee
            (core module $m
              (memory (export "memory") 1)
              (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
              (func (export "unaligned-realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1025))
              (func (export "take") (param i32 i32) (result i32) (local.get 1))
              (func (export "take1") (param i32) (result i32) (local.get 0)))
            (core instance $i (instantiate $m))
            (type $enm' (enum "a" "b" "c"))
            (export $enm "enm" (type $enm'))
            (func (export "take-string") (param "x" string) (result u32) (canon lift (core func $i "take") (memory $i "memory") (realloc (func $i "realloc"))))
            (func (export "take-string16") (param "x" string) (result u32) (canon lift (core func $i "take") (memory $i "memory") (realloc (func $i "realloc")) string-encoding=utf16))
            (func (export "take-list") (param "x" (list u32)) (result u32) (canon lift (core func $i "take") (memory $i "memory") (realloc (func $i "realloc"))))
            (func (export "take-list-unaligned") (param "x" (list u32)) (result u32) (canon lift (core func $i "take") (memory $i "memory") (realloc (func $i "unaligned-realloc"))))
            (func (export "take-char") (param "x" char) (result u32) (canon lift (core func $i "take1")))
            (func (export "take-enum") (param "x" $enm) (result u32) (canon lift (core func $i "take1"))))
          (component $Caller
            (import "callee" (instance $c
              (type $enm' (enum "a" "b" "c"))
              (export "enm" (type $enm (eq $enm')))
              (export "take-string" (func (param "x" string) (result u32)))
              (export "take-string16" (func (param "x" string) (result u32)))
              (export "take-list" (func (param "x" (list u32)) (result u32)))
              (export "take-list-unaligned" (func (param "x" (list u32)) (result u32)))
              (export "take-char" (func (param "x" char) (result u32)))
              (export "take-enum" (func (param "x" $enm) (result u32)))))
            (core module $mem (memory (export "memory") 1))
            (core instance $mi (instantiate $mem))
            (core func $string (canon lower (func $c "take-string") (memory $mi "memory")))
            (core func $string16 (canon lower (func $c "take-string16") (memory $mi "memory")))
            (core func $list (canon lower (func $c "take-list") (memory $mi "memory")))
            (core func $list-unaligned (canon lower (func $c "take-list-unaligned") (memory $mi "memory")))
            (core func $char (canon lower (func $c "take-char")))
            (core func $enum (canon lower (func $c "take-enum")))
            (core module $m
              (import "" "memory" (memory 1))
              (import "" "string" (func $string (param i32 i32) (result i32)))
              (import "" "string16" (func $string16 (param i32 i32) (result i32)))
              (import "" "list" (func $list (param i32 i32) (result i32)))
              (import "" "list-unaligned" (func $list-unaligned (param i32 i32) (result i32)))
              (import "" "char" (func $char (param i32) (result i32)))
              (import "" "enum" (func $enum (param i32) (result i32)))
              (data (i32.const 64) "ab\ff\fe")
              (func (export "oob-string") (result i32) (call $string (i32.const 0xFFFFFF00) (i32.const 1000)))
              (func (export "oob-list") (result i32) (call $list (i32.const 0xFFFFFF00) (i32.const 1000)))
              (func (export "unaligned-list") (result i32) (call $list (i32.const 2) (i32.const 1)))
              (func (export "unaligned-realloc") (result i32) (call $list-unaligned (i32.const 64) (i32.const 1)))
              (func (export "bad-utf8") (result i32) (call $string16 (i32.const 64) (i32.const 4)))
              (func (export "bad-char") (result i32) (call $char (i32.const 0xD800)))
              (func (export "bad-enum") (result i32) (call $enum (i32.const 3)))
              (func (export "ok") (result i32) (call $list (i32.const 64) (i32.const 1)))
              (func (export "loop") (param $n i32) (result i32)
                (local $sum i32)
                (block $done (loop $next
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $sum (i32.add (local.get $sum) (call $list (i32.const 64) (i32.const 1))))
                  (local.set $sum (i32.add (local.get $sum) (call $string (i32.const 64) (i32.const 2))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $next)))
                (local.get $sum)))
            (core instance $i (instantiate $m (with "" (instance (export "memory" (memory $mi "memory"))
              (export "string" (func $string)) (export "string16" (func $string16)) (export "list" (func $list))
              (export "list-unaligned" (func $list-unaligned)) (export "char" (func $char)) (export "enum" (func $enum))))))
            (func (export "oob-string") (result u32) (canon lift (core func $i "oob-string")))
            (func (export "oob-list") (result u32) (canon lift (core func $i "oob-list")))
            (func (export "unaligned-list") (result u32) (canon lift (core func $i "unaligned-list")))
            (func (export "unaligned-realloc") (result u32) (canon lift (core func $i "unaligned-realloc")))
            (func (export "bad-utf8") (result u32) (canon lift (core func $i "bad-utf8")))
            (func (export "bad-char") (result u32) (canon lift (core func $i "bad-char")))
            (func (export "bad-enum") (result u32) (canon lift (core func $i "bad-enum")))
            (func (export "ok") (result u32) (canon lift (core func $i "ok")))
            (func (export "loop") (param "n" u32) (result u32) (canon lift (core func $i "loop"))))
          (component $Self
            (core module $m (func (export "inner") (result i32) (i32.const 7)))
            (core instance $i (instantiate $m))
            (func $inner (result u32) (canon lift (core func $i "inner")))
            (core func $inner' (canon lower (func $inner)))
            (core module $n
              (import "" "inner" (func $inner (result i32)))
              (func (export "outer") (result i32) (call $inner)))
            (core instance $j (instantiate $n (with "" (instance (export "inner" (func $inner'))))))
            (func (export "reenter") (result u32) (canon lift (core func $j "outer"))))
          (instance $callee (instantiate $Callee))
          (instance $caller (instantiate $Caller (with "callee" (instance $callee))))
          (instance $self (instantiate $Self))
          (export "oob-string" (func $caller "oob-string"))
          (export "oob-list" (func $caller "oob-list"))
          (export "unaligned-list" (func $caller "unaligned-list"))
          (export "unaligned-realloc" (func $caller "unaligned-realloc"))
          (export "bad-utf8" (func $caller "bad-utf8"))
          (export "bad-char" (func $caller "bad-char"))
          (export "bad-enum" (func $caller "bad-enum"))
          (export "ok" (func $caller "ok"))
          (export "loop" (func $caller "loop"))
          (export "reenter" (func $self "reenter"))
        )
        """;

    [Theory]
    [InlineData("oob-string", "string content out-of-bounds")]
    [InlineData("oob-list", "list content out-of-bounds")]
    [InlineData("unaligned-list", "unaligned pointer")]
    [InlineData("unaligned-realloc", "unaligned pointer")]
    [InlineData("bad-utf8", "invalid utf-8 sequence")]
    [InlineData("bad-char", "invalid `char` bit pattern")]
    [InlineData("bad-enum", "invalid variant discriminant")]
    [InlineData("reenter", "cannot enter component instance")]
    public void InvalidCallsBetweenTwoComponentsTrapOnBothRuntimes(string export, string message)
    {
        var (ours, theirs) = InstantiateBoth(ComposedTrapsWat);
        var ourError = Record.Exception(() => ours.GetFunction(export)!.Call());
        var theirError = Record.Exception(() => theirs.GetFunction(export)!.Call(Array.Empty<WC.ComponentValue>()));
        _output.WriteLine($"{export}: ours {ourError?.GetType().Name}: {ourError?.Message}");
        _output.WriteLine($"{export}: Wasmtime {theirError?.GetType().Name}: {theirError?.Message}");
        Assert.IsType<Trap>(ourError);
        Assert.Equal(message, ourError!.Message);
        Assert.IsAssignableFrom<W.WasmtimeException>(theirError);
    }

    [Fact]
    public void CallsBetweenTwoComponentsAllocateNothingOnTheHeap()
    {
        // A string and a list moved from memory to memory per call: the fused adapter makes no ComponentValue (the host
        // path made arrays and strings for each).
        var (ours, _) = InstantiateBoth(ComposedTrapsWat);
        var loop = ours.GetFunction("loop")!;
        var args = new[] { ComponentValue.U32(1000) };
        // Warmed up past the engine's tier switch (its full bodies are emitted on demand, which allocates once).
        for (int i = 0; i < 5; i++) Assert.Equal(ComponentValue.U32(3000), loop.Call(args));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(ComponentValue.U32(3000), loop.Call(args));
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 2000;
        _output.WriteLine($"bytes allocated per component-to-component call: {perCall}");
        Assert.Equal(0, perCall);
    }
}
