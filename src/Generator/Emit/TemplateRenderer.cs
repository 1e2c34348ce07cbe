using System;
using System.IO;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Renders the Scriban templates embedded in this assembly: <c>Emit/{Target}/Templates/*.scriban</c>, named
/// <c>{Target}.{File}</c> (e.g. <c>Guest.Interface.scriban</c>). Templates lay out their output themselves.
/// </summary>
internal static class TemplateRenderer
{
    private const string Prefix = "WitBindgen.Generator.Templates.";
    private static readonly Loader EmbeddedLoader = new();

    /// <summary>Renders template <paramref name="name"/> with <paramref name="model"/>'s properties as globals.</summary>
    public static string Render(string name, object model)
    {
        var template = Template.Parse(EmbeddedLoader.Read(name), name);
        if (template.HasErrors) throw new InvalidOperationException($"template {name}: {string.Join("; ", template.Messages)}");
        var globals = new ScriptObject();
        globals.Import(model, renamer: KeepName);
        var context = new TemplateContext
        {
            TemplateLoader = EmbeddedLoader,
            MemberRenamer = KeepName,
            EnableRelaxedMemberAccess = false,
            StrictVariables = true,
            LoopLimit = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        var text = template.Render(context);
        return text.Replace("\r\n", "\n");
    }

    private static string KeepName(MemberInfo member) => member.Name;

    private sealed class Loader : ITemplateLoader
    {
        public string Read(string name)
        {
            using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException("missing embedded template " + name);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;
        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Read(templatePath);
        public System.Threading.Tasks.ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath)
            => new(Read(templatePath));
    }
}
