namespace System.Runtime.CompilerServices;

/// <summary>Recognized by the runtime: lets generated assemblies access this assembly's internal members.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    public string AssemblyName { get; }
}
