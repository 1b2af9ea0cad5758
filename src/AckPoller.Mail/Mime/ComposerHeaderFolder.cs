using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Writes one header field as tokens separated by single spaces, folding (CRLF before the space) whenever the
/// next token would take the line past 78 characters, also right after the colon. Tokens are never split, so a single
/// token longer than a line stays whole; callers keep tokens under <see cref="MaxUnfoldableToken"/> so the 998-octet
/// limit always holds.</summary>
internal sealed class ComposerHeaderFolder
{
    public const int PreferredLineLength = 78;

    /// <summary>Tokens longer than this must be encoded (encoded words split) instead of written as they are.</summary>
    public const int MaxUnfoldableToken = 900;

    private readonly StringBuilder _output;
    private int _lineStart;

    public ComposerHeaderFolder(StringBuilder output, string name)
    {
        _output = output;
        _lineStart = output.Length;
        output.Append(name).Append(':');
    }

    private int Column => _output.Length - _lineStart;

    /// <summary>Room left on the current line for a token written after a space.</summary>
    public int RemainingOnLine => PreferredLineLength - Column - 1;

    /// <summary>Appends a space (a possible fold point) and then the token.</summary>
    public void Append(string token)
    {
        // Folding straight after "Name:" is allowed (FWS may follow the colon) and keeps a long name's value short.
        if (Column > 0 && Column + 1 + token.Length > PreferredLineLength)
        {
            _output.Append("\r\n");
            _lineStart = _output.Length;
        }

        _output.Append(' ').Append(token);
    }

    /// <summary>Appends text as RFC 2047 encoded words, the first sized to finish the current line when it can.</summary>
    public void AppendEncodedWords(string text)
    {
        var first = RemainingOnLine;
        first = first >= EncodedWordEncoder.MinWordLength ? Math.Min(first, EncodedWordEncoder.MaxWordLength) : EncodedWordEncoder.MaxWordLength;
        foreach (var word in EncodedWordEncoder.Encode(text, first))
        {
            Append(word);
        }
    }

    public void End() => _output.Append("\r\n");
}
