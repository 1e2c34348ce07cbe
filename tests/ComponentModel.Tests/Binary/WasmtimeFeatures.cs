using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// A Wasmtime configuration with the component-model proposals that WIT can express turned on. Wasmtime.Dotnet
/// only offers <c>WithComponentModel</c>; the native library exports the other switches, so they are called on the
/// configuration's native handle directly (test-only).
/// </summary>
internal static class WasmtimeFeatures
{
    public static Wasmtime.Config AllComponentModelFeatures()
    {
        var config = new Wasmtime.Config().WithComponentModel(true);
        var handle = (SafeHandle)(typeof(Wasmtime.Config).GetProperty("NativeHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?.GetValue(config) ?? throw new InvalidOperationException("Wasmtime.Config has no NativeHandle property"));
        var native = handle.DangerousGetHandle();
        wasmtime_config_wasm_component_model_async_set(native, true);
        wasmtime_config_wasm_component_model_async_stackful_set(native, true);
        wasmtime_config_wasm_component_model_more_async_builtins_set(native, true);
        wasmtime_config_wasm_component_model_map_set(native, true);
        wasmtime_config_wasm_component_model_implements_set(native, true);
        wasmtime_config_concurrency_support_set(native, true);
        return config;
    }

    [DllImport("wasmtime")] private static extern void wasmtime_config_wasm_component_model_async_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
    [DllImport("wasmtime")] private static extern void wasmtime_config_wasm_component_model_async_stackful_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
    [DllImport("wasmtime")] private static extern void wasmtime_config_wasm_component_model_more_async_builtins_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
    [DllImport("wasmtime")] private static extern void wasmtime_config_wasm_component_model_map_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
    [DllImport("wasmtime")] private static extern void wasmtime_config_wasm_component_model_implements_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
    [DllImport("wasmtime")] private static extern void wasmtime_config_concurrency_support_set(IntPtr config, [MarshalAs(UnmanagedType.I1)] bool enable);
}
