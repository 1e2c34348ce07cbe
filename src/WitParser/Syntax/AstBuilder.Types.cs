using System.Collections.Generic;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

// Types as written. Nesting is already capped by the eager checks, so recursion stays shallow.
internal sealed partial class AstBuilder
{
    private TypeRef Type(G.TypeRefContext ctx)
    {
        var keyword = _session.TokenSpan(ctx.Start);
        switch (ctx)
        {
            case G.PrimitiveTypeContext:
                return new PrimitiveTypeRef(Primitive(ctx.Start.Type), keyword);
            case G.NamedTypeContext named:
                return new NamedTypeRef(Identifier(named.id()));
            case G.ListTypeContext list:
                if (list.fixedLength() is { } length)
                {
                    var lengthSpan = _session.SpanOf(length);
                    return new FixedListTypeRef(Type(list.typeRef()), AstValues.FixedLength(_session, length), lengthSpan, keyword);
                }
                return new ListTypeRef(Type(list.typeRef()), keyword);
            case G.MapTypeContext map:
                return new MapTypeRef(Type(map.typeRef(0)), Type(map.typeRef(1)), keyword);
            case G.OptionTypeContext option:
                return new OptionTypeRef(Type(option.typeRef()), keyword);
            case G.ResultTypeContext result:
                switch (result.resultArgs())
                {
                    case null:
                        return new ResultTypeRef(null, null, keyword);
                    case G.ResultErrOnlyContext errOnly:
                        return new ResultTypeRef(null, Type(errOnly.typeRef()), keyword);
                    case G.ResultOkErrContext okErr:
                        var types = okErr.typeRef();
                        return new ResultTypeRef(Type(types[0]), types.Length > 1 ? Type(types[1]) : null, keyword);
                }
                break;
            case G.TupleTypeContext tuple:
            {
                var elements = new List<TypeRef>();
                foreach (var element in tuple.tupleTypes()?.typeRef() ?? System.Array.Empty<G.TypeRefContext>())
                    elements.Add(Type(element));
                return new TupleTypeRef(elements, keyword);
            }
            case G.FutureTypeContext future:
                return new FutureTypeRef(future.typeRef() is { } f ? Type(f) : null, keyword);
            case G.StreamTypeContext stream:
                return new StreamTypeRef(stream.typeRef() is { } s ? Type(s) : null, keyword);
            case G.OwnTypeContext own:
            {
                var resource = Identifier(own.id());
                return new HandleTypeRef(false, resource, resource.Span);
            }
            case G.BorrowTypeContext borrow:
            {
                var resource = Identifier(borrow.id());
                return new HandleTypeRef(true, resource, resource.Span);
            }
        }
        throw new System.InvalidOperationException("unexpected type form");
    }

    private static PrimitiveKind Primitive(int tokenType) => tokenType switch
    {
        G.BOOL => PrimitiveKind.Bool,
        G.U8 => PrimitiveKind.U8,
        G.U16 => PrimitiveKind.U16,
        G.U32 => PrimitiveKind.U32,
        G.U64 => PrimitiveKind.U64,
        G.S8 => PrimitiveKind.S8,
        G.S16 => PrimitiveKind.S16,
        G.S32 => PrimitiveKind.S32,
        G.S64 => PrimitiveKind.S64,
        G.F32 => PrimitiveKind.F32,
        G.F64 => PrimitiveKind.F64,
        G.CHAR => PrimitiveKind.Char,
        G.STRING_KW => PrimitiveKind.String,
        _ => PrimitiveKind.ErrorContext,
    };
}
