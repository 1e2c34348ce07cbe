using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgenHost.Bindings.Example.Hello.Hello;

// The engine compiles the component's core modules to IL; the linker provides its imports.
var engine = new Engine();
var linker = new ComponentLinker(engine);

// WASI 0.2: the component writes to this process's stdout.
var wasi = new WasiContextBuilder().InheritStdout().InheritStderr().Build();
Wasi.AddToLinker(linker, wasi);

// The world's own import, implemented in C# (typed host bindings generated from wit/hello.wit).
var counter = new Counter();
HelloImports.AddToLinker(linker, counter);

// hello.wat is a component in text form; the runtime assembles it.
var component = Component.FromFile(engine, Path.Combine(AppContext.BaseDirectory, "hello.wat"));
var hello = HelloWorld.Instantiate(new Store(engine), component, linker);

for (int i = 0; i < 3; i++)
{
    counter.Greetings = hello.Greet();
}
Console.WriteLine($"The component greeted {counter.Greetings} times.");

/// <summary>Implements the world's <c>count</c> import.</summary>
internal sealed class Counter : IHello
{
    public uint Greetings { get; set; }

    public uint Count() => Greetings;
}
