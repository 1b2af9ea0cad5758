using System.Text;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>Reads the tokens of one response (RFC 3501 §9 / RFC 9051 §9) straight from its bytes: atoms, numbers,
/// quoted strings, literals, NIL, lists. Every malformed input becomes a <see cref="MailProtocolException"/>.</summary>
internal ref struct ImapTokenReader
{
    private const int MaxNesting = 64;

    private static readonly bool[] AtomChars = BuildAtomChars();

    private readonly ImapResponseBuffer _response;
    private readonly ReadOnlySpan<byte> _text;
    private int _pos;
    private int _literal;

    public ImapTokenReader(ImapResponseBuffer response)
    {
        _response = response;
        _text = response.Text;
    }

    public readonly bool AtEnd => _pos >= _text.Length;

    public readonly ReadOnlySpan<byte> Remaining => _text[Math.Min(_pos, _text.Length)..];

    public readonly byte Peek() => _pos < _text.Length ? _text[_pos] : (byte)0;

    public void Expect(byte expected)
    {
        if (Peek() != expected)
        {
            throw Error($"expected '{(char)expected}'");
        }

        _pos++;
    }

    public void ExpectSpace() => Expect((byte)' ');

    public bool TryConsume(byte value)
    {
        if (Peek() != value)
        {
            return false;
        }

        _pos++;
        return true;
    }

    /// <summary>An atom: ATOM-CHARs, which include '[' but not ']'.</summary>
    public ReadOnlySpan<byte> ReadAtom()
    {
        var start = _pos;
        while (_pos < _text.Length && AtomChars[_text[_pos]])
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected an atom");
        }

        return _text[start.._pos];
    }

    /// <summary>A flag: \Atom, \* or a keyword atom.</summary>
    public ReadOnlySpan<byte> ReadFlag()
    {
        var start = _pos;
        if (TryConsume((byte)'\\') && TryConsume((byte)'*'))
        {
            return _text[start.._pos];
        }

        ReadAtom();
        return _text[start.._pos];
    }

    /// <summary>A FETCH item name such as UID, BODY[], BODY[HEADER.FIELDS (SUBJECT)] or BODY[]&lt;0&gt;.</summary>
    public ReadOnlySpan<byte> ReadFetchItemName()
    {
        var start = _pos;
        var depth = 0;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                if (--depth < 0)
                {
                    throw Error("unbalanced ']' in a FETCH item");
                }
            }
            else if (depth == 0 && (c == ' ' || c == '(' || c == ')'))
            {
                break;
            }
            else if (c < 0x20 || c == '{' || c == '"')
            {
                throw Error("unexpected character in a FETCH item");
            }

            _pos++;
        }

        if (_pos == start || depth != 0)
        {
            throw Error("expected a FETCH item name");
        }

        return _text[start.._pos];
    }

    public uint ReadNumber()
    {
        var value = ReadNumber64();
        if (value > uint.MaxValue)
        {
            throw Error("number out of range");
        }

        return (uint)value;
    }

    public ulong ReadNumber64()
    {
        var start = _pos;
        ulong value = 0;
        while (_pos < _text.Length && _text[_pos] is >= (byte)'0' and <= (byte)'9')
        {
            if (_pos - start >= 19)
            {
                throw Error("number out of range");
            }

            value = (value * 10) + (ulong)(_text[_pos] - '0');
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected a number");
        }

        return value;
    }

    public readonly bool PeekIsDigit() => Peek() is >= (byte)'0' and <= (byte)'9';

    /// <summary>True (and consumed) when the next token is NIL.</summary>
    public bool TryReadNil()
    {
        if (_text.Length - _pos >= 3 && Ascii.EqualsIgnoreCase(_text.Slice(_pos, 3), "NIL"u8)
            && (_pos + 3 == _text.Length || !AtomChars[_text[_pos + 3]]))
        {
            _pos += 3;
            return true;
        }

        return false;
    }

    /// <summary>A quoted string or literal as bytes (the literal's own array, not a copy).</summary>
    public byte[] ReadStringBytes() => Peek() switch
    {
        (byte)'"' => ReadQuoted(),
        (byte)'{' => ReadLiteral(),
        _ => throw Error("expected a string"),
    };

    /// <summary>NIL (null), a quoted string or a literal.</summary>
    public byte[]? ReadNStringBytes() => TryReadNil() ? null : ReadStringBytes();

    public string? ReadNString() => ReadNStringBytes() is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>An atom or a string (astring).</summary>
    public string ReadAString() => Peek() is (byte)'"' or (byte)'{'
        ? Encoding.UTF8.GetString(ReadStringBytes())
        : ReadAStringAtom();

    /// <summary>A parenthesized list of flags: (\Seen $Forwarded).</summary>
    public List<string> ReadFlagList()
    {
        Expect((byte)'(');
        var flags = new List<string>();
        while (!TryConsume((byte)')'))
        {
            if (flags.Count > 0)
            {
                ExpectSpace();
            }

            flags.Add(ImapFlagNames.Get(ReadFlag()));
        }

        return flags;
    }

    /// <summary>Skips one value of any kind: atom, number, NIL, string, literal or (nested) list.</summary>
    public void SkipValue() => SkipValue(0);

    /// <summary>The rest of the response as text (human-readable resp-text).</summary>
    public string ReadRemainingText()
    {
        var text = Encoding.UTF8.GetString(Remaining);
        _pos = _text.Length;
        return text;
    }

    public readonly MailProtocolException Error(string what)
    {
        var shown = _text[..Math.Min(_text.Length, 160)];
        var sanitized = new StringBuilder(shown.Length);
        foreach (var b in shown)
        {
            sanitized.Append(b is >= 0x20 and < 0x7f ? (char)b : '?');
        }

        if (_text.Length > shown.Length)
        {
            sanitized.Append("...");
        }

        return new MailProtocolException($"The IMAP server sent a malformed response ({what} at offset {_pos}): {sanitized}");
    }

    private static bool[] BuildAtomChars()
    {
        var chars = new bool[256];
        for (var c = 0x21; c < 0x7f; c++)
        {
            chars[c] = c is not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']');
        }

        return chars;
    }

    private string ReadAStringAtom()
    {
        // ASTRING-CHAR = ATOM-CHAR / "]"
        var start = _pos;
        while (_pos < _text.Length && (AtomChars[_text[_pos]] || _text[_pos] == ']'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected an atom or string");
        }

        return Encoding.UTF8.GetString(_text[start.._pos]);
    }

    private byte[] ReadQuoted()
    {
        _pos++;
        var start = _pos;
        var escapes = 0;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated quoted string");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                escapes++;
                _pos++;
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated quoted string");
                }
            }

            _pos++;
        }

        var raw = _text[start.._pos];
        _pos++;
        if (escapes == 0)
        {
            return raw.ToArray();
        }

        var result = new byte[raw.Length - escapes];
        var w = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\')
            {
                i++;
            }

            result[w++] = raw[i];
        }

        return result;
    }

    private byte[] ReadLiteral()
    {
        _pos++;
        var digits = 0;
        while (_pos < _text.Length && _text[_pos] is >= (byte)'0' and <= (byte)'9')
        {
            _pos++;
            digits++;
        }

        TryConsume((byte)'+');
        Expect((byte)'}');
        if (digits == 0 || _literal >= _response.LiteralCount || _response.LiteralEnd(_literal) != _pos)
        {
            throw Error("a literal marker that does not end a line");
        }

        return _response.Literal(_literal++);
    }

    private void SkipValue(int depth)
    {
        switch (Peek())
        {
            case (byte)'(':
                if (depth >= MaxNesting)
                {
                    throw Error("lists nested too deeply");
                }

                _pos++;
                var first = true;
                var afterList = false;
                while (!TryConsume((byte)')'))
                {
                    // RFC 3501's grammar writes list elements that are lists without a space between them
                    // ("AUDIO" right after "...16)" in BODYSTRUCTURE, address lists in ENVELOPE), and servers send them so.
                    if (!first && !TryConsume((byte)' ') && !afterList && Peek() != (byte)'(')
                    {
                        ExpectSpace();
                    }

                    afterList = Peek() == (byte)'(';
                    SkipValue(depth + 1);
                    first = false;
                }

                break;
            case (byte)'"':
            case (byte)'{':
                ReadStringBytes();
                break;
            default:
                var start = _pos;
                while (_pos < _text.Length && _text[_pos] is not ((byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or (byte)'{') && _text[_pos] >= 0x20)
                {
                    _pos++;
                }

                if (_pos == start)
                {
                    throw Error("expected a value");
                }

                break;
        }
    }
}
