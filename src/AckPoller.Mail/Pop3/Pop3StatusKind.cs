namespace AckPoller.Mail.Pop3;

internal enum Pop3StatusKind
{
    /// <summary>"+OK".</summary>
    Ok,

    /// <summary>"-ERR".</summary>
    Error,

    /// <summary>"+ " followed by a base64 challenge, only during AUTH (RFC 5034).</summary>
    Continuation,
}
