using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Output;
using WitBindgen.WitParser.Syntax;

namespace WitBindgen.WitParser.Tests.Resolution;

public sealed class ResolverTests
{
    private const string ImplicitImportJson = """
{
  "worlds": [
    {
      "name": "w",
      "imports": {
        "interface-0": {
          "interface": {
            "id": 0
          }
        },
        "g": {
          "type": 1
        },
        "foo": {
          "function": {
            "name": "foo",
            "kind": "freestanding",
            "params": [],
            "result": 1
          }
        }
      },
      "exports": {},
      "package": 0
    }
  ],
  "interfaces": [
    {
      "name": "foo",
      "types": {
        "g": 0
      },
      "functions": {},
      "package": 0
    }
  ],
  "types": [
    {
      "name": "g",
      "kind": {
        "type": "char"
      },
      "owner": {
        "interface": 0
      }
    },
    {
      "name": "g",
      "kind": {
        "type": 0
      },
      "owner": {
        "world": 0
      }
    }
  ],
  "packages": [
    {
      "name": "foo:foo",
      "interfaces": {
        "foo": 0
      },
      "worlds": {
        "w": 0
      }
    }
  ]
}
""";

    [Fact]
    public void WorldUseImportsTheInterfaceImplicitlyAndPrintsTheReferenceJson()
    {
        var b = new AstBuilder();
        var resolve = b.Resolve(b.Package("foo", "foo"),
            b.Interface("foo", b.Alias("g", b.Prim(PrimitiveKind.Char))),
            b.World("w", new WorldUse(b.Use("foo", "g")), b.ImportFunc("foo", b.Sig(b.Named("g")))));
        Assert.Equal(ImplicitImportJson.Replace("\r\n", "\n"), WitJsonWriter.Write(resolve));
    }

    [Fact]
    public void ResourceReferencesBecomeOwnHandlesAndMethodsBorrowSelf()
    {
        var b = new AstBuilder();
        var resource = new ResourceDecl(Docs.None, AstBuilder.NoAttributes, b.Id("r"),
            new ResourceFunc[] { new MethodDecl(Docs.None, AstBuilder.NoAttributes, b.Id("m"), b.Sig(b.Named("r"))) });
        var resolve = b.Resolve(b.Package("foo", "bar"),
            b.Interface("i", b.Func("f", b.Sig(null, ("a", b.Named("r")))), resource));

        Assert.IsType<ResourceKind>(resolve.Types[new Id<TypeDef>(0)].Kind);
        Assert.Equal(new HandleKind(true, new Id<TypeDef>(0)), resolve.Types[new Id<TypeDef>(1)].Kind);
        Assert.Equal(new HandleKind(false, new Id<TypeDef>(0)), resolve.Types[new Id<TypeDef>(2)].Kind);
        var f = resolve.Interfaces[new Id<Interface>(0)].Functions["f"];
        Assert.Equal(WitType.Id(new Id<TypeDef>(2)), f.Params[0].Type);
        var m = resolve.Interfaces[new Id<Interface>(0)].Functions["[method]r.m"];
        Assert.Equal(FunctionKind.Method, m.Kind);
        Assert.Equal(WitType.Id(new Id<TypeDef>(1)), m.Params[0].Type);
        Assert.Equal(WitType.Id(new Id<TypeDef>(2)), m.Result);
    }

    [Fact]
    public void AnonymousTypesAreSharedWithinAPackage()
    {
        var b = new AstBuilder();
        var resolve = b.Resolve(b.Package("foo", "bar"),
            b.Interface("i",
                b.Alias("a", new OptionTypeRef(b.List(b.Prim(PrimitiveKind.U8)), b.At)),
                b.Func("f", b.Sig(b.List(b.Prim(PrimitiveKind.U8))))));
        // The anonymous list<u8> is created for `a` and reused by `f`.
        Assert.Equal(2, resolve.Types.Count);
        Assert.Equal(new ListKind(new WitType(WitTypeKind.U8)), resolve.Types[new Id<TypeDef>(0)].Kind);
        Assert.Equal(WitType.Id(new Id<TypeDef>(0)), resolve.Interfaces[new Id<Interface>(0)].Functions["f"].Result);
    }

    [Fact]
    public void TypeCyclesAreReportedAtTheReference()
    {
        var b = new AstBuilder();
        var ex = Assert.Throws<WitException>(() => b.Resolve(b.Package("foo", "bar"),
            b.Interface("i", b.Alias("a", b.Named("b")), b.Alias("b", b.Named("a")))));
        Assert.Equal(DiagnosticCodes.Cycle, ex.Diagnostic.Code);
        // Like the reference: the first unsorted node names the dependency it is stuck on.
        Assert.Equal("type `b` depends on itself", ex.Diagnostic.Message);
    }

    [Fact]
    public void ExportedInterfaceDependenciesAreImported()
    {
        var b = new AstBuilder();
        var resolve = b.Resolve(b.Package("foo", "bar"),
            b.Interface("a", b.Alias("t", b.Prim(PrimitiveKind.U32))),
            b.Interface("c", b.Use("a", "t")),
            b.World("w", b.Export("c")));
        var world = resolve.Worlds[new Id<World>(0)];
        Assert.Equal(WorldKey.Interface(new Id<Interface>(0)), world.Imports.At(0).Key);
        Assert.Equal(WorldKey.Interface(new Id<Interface>(1)), world.Exports.At(0).Key);
    }

    [Fact]
    public void ReturningABorrowIsRejected()
    {
        var b = new AstBuilder();
        var resource = new ResourceDecl(Docs.None, AstBuilder.NoAttributes, b.Id("r"), System.Array.Empty<ResourceFunc>());
        var ex = Assert.Throws<WitException>(() => b.Resolve(b.Package("foo", "bar"),
            b.Interface("i", resource, b.Func("x", b.Sig(b.Borrow("r"))))));
        Assert.Equal("function `x` returns a type which contains a `borrow<T>` which is not supported", ex.Diagnostic.Message);
    }
}
