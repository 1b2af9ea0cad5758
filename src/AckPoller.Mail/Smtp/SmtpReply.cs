namespace AckPoller.Mail.Smtp;

/// <summary>One SMTP reply (RFC 5321 §4.2): a three-digit code, the RFC 3463 enhanced status code when the server
/// gave one, and the text of each line without code and enhanced code.</summary>
public sealed class SmtpReply
{
    public SmtpReply(int code, string? enhancedStatusCode, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Code = code;
        EnhancedStatusCode = enhancedStatusCode;
        Lines = lines;
    }

    /// <summary>The reply code, e.g. 250 or 535.</summary>
    public int Code { get; }

    /// <summary>The enhanced status code of the first line, e.g. 5.7.139, or null.</summary>
    public string? EnhancedStatusCode { get; }

    /// <summary>The text of each line, without the code and the enhanced status code.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The lines' text joined with spaces.</summary>
    public string Text => Lines.Count == 1 ? Lines[0] : string.Join(' ', Lines);

    /// <summary>2xx: the command succeeded.</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>4xx: a transient failure; the same command may succeed later.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>5xx: a permanent failure.</summary>
    public bool IsPermanent => Code >= 500;

    /// <summary>The reply as the server wrote it ("250-..." continuation lines, "250 ..." last line), lines joined with LF.</summary>
    public override string ToString()
    {
        var enhanced = EnhancedStatusCode is null ? string.Empty : EnhancedStatusCode + " ";
        if (Lines.Count == 1)
        {
            return $"{Code} {enhanced}{Lines[0]}".TrimEnd();
        }

        var text = new System.Text.StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-').Append(enhanced).Append(Lines[i]);
            while (text.Length > 0 && text[^1] == ' ')
            {
                text.Length--;
            }
        }

        return text.ToString();
    }
}
