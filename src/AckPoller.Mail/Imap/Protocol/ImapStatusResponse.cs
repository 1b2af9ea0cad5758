using System.Text;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>A status response (OK, NO, BAD, PREAUTH, BYE), tagged or untagged, with its optional response code:
/// "NO [AUTHENTICATIONFAILED] Authentication failed." has Code AUTHENTICATIONFAILED and
/// ServerText "[AUTHENTICATIONFAILED] Authentication failed.".</summary>
internal sealed class ImapStatusResponse
{
    private ImapStatusResponse(ImapStatus status, string serverText, string? code, string? codeArguments, string text)
    {
        Status = status;
        ServerText = serverText;
        Code = code;
        CodeArguments = codeArguments;
        Text = text;
    }

    public ImapStatus Status { get; }

    /// <summary>Everything after the status word, as the server wrote it.</summary>
    public string ServerText { get; }

    /// <summary>The response code in upper case, without brackets, e.g. TRYCREATE or UIDVALIDITY.</summary>
    public string? Code { get; }

    /// <summary>What follows the code inside the brackets, e.g. "3857529045" or "(\Seen \Deleted \*)".</summary>
    public string? CodeArguments { get; }

    /// <summary>The human-readable text after the response code.</summary>
    public string Text { get; }

    /// <summary>True when the status word was recognised at the reader's position; the word is consumed.</summary>
    public static bool TryReadStatus(ReadOnlySpan<byte> word, out ImapStatus status)
    {
        status = default;
        if (Ascii.EqualsIgnoreCase(word, "OK"u8))
        {
            status = ImapStatus.Ok;
        }
        else if (Ascii.EqualsIgnoreCase(word, "NO"u8))
        {
            status = ImapStatus.No;
        }
        else if (Ascii.EqualsIgnoreCase(word, "BAD"u8))
        {
            status = ImapStatus.Bad;
        }
        else if (Ascii.EqualsIgnoreCase(word, "BYE"u8))
        {
            status = ImapStatus.Bye;
        }
        else if (Ascii.EqualsIgnoreCase(word, "PREAUTH"u8))
        {
            status = ImapStatus.PreAuth;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Parses resp-text after the status word: [SP] ["[" code [SP args] "]" [SP]] text.</summary>
    public static ImapStatusResponse Read(ImapStatus status, ref ImapTokenReader reader)
    {
        reader.TryConsume((byte)' ');
        var rest = reader.Remaining;
        var serverText = Encoding.UTF8.GetString(rest);
        string? code = null;
        string? arguments = null;
        var text = serverText;
        if (rest.Length > 0 && rest[0] == '[')
        {
            var close = rest.IndexOf((byte)']');
            if (close < 0)
            {
                throw reader.Error("unterminated response code");
            }

            var inside = rest[1..close];
            var space = inside.IndexOf((byte)' ');
            var name = space < 0 ? inside : inside[..space];
            if (name.IsEmpty)
            {
                throw reader.Error("empty response code");
            }

            code = Encoding.ASCII.GetString(name).ToUpperInvariant();
            arguments = space < 0 ? null : Encoding.UTF8.GetString(inside[(space + 1)..]);
            text = Encoding.UTF8.GetString(rest[(close + 1)..].TrimStart((byte)' '));
        }

        reader.ReadRemainingText();
        return new ImapStatusResponse(status, serverText, code, arguments, text);
    }

    /// <summary>The code's argument as a number, e.g. for UIDVALIDITY; a malformed one is a protocol error.</summary>
    public ulong NumericArgument()
    {
        if (ulong.TryParse(CodeArguments, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new MailProtocolException($"The IMAP server sent [{Code}] without a valid number: [{Code} {CodeArguments}]");
    }

    public uint NumericArgument32()
    {
        var value = NumericArgument();
        return value <= uint.MaxValue ? (uint)value : throw new MailProtocolException($"The IMAP server sent [{Code}] with a number out of range: {CodeArguments}");
    }

    /// <summary>The code's arguments split on spaces, parentheses removed, e.g. the atoms of [CAPABILITY ...].</summary>
    public string[] ListArgument() =>
        (CodeArguments ?? string.Empty).Trim('(', ')').Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"{Status.ToString().ToUpperInvariant()} {ServerText}";
}
