using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml.Linq;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// Packs every package once (scripts/pack.sh into a temporary folder, or the folder named by
/// WITBINDGEN_PACKAGES) and gives each test a fresh folder whose nuget.config sees only that folder as a
/// source, with its own global packages folder and the machine's package cache as a read-only fallback: no
/// network, and nothing of ours lands in the machine's cache.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    private readonly List<string> _temp = new();

    public PackedPackages()
    {
        var given = Environment.GetEnvironmentVariable("WITBINDGEN_PACKAGES");
        if (!string.IsNullOrEmpty(given)) Folder = given;
        else
        {
            Folder = NewTemp("packages");
            var (exit, output) = Tool.Run("bash", WitBindgen.Tests.Conformance.RepoRoot, Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, "scripts", "pack.sh"), Folder);
            if (exit != 0) throw new InvalidOperationException("scripts/pack.sh failed:\n" + output);
        }
        var witbindgen = Directory.GetFiles(Folder, "WitBindgen.*.nupkg").Select(Path.GetFileName)
            .Single(n => n!.StartsWith("WitBindgen.", StringComparison.Ordinal) && char.IsDigit(n["WitBindgen.".Length]))!;
        Version = witbindgen.Substring("WitBindgen.".Length, witbindgen.Length - "WitBindgen.".Length - ".nupkg".Length);
    }

    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string Folder { get; }

    /// <summary>The one version every package has.</summary>
    public string Version { get; }

    public string NewTemp(string what)
    {
        var path = Path.Combine(Path.GetTempPath(), "witbindgen-pack-" + what + "-" + Path.GetRandomFileName());
        Directory.CreateDirectory(path);
        lock (_temp) _temp.Add(path);
        return path;
    }

    /// <summary>A fresh folder with a nuget.config that restores from <see cref="Folder"/> only.</summary>
    public string Workspace(string what)
    {
        var root = NewTemp(what);
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(root, ".packages")}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{machineCache}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="local" value="{Folder}" />
              </packageSources>
            </configuration>
            """);
        // No Directory.Build.props/targets or Directory.Packages.props of an enclosing folder apply.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        return root;
    }

    public void Dispose()
    {
        foreach (var path in _temp)
        {
            try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>Runs a process to completion (bounded time), capturing stdout and stderr together.</summary>
internal static class Tool
{
    public static (int Exit, string Output) Run(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The build servers would outlive the test; telemetry and first-run output are noise.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish in 30 minutes");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    public static string Dotnet(string directory, params string[] args)
    {
        var (exit, output) = Run("dotnet", directory, args);
        Assert.True(exit == 0, $"dotnet {string.Join(" ", args)} exited with {exit}:\n{output}");
        return output;
    }
}

/// <summary>One packing for every test that needs the packages (and no two packings at once).</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packed packages";
}

[Trait("Category", "Slow")]
[Collection(PackedPackagesCollection.Name)]
public sealed class PackagingTests
{
    private readonly PackedPackages _packages;

    public PackagingTests(PackedPackages packages) => _packages = packages;

    private static readonly string[] Shipped =
    {
        "WitBindgen", "WitBindgen.Bindings", "WitBindgen.Runtime", "WitBindgen.Cli", "WitBindgen.Templates",
        "WitBindgen.CoreWasm", "WitBindgen.WitParser", "WitBindgen.ComponentModel", "WitBindgen.ComponentModel.Binary",
        "WitBindgen.ComponentModel.Text", "WitBindgen.ComponentModel.Componentize",
    };

    private (XElement Metadata, HashSet<string> Files) Open(string id)
    {
        var path = Path.Combine(_packages.Folder, $"{id}.{_packages.Version}.nupkg");
        Assert.True(File.Exists(path), $"missing package {path}");
        using var zip = ZipFile.OpenRead(path);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        using var nuspec = zip.GetEntry(id + ".nuspec")!.Open();
        var doc = XDocument.Load(nuspec);
        return (doc.Root!.Elements().Single(e => e.Name.LocalName == "metadata"), files);
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static IEnumerable<(string Framework, string Id)> Dependencies(XElement metadata) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => (d.Parent!.Attribute("targetFramework")?.Value ?? "", d.Attribute("id")!.Value));

    [Fact]
    public void Every_package_has_one_version_and_real_metadata()
    {
        foreach (var id in Shipped)
        {
            var (metadata, files) = Open(id);
            Assert.Equal(id, Value(metadata, "id"));
            Assert.Equal(_packages.Version, Value(metadata, "version"));
            var description = Value(metadata, "description");
            Assert.False(string.IsNullOrWhiteSpace(description), id);
            Assert.NotEqual("Package Description", description);
            var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
            Assert.Equal("expression", license.Attribute("type")!.Value);
            Assert.Equal("MIT", license.Value);
            Assert.Equal("README.md", Value(metadata, "readme"));
            Assert.Contains("README.md", files);
            // SourceLink: the commit the package was built from.
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")!.Value);
            // Every dependency on one of ours asks for this very version.
            foreach (var d in metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.StartsWith("WitBindgen", StringComparison.Ordinal)))
                Assert.Equal(_packages.Version, d.Attribute("version")!.Value);
        }
    }

    [Fact]
    public void Libraries_ship_symbols_and_documentation()
    {
        foreach (var id in new[] { "WitBindgen.Bindings", "WitBindgen.Runtime", "WitBindgen.CoreWasm", "WitBindgen.ComponentModel.Componentize" })
        {
            Assert.True(File.Exists(Path.Combine(_packages.Folder, $"{id}.{_packages.Version}.snupkg")), id + " symbols");
            var (_, files) = Open(id);
            var tfm = id == "WitBindgen.Runtime" ? "net10.0" : "netstandard2.0";
            Assert.Contains($"lib/{tfm}/{id}.dll", files);
            Assert.Contains($"lib/{tfm}/{id}.xml", files);
        }
    }

    [Fact]
    public void WitBindgen_carries_the_generator_build_files_and_tasks_and_depends_on_what_generated_code_needs()
    {
        var (metadata, files) = Open("WitBindgen");
        foreach (var f in new[]
        {
            "analyzers/dotnet/cs/WitBindgen.Generator.SourceGenerator.dll", "analyzers/dotnet/cs/WitBindgen.Generator.dll",
            "analyzers/dotnet/cs/WitBindgen.WitParser.dll", "analyzers/dotnet/cs/Scriban.Signed.dll", "analyzers/dotnet/cs/Antlr4.Runtime.Standard.dll",
            "build/WitBindgen.props", "build/WitBindgen.targets",
            "tasks/netstandard2.0/WitBindgen.MSBuild.dll", "tasks/netstandard2.0/WitBindgen.ComponentModel.Componentize.dll",
        })
            Assert.Contains(f, files);
        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal));
        var deps = Dependencies(metadata).ToList();
        Assert.Contains((".NETStandard2.0", "WitBindgen.Bindings"), deps);
        Assert.Contains(("net10.0", "WitBindgen.Bindings"), deps);
        Assert.Contains(("net10.0", "WitBindgen.Runtime"), deps);
        Assert.DoesNotContain(deps, d => d.Id is "WitBindgen.Generator" or "WitBindgen.MSBuild" or "Scriban.Signed");
    }

    [Fact]
    public void Cli_is_a_dotnet_tool_named_wit_bindgen_and_templates_are_a_template_package()
    {
        var (cli, cliFiles) = Open("WitBindgen.Cli");
        Assert.Contains(cli.Descendants(), e => e.Name.LocalName == "packageType" && e.Attribute("name")!.Value == "DotnetTool");
        Assert.Contains("tools/net10.0/any/wit-bindgen.dll", cliFiles);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", cliFiles);

        var (templates, templateFiles) = Open("WitBindgen.Templates");
        Assert.Contains(templates.Descendants(), e => e.Name.LocalName == "packageType" && e.Attribute("name")!.Value == "Template");
        Assert.Contains("content/witbindgen-host/.template.config/template.json", templateFiles);
        Assert.Contains("content/witbindgen-host/hello.wat", templateFiles);
        Assert.Contains("content/witbindgen-guest/.template.config/template.json", templateFiles);
    }

    [Fact]
    public void A_console_project_adding_only_WitBindgen_builds_host_bindings_with_warnings_as_errors()
    {
        var root = _packages.Workspace("consumer");
        Tool.Dotnet(root, "new", "console", "-o", "Consumer", "--framework", "net10.0");
        var project = Path.Combine(root, "Consumer");
        Directory.CreateDirectory(Path.Combine(project, "wit"));
        File.WriteAllText(Path.Combine(project, "wit", "calc.wit"), """
            package example:calc;

            world calc {
              import log: func(message: string);
              export add: func(a: u32, b: u32) -> u32;
            }
            """);
        Tool.Dotnet(project, "add", "package", "WitBindgen", "--version", _packages.Version, "--no-restore");
        var csproj = Path.Combine(project, "Consumer.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <ItemGroup>
                <Wit Include="wit/" World="calc" Mode="host" />
              </ItemGroup>
            </Project>
            """));
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            // The generated host bindings compile and are usable: name the world's types.
            System.Console.WriteLine(typeof(Example.Calc.Calc.CalcWorld).FullName);
            System.Console.WriteLine(typeof(Example.Calc.Calc.ICalc).FullName);
            """);
        var output = Tool.Dotnet(project, "build", "-c", "Release", "-warnaserror", "--nologo");
        Assert.Contains("0 Error(s)", output);
        var run = Tool.Dotnet(project, "run", "-c", "Release", "--no-build");
        Assert.Contains("Example.Calc.Calc.CalcWorld", run);
    }

    [Fact]
    public void Templates_install_instantiate_build_and_the_host_runs()
    {
        var root = _packages.Workspace("templates");
        var hive = Path.Combine(root, ".template-hive");
        var nupkg = Path.Combine(_packages.Folder, $"WitBindgen.Templates.{_packages.Version}.nupkg");
        Tool.Dotnet(root, "new", "install", nupkg, "--debug:custom-hive", hive);

        Tool.Dotnet(root, "new", "witbindgen-host", "-o", "MyHost", "--WitBindgenVersion", _packages.Version, "--debug:custom-hive", hive);
        var host = Path.Combine(root, "MyHost");
        Assert.True(File.Exists(Path.Combine(host, "MyHost.csproj")));
        Tool.Dotnet(host, "build", "-c", "Release", "-warnaserror", "--nologo");
        var (exit, output) = Tool.Run("dotnet", host, "run", "-c", "Release", "--no-build");
        Assert.True(exit == 0, output);
        var lines = output.Replace("\r", "").Split('\n').Where(l => l.Length > 0).ToArray();
        Assert.Equal(new[]
        {
            "Hello from a WebAssembly component!", "Hello from a WebAssembly component!", "Hello from a WebAssembly component!",
            "The component greeted 3 times.",
        }, lines);

        Tool.Dotnet(root, "new", "witbindgen-guest", "-o", "MyGuest", "--WitBindgenVersion", _packages.Version, "--debug:custom-hive", hive);
        var guest = Path.Combine(root, "MyGuest");
        Assert.True(File.Exists(Path.Combine(guest, "Greeter.cs")));
        Tool.Dotnet(guest, "build", "-c", "Release", "-warnaserror", "--nologo");
        Assert.True(File.Exists(Path.Combine(guest, "bin", "Release", "net10.0", "MyGuest.dll")));
    }
}

/// <summary>The <c>&lt;WasmComponent&gt;</c> item and the component-type object, through the packed <c>WitBindgen</c> package.</summary>
[Trait("Category", "Slow")]
[Collection(PackedPackagesCollection.Name)]
public sealed class MSBuildComponentizeTests
{
    private readonly PackedPackages _packages;

    public MSBuildComponentizeTests(PackedPackages packages) => _packages = packages;

    private static string Fixture(params string[] parts) => Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, Path.Combine(parts));

    private string Project(string root, string items, string properties = "")
    {
        var dir = Path.Combine(root, "Comp");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Comp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="WitBindgen" Version="{_packages.Version}" />
                {items}
              </ItemGroup>
            </Project>
            """);
        return dir;
    }

    [Fact]
    public void A_core_module_becomes_a_component_after_build_and_a_second_build_skips_the_work()
    {
        var core = Fixture(".fixtures", "components", "hello.core.wasm");
        var jco = Fixture(".fixtures", "components", "hello.jco.wasm");
        if (!File.Exists(core) || !File.Exists(jco))
        {
            Assert.False(WitBindgen.Tests.Conformance.Required, "component fixtures missing: run scripts/build-fixtures.sh");
            return;
        }
        var root = _packages.Workspace("componentize");
        var dir = Project(root, """<WasmComponent Include="hello.core.wasm" OutputFile="out/hello.wasm" />""");
        File.Copy(core, Path.Combine(dir, "hello.core.wasm"));

        Tool.Dotnet(dir, "build", "-c", "Release", "-warnaserror", "--nologo");
        var component = Path.Combine(dir, "out", "hello.wasm");
        Assert.True(File.Exists(component));

        // Our adapter by default: it runs on our runtime as the component jco's tooling made from the same program,
        // and the same on Wasmtime.Dotnet.
        var ours = CliRunner.Run("run", component);
        var theirs = CliRunner.Run("run", jco);
        Assert.Equal(0, ours.Exit);
        Assert.Equal(theirs, ours);
        Assert.NotEqual("", ours.Out);
        var wasmtime = WitBindgen.Tests.Wasmtime.WasmtimeWasi.RunCommand(File.ReadAllBytes(component), new[] { component }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>());
        Assert.Equal((ours.Exit, ours.Out, ours.Err), (wasmtime.Exit, wasmtime.Stdout, wasmtime.Stderr));

        // Nothing changed: the target is skipped and the component is not rewritten.
        var written = File.GetLastWriteTimeUtc(component);
        var second = Tool.Dotnet(dir, "build", "-c", "Release", "-warnaserror", "--nologo", "-v:d");
        Assert.Contains("Skipping target \"WitBindgenComponentize\" because all output files are up-to-date", second);
        Assert.DoesNotContain("hello.core.wasm -> ", second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(component));
    }

    [Fact]
    public void Bad_WIT_and_a_missing_adapter_are_located_diagnostics_with_codes()
    {
        var root = _packages.Workspace("componentize-errors");
        var dir = Project(root, """<WasmComponent Include="empty.wat" Wit="bad.wit" OutputFile="out/bad.wasm" />""");
        File.WriteAllText(Path.Combine(dir, "empty.wat"), "(module (memory (export \"memory\") 1))");
        File.WriteAllText(Path.Combine(dir, "bad.wit"), "package example:bad;\n\nworld w {\n  import f: func(x: nosuchtype);\n}\n");
        var (exit, output) = Tool.Run("dotnet", dir, "build", "-c", "Release", "--nologo");
        Assert.NotEqual(0, exit);
        // MSBuild's canonical form: file(line,col,endLine,endCol): error CODE: message
        Assert.Matches(@"bad\.wit\(4,\d+,4,\d+\): error WIT\d+: [^\r\n]*nosuchtype", output);
        Assert.False(File.Exists(Path.Combine(dir, "out", "bad.wasm")));

        // An adapter path that does not exist: a located error with its code, not a crash.
        Project(root, """<WasmComponent Include="empty.wat" Adapter="missing-adapter.wasm" OutputFile="out/missing.wasm" />""");
        (exit, output) = Tool.Run("dotnet", dir, "build", "-c", "Release", "--nologo");
        Assert.NotEqual(0, exit);
        Assert.Matches(@"missing-adapter\.wasm ?: error WITB008: the adapter module [^\r\n]*missing-adapter\.wasm does not exist", output);
        Assert.False(File.Exists(Path.Combine(dir, "out", "missing.wasm")));
    }

    [Fact]
    public void A_single_file_Wit_item_builds_bindings_and_its_component_type_object()
    {
        // A file item once made MSBuild batch over an empty list of directory items and expand "/**/*.wit" (MSB5029).
        var root = _packages.Workspace("single-file");
        var dir = Project(root, """<Wit Include="wit/greeter.wit" World="greeter" Mode="guest" />""", "<WitBindgenComponentTypeObject>true</WitBindgenComponentTypeObject>");
        Directory.CreateDirectory(Path.Combine(dir, "wit"));
        File.WriteAllText(Path.Combine(dir, "wit", "greeter.wit"), "package example:greeter;\n\nworld greeter {\n  export greet: func(name: string) -> string;\n}\n");
        File.WriteAllText(Path.Combine(dir, "Greeter.cs"), """
            namespace Comp;
            public sealed class Greeter : Example.Greeter.Greeter.IGreeter
            {
                public string Greet(string name) => "Hello, " + name;
            }
            """);
        var output = Tool.Dotnet(dir, "build", "-c", "Release", "-warnaserror", "--nologo");
        Assert.DoesNotContain("MSB5029", output);
        Assert.True(File.Exists(Path.Combine(dir, "obj", "Release", "net10.0", "witbindgen", "greeter_component_type.o")), output);
    }

    [Fact]
    public void A_guest_Wit_item_gives_a_component_type_object_for_the_linker()
    {
        var root = _packages.Workspace("component-type");
        var dir = Project(root, """<Wit Include="wit/" World="greeter" Mode="guest" />""", "<WitBindgenComponentTypeObject>true</WitBindgenComponentTypeObject>");
        Directory.CreateDirectory(Path.Combine(dir, "wit"));
        File.WriteAllText(Path.Combine(dir, "wit", "greeter.wit"), "package example:greeter;\n\nworld greeter {\n  import log: func(message: string);\n  export greet: func(name: string) -> string;\n}\n");
        File.WriteAllText(Path.Combine(dir, "Greeter.cs"), """
            namespace Comp;
            public sealed class Greeter : Example.Greeter.Greeter.IGreeter
            {
                public string Greet(string name) => "Hello, " + name;
            }
            """);
        var output = Tool.Dotnet(dir, "build", "-c", "Release", "-warnaserror", "--nologo", "-v:n");
        var obj = Path.Combine(dir, "obj", "Release", "net10.0", "witbindgen", "greeter_component_type.o");
        Assert.True(File.Exists(obj), output);
        var bytes = File.ReadAllBytes(obj);
        // A relocatable wasm object (linking section, version 2) carrying the world.
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, bytes.Take(8).ToArray());
        Assert.Contains("linking", Encoding.ASCII.GetString(bytes));
        var worlds = WitBindgen.ComponentModel.Binary.ComponentTypeSection.Extract(bytes, out _);
        Assert.Single(worlds);
        Assert.Contains("component-type:", Encoding.ASCII.GetString(bytes));
    }
}
