using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Abi;

/// <summary>Everything the glue writer needs about one function.</summary>
internal sealed record GlueRequest(
    Function Function,
    FunctionRole Role,
    string Name,
    IReadOnlyList<ParamDecl> Params,
    string ReturnType,
    bool Throws,
    Direction Direction,
    string ImportModule,
    string ExportPrefix,
    string? Contract,
    string ClassName,
    string TargetName);
