using System;
using System.Globalization;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>Writes component values as WAVE, directed by their type.</summary>
internal sealed class WaveWriter
{
    private readonly StringBuilder _sb = new();

    public void Append(string text) => _sb.Append(text);

    public override string ToString() => _sb.ToString();

    public void Write(ComponentValue value, ValType type)
    {
        try
        {
            WriteValue(value, type);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"the value does not have the shape of {type}: {e.Message}", e);
        }
    }

    private void WriteValue(ComponentValue value, ValType type)
    {
        switch (type.Kind)
        {
            case ValTypeKind.Bool: _sb.Append(value.AsBool() ? "true" : "false"); break;
            case ValTypeKind.S8: _sb.Append(((sbyte)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.U8: _sb.Append(((byte)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.S16: _sb.Append(((short)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.U16: _sb.Append(((ushort)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.S32: _sb.Append(((int)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.U32: _sb.Append(((uint)value.AsUInt64()).ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.S64: _sb.Append(value.AsInt64().ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.U64: _sb.Append(value.AsUInt64().ToString(CultureInfo.InvariantCulture)); break;
            case ValTypeKind.F32:
            {
                var f = BitConverter.UInt32BitsToSingle((uint)value.RawBits);
                _sb.Append(float.IsFinite(f) ? Positional(f.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(float.IsNaN(f), f < 0));
                break;
            }
            case ValTypeKind.F64:
            {
                var d = BitConverter.UInt64BitsToDouble(value.RawBits);
                _sb.Append(double.IsFinite(d) ? Positional(d.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(double.IsNaN(d), d < 0));
                break;
            }
            case ValTypeKind.Char:
                _sb.Append('\'');
                WriteScalar(value.AsChar());
                _sb.Append('\'');
                break;
            case ValTypeKind.String:
                WriteString(value.AsString());
                break;
            case ValTypeKind.List:
            case ValTypeKind.FixedList:
            case ValTypeKind.Map:
            {
                var items = value.Items;
                if (type.Kind == ValTypeKind.FixedList && items.Length != type.Length)
                    throw new ArgumentException($"{items.Length} elements for {type}");
                WriteItems('[', ']', items, type.Element!);
                break;
            }
            case ValTypeKind.Tuple:
            {
                var items = CheckedFields(value, type);
                _sb.Append('(');
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0) _sb.Append(", ");
                    WriteValue(items[i], type.Fields[i]);
                }
                _sb.Append(')');
                break;
            }
            case ValTypeKind.Record:
            {
                var items = CheckedFields(value, type);
                _sb.Append('{');
                var written = 0;
                for (var i = 0; i < items.Length; i++)
                {
                    // `none` fields are left out, as the encoding allows.
                    if (type.Fields[i].Kind == ValTypeKind.Option && items[i].CaseIndex == 0) continue;
                    if (written++ > 0) _sb.Append(", ");
                    _sb.Append(type.Names[i]).Append(": ");
                    WriteValue(items[i], type.Fields[i]);
                }
                if (written == 0) _sb.Append(':');
                _sb.Append('}');
                break;
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Enum:
            {
                var index = CheckedCase(value, type);
                var name = type.Names[index];
                if (Wave.IsKeyword(name)) _sb.Append('%');
                _sb.Append(name);
                WritePayload(value, type.Cases[index], name);
                break;
            }
            case ValTypeKind.Option:
            {
                var index = CheckedCase(value, type);
                if (index == 0) _sb.Append("none");
                else { _sb.Append("some"); WritePayload(value, type.Element, "some"); }
                break;
            }
            case ValTypeKind.Result:
            {
                var index = CheckedCase(value, type);
                var name = index == 0 ? "ok" : "err";
                _sb.Append(name);
                WritePayload(value, type.Cases[index], name);
                break;
            }
            case ValTypeKind.Flags:
            {
                var mask = value.FlagBits;
                if (type.Names.Count < 32 && mask >> type.Names.Count != 0)
                    throw new ArgumentException($"flag bits 0x{mask:x} beyond the {type.Names.Count} labels of {type}");
                _sb.Append('{');
                var written = 0;
                for (var i = 0; i < type.Names.Count; i++)
                {
                    if ((mask & (1u << i)) == 0) continue;
                    if (written++ > 0) _sb.Append(", ");
                    _sb.Append(type.Names[i]);
                }
                _sb.Append('}');
                break;
            }
            default:
                throw new ArgumentException($"values of type {type} have no WAVE encoding");
        }
    }

    private void WriteItems(char open, char close, ComponentValue[] items, ValType element)
    {
        _sb.Append(open);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) _sb.Append(", ");
            WriteValue(items[i], element);
        }
        _sb.Append(close);
    }

    private void WritePayload(ComponentValue value, ValType? payloadType, string caseName)
    {
        var payload = value.Payload;
        if (payloadType is null)
        {
            if (payload is not null) throw new ArgumentException($"case `{caseName}` has no payload but the value carries one");
            return;
        }
        if (payload is not { } p) throw new ArgumentException($"case `{caseName}` needs a payload of type {payloadType}");
        _sb.Append('(');
        WriteValue(p, payloadType);
        _sb.Append(')');
    }

    private static ComponentValue[] CheckedFields(ComponentValue value, ValType type)
    {
        var items = value.Items;
        if (items.Length != type.Fields.Count)
            throw new ArgumentException($"{items.Length} fields for {type}");
        return items;
    }

    private static int CheckedCase(ComponentValue value, ValType type)
    {
        var index = value.CaseIndex;
        if (index < 0 || index >= type.Cases.Count)
            throw new ArgumentException($"case index {index} out of range for {type}");
        return index;
    }

    private void WriteString(string s)
    {
        _sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                _sb.Append(c).Append(s[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) throw new ArgumentException("the string is not valid Unicode (unpaired surrogate)");
            WriteScalar(c);
        }
        _sb.Append('"');
    }

    private void WriteScalar(int scalar)
    {
        switch (scalar)
        {
            case '\\': _sb.Append("\\\\"); return;
            case '"': _sb.Append("\\\""); return;
            case '\'': _sb.Append("\\'"); return;
            case '\t': _sb.Append("\\t"); return;
            case '\n': _sb.Append("\\n"); return;
            case '\r': _sb.Append("\\r"); return;
        }
        if (scalar < 0x20 || scalar is >= 0x7F and <= 0x9F)
        {
            _sb.Append("\\u{").Append(scalar.ToString("x", CultureInfo.InvariantCulture)).Append('}');
            return;
        }
        if (scalar < 0x10000) _sb.Append((char)scalar);
        else _sb.Append(char.ConvertFromUtf32(scalar));
    }

    private static string NonFinite(bool nan, bool negative) => nan ? "nan" : negative ? "-inf" : "inf";

    /// <summary>Turns a shortest round-trip number into positional notation without an exponent
    /// (<c>1E+16</c> → <c>10000000000000000</c>, <c>1E-07</c> → <c>0.0000001</c>), as Rust's <c>Display</c> writes floats.</summary>
    internal static string Positional(string shortest)
    {
        var e = shortest.IndexOfAny(new[] { 'E', 'e' });
        if (e < 0) return shortest;
        var mantissa = shortest.Substring(0, e);
        var exponent = int.Parse(shortest.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa.Substring(1);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (pointPosition <= 0)
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        else if (pointPosition >= digits.Length)
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        else
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        return builder.ToString();
    }
}
