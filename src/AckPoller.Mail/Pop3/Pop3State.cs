namespace AckPoller.Mail.Pop3;

/// <summary>Where the POP3 session is (RFC 1939 §3), which decides the commands allowed.</summary>
internal enum Pop3State
{
    NotConnected,

    /// <summary>Greeted; only CAPA, STLS, AUTH, USER/PASS, QUIT.</summary>
    Authorization,

    /// <summary>Logged in; the maildrop is locked and message commands are allowed.</summary>
    Transaction,

    /// <summary>QUIT was sent or the connection was disposed.</summary>
    Closed,
}
