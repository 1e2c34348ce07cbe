namespace WitBindgen.CoreWasm.Modules;

/// <summary>A module-defined global.</summary>
internal sealed record Global(GlobalType Type, ConstantExpression Init);
