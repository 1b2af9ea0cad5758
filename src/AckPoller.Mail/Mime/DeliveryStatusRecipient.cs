namespace AckPoller.Mail.Mime;

/// <summary>One per-recipient block of an RFC 3464 delivery-status report.</summary>
public sealed record DeliveryStatusRecipient
{
    /// <summary>The Final-Recipient address, without its address type ("rfc822;").</summary>
    public string? FinalRecipient { get; init; }

    public string? OriginalRecipient { get; init; }

    /// <summary>failed, delayed, delivered, relayed or expanded (lower case).</summary>
    public string? Action { get; init; }

    /// <summary>The enhanced status code, e.g. "5.1.1".</summary>
    public string? Status { get; init; }

    public string? DiagnosticCode { get; init; }

    public string? RemoteMta { get; init; }

    public bool IsFailure => Action == "failed";
}
