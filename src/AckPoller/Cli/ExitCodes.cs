namespace AckPoller.Cli;

/// <summary>The exit codes every ackpoller command uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int AuthenticationFailed = 2;
    public const int ConnectionFailed = 3;
    public const int ProtocolError = 4;
    public const int Usage = 64;
}
