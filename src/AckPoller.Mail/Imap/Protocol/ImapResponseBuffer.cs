using System.Globalization;
using System.Runtime.CompilerServices;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>Reads one whole server response: its text (the lines joined, literal markers kept) and its literals,
/// each copied exactly once from the connection into its own array. The text buffer is reused between responses;
/// the literal arrays are handed over to whoever parses them.</summary>
internal sealed class ImapResponseBuffer
{
    private readonly List<byte[]> _literals = [];
    private readonly List<int> _literalEnds = [];
    private byte[] _text = new byte[4096];
    private int _length;

    public ReadOnlySpan<byte> Text => _text.AsSpan(0, _length);

    public int LiteralCount => _literals.Count;

    public byte[] Literal(int index) => _literals[index];

    /// <summary>The offset in <see cref="Text"/> just after the "{n}" marker of literal <paramref name="index"/>.</summary>
    public int LiteralEnd(int index) => _literalEnds[index];

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadAsync(MailConnection connection, long maxLiteralSize, CancellationToken cancellationToken)
    {
        _length = 0;
        _literals.Clear();
        _literalEnds.Clear();
        var maxText = connection.Options.MaxLineLength;
        long literalTotal = 0;
        while (true)
        {
            var line = await connection.ReadLineAsync(cancellationToken);
            Append(line.Span, maxText, connection);
            if (!TryGetLiteralSize(line.Span, out var size, connection))
            {
                return;
            }

            literalTotal += size;
            if (size > maxLiteralSize || literalTotal > 2 * maxLiteralSize)
            {
                connection.MarkBroken();
                throw new MailProtocolException(
                    $"The server announced a {size.ToString(CultureInfo.InvariantCulture)}-octet literal; the limit is {maxLiteralSize.ToString(CultureInfo.InvariantCulture)} octets per literal (ImapClient.MaxLiteralSize).");
            }

            var literal = size == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)size);
            await connection.ReadExactAsync(literal, cancellationToken);
            _literals.Add(literal);
            _literalEnds.Add(_length);
        }
    }

    /// <summary>A line that ends in {n} or {n+} announces a literal of n octets that follows the CRLF.</summary>
    private static bool TryGetLiteralSize(ReadOnlySpan<byte> line, out long size, MailConnection connection)
    {
        size = 0;
        var end = line.Length - 1;
        if (end < 2 || line[end] != '}')
        {
            return false;
        }

        var digitsEnd = line[end - 1] == '+' ? end - 1 : end;
        var open = digitsEnd - 1;
        while (open >= 0 && char.IsAsciiDigit((char)line[open]))
        {
            open--;
        }

        if (open < 0 || line[open] != '{' || open == digitsEnd - 1)
        {
            return false;
        }

        var digits = line[(open + 1)..digitsEnd];
        if (digits.Length > 12)
        {
            connection.MarkBroken();
            throw new MailProtocolException("The server announced a literal with an absurd size.");
        }

        foreach (var digit in digits)
        {
            size = (size * 10) + (digit - '0');
        }

        return true;
    }

    private void Append(ReadOnlySpan<byte> line, int maxText, MailConnection connection)
    {
        var needed = _length + line.Length;
        if (needed > maxText)
        {
            connection.MarkBroken();
            throw new MailProtocolException($"The server sent a response longer than {maxText.ToString(CultureInfo.InvariantCulture)} octets (literals excluded).");
        }

        if (needed > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(needed, _text.Length * 2));
        }

        line.CopyTo(_text.AsSpan(_length));
        _length = needed;
    }
}
