using System.Globalization;
using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>Builds a command's wire form from typed pieces: atoms are checked, strings become atoms, quoted strings or
/// literals as their content requires, mailbox names are encoded. Nothing is spliced into a text template.</summary>
internal sealed class ImapCommandBuilder
{
    private const int LiteralMinusLimit = 4096;

    private readonly List<ImapWireChunk> _chunks = [];
    private readonly bool _utf8;
    private readonly bool _literalPlus;
    private readonly bool _literalMinus;
    private byte[] _buffer = new byte[128];
    private int _length;
    private int _chunkStart;
    private int _secretFrom = -1;

    public ImapCommandBuilder(string tag, bool utf8Enabled, bool literalPlus, bool literalMinus)
    {
        _utf8 = utf8Enabled;
        _literalPlus = literalPlus;
        _literalMinus = literalMinus;
        Append(Encoding.ASCII.GetBytes(tag));
        Space();
    }

    /// <summary>Protocol text the command itself supplies, e.g. "UID FETCH" or "BODY.PEEK[]".</summary>
    public ImapCommandBuilder Raw(ReadOnlySpan<byte> text)
    {
        Append(text);
        return this;
    }

    public ImapCommandBuilder Space() => Raw(" "u8);

    public ImapCommandBuilder Number(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return Raw(digits[..written]);
    }

    /// <summary>An atom given by the caller (a capability, a search date, a mechanism name); refused if it is not one.</summary>
    public ImapCommandBuilder Atom(string atom)
    {
        if (!IsAtom(atom))
        {
            throw new ArgumentException($"'{atom}' is not a valid IMAP atom.", nameof(atom));
        }

        return Raw(Encoding.ASCII.GetBytes(atom));
    }

    /// <summary>A flag: \System or a keyword atom.</summary>
    public ImapCommandBuilder Flag(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var name = flag.StartsWith('\\') ? flag[1..] : flag;
        if (!IsAtom(name))
        {
            throw new ArgumentException($"'{flag}' is not a valid IMAP flag.", nameof(flag));
        }

        return Raw(Encoding.ASCII.GetBytes(flag));
    }

    public ImapCommandBuilder UidSet(UidSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Raw(Encoding.ASCII.GetBytes(set.ToString()));
    }

    /// <summary>An astring: an atom when possible, else a quoted string, else a literal.</summary>
    public ImapCommandBuilder AString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsAtom(value) ? Raw(Encoding.ASCII.GetBytes(value)) : String(value);
    }

    /// <summary>A string: quoted when the text allows it, else a literal.</summary>
    public ImapCommandBuilder String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CanQuote(value))
        {
            return Literal(Encoding.UTF8.GetBytes(value));
        }

        Append("\""u8);
        var bytes = Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                Append("\\"u8);
            }

            Append([b]);
        }

        Append("\""u8);
        return this;
    }

    public ImapCommandBuilder NString(string? value) => value is null ? Raw("NIL"u8) : String(value);

    /// <summary>A mailbox name, in modified UTF-7 unless UTF8=ACCEPT is enabled.</summary>
    public ImapCommandBuilder Mailbox(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return AString(_utf8 ? name : ModifiedUtf7.Encode(name));
    }

    /// <summary>A LIST pattern: like a mailbox name, but * and % keep their wildcard meaning.</summary>
    public ImapCommandBuilder ListMailbox(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return String(_utf8 ? pattern : ModifiedUtf7.Encode(pattern));
    }

    /// <summary>A literal: non-synchronizing with LITERAL+ (or LITERAL- for small ones), else the client waits for "+".</summary>
    public ImapCommandBuilder Literal(ReadOnlySpan<byte> data)
    {
        var nonSynchronizing = _literalPlus || (_literalMinus && data.Length <= LiteralMinusLimit);
        Append("{"u8);
        Number((ulong)data.Length);
        Append(nonSynchronizing ? "+}\r\n"u8 : "}\r\n"u8);
        if (!nonSynchronizing)
        {
            EndChunk(waitsForContinuation: true);
        }

        Append(data);
        return this;
    }

    /// <summary>Everything written from here on is a secret: the protocol log shows asterisks instead.</summary>
    public ImapCommandBuilder BeginSecret()
    {
        if (_secretFrom < 0)
        {
            _secretFrom = _length;
        }

        return this;
    }

    /// <summary>Ends the command with CRLF and returns its chunks.</summary>
    public IReadOnlyList<ImapWireChunk> Build()
    {
        Append("\r\n"u8);
        EndChunk(waitsForContinuation: false);
        return _chunks;
    }

    public static bool IsAtom(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is <= ' ' or >= '\x7f' or '(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']')
            {
                return false;
            }
        }

        return true;
    }

    private bool CanQuote(string value)
    {
        if (value.Length > 1000)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '\0' or '\r' or '\n' || (c > '\x7f' && !_utf8))
            {
                return false;
            }
        }

        return true;
    }

    private void EndChunk(bool waitsForContinuation)
    {
        var data = _buffer.AsMemory(_chunkStart, _length - _chunkStart);
        var visible = _secretFrom < 0 ? data.Length : Math.Max(0, _secretFrom - _chunkStart);
        _chunks.Add(new ImapWireChunk(data, visible, waitsForContinuation));
        _chunkStart = _length;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            // Chunks already built point into the old buffer, which stays valid; only the open chunk moves.
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + data.Length)];
            _buffer.AsSpan(_chunkStart, _length - _chunkStart).CopyTo(grown.AsSpan(_chunkStart));
            _buffer = grown;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
