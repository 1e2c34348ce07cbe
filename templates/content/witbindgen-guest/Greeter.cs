using WitBindgenGuest.Bindings.Example.Greeter.Greeter;

namespace WitBindgenGuest;

/// <summary>
/// Implements the world's exports (wit/greeter.wit). In a wasm build the generated export trampolines call it;
/// <c>GreeterImports.Log</c> calls the host.
/// </summary>
public sealed class Greeter : IGreeter
{
    /// <summary>Registers this implementation before any export runs.</summary>
    // A component has no Main: a module initializer is the one place that runs before the first export.
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => GreeterExports.Implementation = new Greeter();

    /// <inheritdoc/>
    public string Greet(string name)
    {
        GreeterImports.Log($"greeting {name}");
        return $"Hello, {name}!";
    }
}
