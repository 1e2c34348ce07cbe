// The WIT language as accepted by wit-parser 0.257 (bytecodealliance/wasm-tools).
//
// The parser rules mirror the structure of the reference's recursive-descent parser on purpose:
// every decision is LL(1) (the version tail needs LL(2)), optional parts are `?`/`*` blocks and
// required tokens are matched directly. The error reporter (src/WitParser/Syntax/SyntaxErrors.cs)
// relies on that shape to word syntax errors like the reference does. Keep it that way when editing.
//
// Regenerate the C# with grammar/generate.sh and commit the result.

grammar Wit;

// ---------------------------------------------------------------------------------------------
// Files, packages and top-level items
// ---------------------------------------------------------------------------------------------

witFile : declItem* EOF ;

// Attributes come first, the kind of item is decided by the next keyword.
declItem : attribute* declKind ;

declKind
    : interfaceDecl
    | worldDecl
    | topUse
    | packageDecl
    ;

// `package ns:name@v;` (only as the first item of a file) or `package ns:name@v { ... }`.
packageDecl : PACKAGE packageName packageBody ;

packageBody
    : ';'
    | '{' declItem* '}'
    ;

packageName : id ':' id version? ;

topUse : USE usePath (AS id)? ';' ;

// `name` or `ns:pkg/name[@version]`.
usePath : id (':' id '/' id version?)? ;

// ---------------------------------------------------------------------------------------------
// Versions: `@` major.minor.patch, then whatever the reference's version scanner glues on
// (identifiers, integers and `-`, separated by `.`, after a `-` and after a `+`). The text is
// validated as a semantic version by the AST builder.
// ---------------------------------------------------------------------------------------------

version : '@' versionCore ;

versionCore : INTEGER '.' INTEGER '.' INTEGER ('-' versionParts)? ('+' versionParts)? ;

versionParts : (versionAtom | '.' versionAtom)* ;

versionAtom : ID | INTEGER | '-' ;

// ---------------------------------------------------------------------------------------------
// Attributes: `@since(version = V)`, `@unstable(feature = F)`, `@deprecated(version = V)`,
// `@external-id("...")`. Names and keys are checked while parsing (as the reference does).
// ---------------------------------------------------------------------------------------------

attribute : '@' attributeName '(' attributeBody ')' ;

attributeName : id ;

attributeBody
    : attributeKey '=' attributeValue
    | STRING
    ;

attributeKey : id ;

attributeValue
    : versionCore
    | id
    ;

// ---------------------------------------------------------------------------------------------
// Interfaces
// ---------------------------------------------------------------------------------------------

interfaceDecl : INTERFACE id interfaceBody ;

interfaceBody : '{' interfaceItem* '}' ;

interfaceItem : attribute* interfaceItemKind ;

interfaceItemKind
    : typeAlias
    | flagsDecl
    | enumDecl
    | variantDecl
    | resourceDecl
    | recordDecl
    | funcItem
    | useItem
    ;

funcItem : id ':' funcSignature ';' ;

funcSignature : ASYNC? FUNC '(' paramList? ')' ('->' typeRef)? ;

// Separated lists are loops (no recursion, so long lists cannot exhaust the stack) whose items
// are optional after a comma: that keeps every decision LL(1) and allows a trailing comma. A
// comma right after a comma is rejected while parsing (EagerChecks), as the reference does.
paramList : param (',' param?)* ;

param : id ':' typeRef ;

useItem : USE usePath '.' '{' useNames? '}' ';' ;

useNames : useName (',' useName?)* ;

useName : id (AS id)? ;

// ---------------------------------------------------------------------------------------------
// Type definitions
// ---------------------------------------------------------------------------------------------

typeAlias : TYPE id '=' typeRef ';' ;

recordDecl : RECORD id '{' fieldList? '}' ;

fieldList : field (',' field?)* ;

field : id ':' typeRef ;

flagsDecl : FLAGS id '{' caseNames? '}' ;

enumDecl : ENUM id '{' caseNames? '}' ;

caseNames : caseName (',' caseName?)* ;

caseName : id ;

variantDecl : VARIANT id '{' variantCases? '}' ;

variantCases : variantCase (',' variantCase?)* ;

variantCase : id ('(' typeRef ')')? ;

resourceDecl : RESOURCE id resourceBody ;

resourceBody
    : ';'
    | '{' resourceItem* '}'
    ;

resourceItem : attribute* resourceFunc ;

resourceFunc
    : CONSTRUCTOR '(' paramList? ')' ('->' typeRef)? ';'    # constructorFunc
    | id ':' STATIC? funcSignature ';'                      # namedResourceFunc
    ;

// ---------------------------------------------------------------------------------------------
// Worlds
// ---------------------------------------------------------------------------------------------

worldDecl : WORLD id worldBody ;

worldBody : '{' worldItem* '}' ;

worldItem : attribute* worldItemKind ;

worldItemKind
    : importItem
    | exportItem
    | useItem
    | typeAlias
    | flagsDecl
    | resourceDecl
    | recordDecl
    | variantDecl
    | enumDecl
    | includeItem
    ;

importItem : IMPORT externSpec ;

exportItem : EXPORT externSpec ;

// `name;`, `name: [async] func...;`, `name: interface {...}`, `ns:pkg/name[@v];`,
// `label: name;`, `label: ns:pkg/name[@v];`.
externSpec : id externSpecTail ;

externSpecTail
    : ':' externAfterColon
    | ';'
    ;

externAfterColon
    : funcSignature ';'                 # externFunc
    | INTERFACE interfaceBody           # externInterface
    | id externPathTail                 # externPath
    ;

externPathTail
    : '/' id version? ';'               # packagePathTail
    | ';'                               # labeledLocalTail
    | ':' id '/' id version? ';'        # labeledPackageTail
    ;

includeItem : INCLUDE usePath includeTail ;

includeTail
    : WITH '{' includeNames? '}'
    | ';'
    ;

includeNames : includeName (',' includeName?)* ;

includeName : id AS id ;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

typeRef
    : (U8 | U16 | U32 | U64 | S8 | S16 | S32 | S64 | F32 | F64 | CHAR | BOOL | STRING_KW | ERROR_CONTEXT) # primitiveType
    | TUPLE '<' tupleTypes? '>'                         # tupleType
    | LIST '<' typeRef (',' fixedLength)? '>'           # listType
    | MAP '<' typeRef ',' typeRef '>'                   # mapType
    | OPTION '<' typeRef '>'                            # optionType
    | RESULT ('<' resultArgs '>')?                      # resultType
    | FUTURE ('<' typeRef '>')?                         # futureType
    | STREAM ('<' typeRef '>')?                         # streamType
    | OWN '<' id '>'                                    # ownType
    | BORROW '<' id '>'                                 # borrowType
    | id                                                # namedType
    ;

tupleTypes : typeRef (',' typeRef?)* ;

resultArgs
    : '_' ',' typeRef                   # resultErrOnly
    | typeRef (',' typeRef)?            # resultOkErr
    ;

fixedLength : INTEGER ;

id : ID | EXPLICIT_ID ;

// ---------------------------------------------------------------------------------------------
// Lexer. Keywords are listed before ID so that they win on equal length.
// ---------------------------------------------------------------------------------------------

USE : 'use' ;
TYPE : 'type' ;
FUNC : 'func' ;
U8 : 'u8' ;
U16 : 'u16' ;
U32 : 'u32' ;
U64 : 'u64' ;
S8 : 's8' ;
S16 : 's16' ;
S32 : 's32' ;
S64 : 's64' ;
F32 : 'f32' ;
F64 : 'f64' ;
CHAR : 'char' ;
RESOURCE : 'resource' ;
OWN : 'own' ;
BORROW : 'borrow' ;
RECORD : 'record' ;
FLAGS : 'flags' ;
VARIANT : 'variant' ;
ENUM : 'enum' ;
BOOL : 'bool' ;
STRING_KW : 'string' ;
OPTION : 'option' ;
RESULT : 'result' ;
FUTURE : 'future' ;
STREAM : 'stream' ;
ERROR_CONTEXT : 'error-context' ;
LIST : 'list' ;
MAP : 'map' ;
UNDERSCORE : '_' ;
AS : 'as' ;
FROM : 'from' ;
STATIC : 'static' ;
INTERFACE : 'interface' ;
TUPLE : 'tuple' ;
IMPORT : 'import' ;
EXPORT : 'export' ;
WORLD : 'world' ;
PACKAGE : 'package' ;
CONSTRUCTOR : 'constructor' ;
INCLUDE : 'include' ;
WITH : 'with' ;
ASYNC : 'async' ;

// Anything key-like: XID start or `_`, then XID continue or `-`. Whether it is a valid WIT
// identifier is checked when the parser consumes it, with the reference's messages.
ID : [\p{XID_Start}_] [\p{XID_Continue}-]* ;

// `%name`; a lone `%` is a token too (an empty identifier, reported as such).
EXPLICIT_ID : '%' ([\p{XID_Start}_-] [\p{XID_Continue}-]*)? ;

INTEGER : [0-9]+ ;

// Contents are validated (escapes, control characters) when the parser reaches the token.
STRING : '"' (~["\\] | '\\' .)* '"' ;

EQUALS : '=' ;
COMMA : ',' ;
COLON : ':' ;
PERIOD : '.' ;
SEMICOLON : ';' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
LT : '<' ;
GT : '>' ;
RARROW : '->' ;
STAR : '*' ;
AT : '@' ;
SLASH : '/' ;
PLUS : '+' ;
MINUS : '-' ;

WHITESPACE : [ \t\n]+ -> skip ;

// A line comment runs to and includes its newline.
LINE_COMMENT : '//' ~'\n'* '\n'? -> channel(HIDDEN) ;

// Block comments nest. Inside, `/*` always opens and `*/` always closes, scanning left to right.
BLOCK_COMMENT
    : '/*' ( BLOCK_COMMENT | '/' {InputStream.LA(1) != '*'}? | '*' {InputStream.LA(1) != '/'}? | ~[/*] )* '*/'
      -> channel(HIDDEN)
    ;

// Error tokens: the parser never accepts them, the error reporter words them like the reference.
UNTERMINATED_COMMENT : '/*' ;
UNTERMINATED_STRING : '"' ;
ERROR_CHAR : . ;
