using System.Collections.Generic;
using WitBindgen.Generator.Mapping;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Abi;

/// <summary>Writes the canonical ABI glue of guest bindings (imports: DllImport + lowering; exports: UnmanagedCallersOnly + lifting).</summary>
internal sealed class GuestGlue
{
    private readonly Resolve _resolve;
    private readonly TypeMapper _mapper;

    public GuestGlue(Resolve resolve, TypeMapper mapper)
    {
        _resolve = resolve;
        _mapper = mapper;
    }

    public (List<string> Body, List<string> Interop) Import(GlueRequest request)
        => (new List<string> { "throw new global::System.PlatformNotSupportedException(\"glue pending\");" }, new List<string>());

    public (List<string> Body, List<string> Interop) Export(GlueRequest request)
        => (new List<string>(), new List<string>());
}
