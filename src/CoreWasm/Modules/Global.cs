namespace WitBindgen.CoreWasm.Modules;

/// <summary>A module-defined global.</summary>
public sealed record Global(GlobalType Type, ConstantExpression Init);
