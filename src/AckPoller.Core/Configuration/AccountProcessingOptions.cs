namespace AckPoller.Core.Configuration;

/// <summary>Per account: what happens in the mailbox after a reply is processed, and what to do with mail that was there before the first run.</summary>
public sealed class AccountProcessingOptions
{
    /// <summary>The IMAP mailbox replies arrive in.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>False (the default): mail already in the mailbox the first time AckPoller reads it is left alone; only
    /// mail delivered afterwards is acted on. True: the existing mail is processed too.</summary>
    public bool ProcessExistingMail { get; set; }

    /// <summary>IMAP: where applied and ignored replies are moved (marked \Seen), created if missing.</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>IMAP: where rejected and malformed replies are moved (marked \Seen), created if missing.</summary>
    public string RejectedFolder { get; set; } = "Rejected";

    /// <summary>POP3: delete each message (DELE, committed by QUIT) once its outcome is recorded.</summary>
    public bool DeleteAfterProcessing { get; set; }

    /// <summary>A bigger message is never downloaded: it is recorded as malformed and moved aside (IMAP) or left (POP3).</summary>
    public long MaxMessageBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How many messages are downloaded at once; their outcomes are recorded and the server updated before the next batch.</summary>
    public int FetchBatchSize { get; set; } = 50;

    /// <summary>The most bytes one fetch batch downloads (by the sizes the server announces): the batch stops before
    /// the message that would exceed it, and the rest comes in the next batch. A single message larger than this is
    /// still fetched, alone. Bounds the memory a poll needs whatever arrives. 16 MiB, the default MaxMessageBytes: a batch
    /// holds at most about one largest message (issue 11's 256 MB budget; README, Budgets).</summary>
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How many polls in a row a message still on the server may come back without its body (IMAP FETCH
    /// without BODY[], POP3 RETR refused) before it is recorded as failed (malformed) with the reason.</summary>
    public int MaxFetchAttempts { get; set; } = 5;

    /// <summary>Adds one message per problem to <paramref name="errors"/>, each starting with <paramref name="key"/> (e.g. "Accounts:0:Processing").</summary>
    public void Validate(string key, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        CheckFolder($"{key}:Folder", Folder, errors);
        CheckFolder($"{key}:ProcessedFolder", ProcessedFolder, errors);
        CheckFolder($"{key}:RejectedFolder", RejectedFolder, errors);
        if (string.Equals(ProcessedFolder, Folder, StringComparison.OrdinalIgnoreCase) || string.Equals(RejectedFolder, Folder, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:ProcessedFolder: the Processed and Rejected folders must differ from Folder '{Folder}', or processed mail would be read again.");
        }

        if (MaxMessageBytes < 1024 || MaxMessageBytes > Array.MaxLength / 2)
        {
            errors.Add($"{key}:MaxMessageBytes: must be between 1024 and {Array.MaxLength / 2} bytes (default {16L * 1024 * 1024}).");
        }

        if (FetchBatchSize is < 1 or > 1000)
        {
            errors.Add($"{key}:FetchBatchSize: must be between 1 and 1000.");
        }

        if (MaxBatchBytes < 64 * 1024)
        {
            errors.Add($"{key}:MaxBatchBytes: must be at least 65536 bytes (default {16L * 1024 * 1024}).");
        }

        if (MaxFetchAttempts is < 1 or > 100)
        {
            errors.Add($"{key}:MaxFetchAttempts: must be between 1 and 100 (default 5).");
        }
    }

    private static void CheckFolder(string key, string? name, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{key}: must name a mailbox folder, e.g. \"Processed\".");
        }
        else if (name.Any(c => c < ' ' || c == '\x7f' || c == '*' || c == '%'))
        {
            errors.Add($"{key}: '{name}' contains a control character or an IMAP wildcard (* or %).");
        }
    }
}
