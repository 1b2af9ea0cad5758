namespace AckPoller.Mail;

/// <summary>Base of every error the mail protocol clients raise. Messages never contain secrets.</summary>
public abstract class MailException : Exception
{
    protected MailException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure this is, as reported by diagnostics (probe, test).</summary>
    public abstract MailErrorKind Kind { get; }

    /// <summary>The server's own words, when the failure came from a server reply.</summary>
    public string? ServerResponse { get; init; }
}
