namespace AckPoller.Core.Replies;

/// <summary>Whether the sender may act on the alert, and why (or why not), in words an admin can act on.</summary>
public sealed record SenderDecision(bool Authorized, string Reason)
{
    /// <summary>True when the sender is locked out after repeated rejected attempts: ignore quietly, answer nothing.</summary>
    public bool LockedOut { get; init; }

    /// <summary>True when anti-spoofing is required and the reply failed it: its From is a claim nobody verified. The
    /// reply is ignored without an answer (answering would mail whoever was impersonated) and is not a rejection, so it
    /// counts toward nobody's lockout.</summary>
    public bool Unauthenticated { get; init; }

    /// <summary>True when the From is not a whole address (no domain, e.g. <c>From: nsb</c>): it can match nobody and
    /// there is nobody to answer, so the reply is ignored without an answer and counts toward no lockout.</summary>
    public bool Incomplete { get; init; }
}
