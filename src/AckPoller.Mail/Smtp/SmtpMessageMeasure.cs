using System.Buffers;

namespace AckPoller.Mail.Smtp;

/// <summary>Measures a message, fed in chunks, as it will be transmitted: its size once every bare CR or LF became CRLF
/// and a final CRLF was added (the SIZE= value, RFC 1870), and whether it has 8-bit bytes (BODY=8BITMIME, RFC 6152).</summary>
internal struct SmtpMessageMeasure
{
    private static readonly SearchValues<byte> EightBit = SearchValues.Create(Enumerable.Range(0x80, 0x80).Select(b => (byte)b).ToArray());

    private long _size;
    private byte _last;

    public bool HasEightBitData { get; private set; }

    /// <summary>The transmitted size in octets, excluding dot-stuffing and the final ".".</summary>
    public readonly long Size => _size + (_size > 0 && _last != '\n' && _last != '\r' ? 2 : 0);

    public void Add(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        HasEightBitData |= chunk.ContainsAny(EightBit);
        var crlf = chunk.Count("\r\n"u8);
        var bareCr = chunk.Count((byte)'\r') - crlf;
        var bareLf = chunk.Count((byte)'\n') - crlf;
        var split = _last == '\r' && chunk[0] == '\n' ? 2 : 0; // a CRLF split across chunks was counted as bare CR + bare LF
        _size += chunk.Length + bareCr + bareLf - split;
        _last = chunk[^1];
    }
}
