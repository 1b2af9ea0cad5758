namespace AckPoller.Cli;

/// <summary>The exit codes every ackpoller command uses.
/// <list type="table">
/// <item><term>0</term><description>Done (for `config check`: the configuration is valid; for `test`: every step passed).</description></item>
/// <item><term>1</term><description>Failed: a file or the database could not be read, an alert or account was not found, `alert raise --send-now` could not send, `test` could not send its test email, `storage copy` found no SQLite file, a non-empty target, a refused password or a failed copy (nothing committed).</description></item>
/// <item><term>2</term><description>Authentication failed: no token (Entra ID refused, sign-in needed), or the mail server refused it (`probe`, `test`); `auth status` found an account that needs attention.</description></item>
/// <item><term>3</term><description>Connection or TLS failed (`probe`, `test`), the PostgreSQL server (Storage:Provider PostgreSql, or `storage copy --to`) cannot be reached, `storage copy` run with Storage:Provider PostgreSql, or the configuration is invalid (`run`, `config check` and every command that reads the configuration).</description></item>
/// <item><term>4</term><description>The server broke the protocol (`probe`, `test`).</description></item>
/// <item><term>64</term><description>Usage: an unknown command or option, or a value that cannot be used (`storage copy --to` with a password in it); the message names the option.</description></item>
/// </list></summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int AuthenticationFailed = 2;
    public const int ConnectionFailed = 3;

    /// <summary>The same code as <see cref="ConnectionFailed"/>: `run` has always exited 3 on a bad configuration.</summary>
    public const int BadConfiguration = 3;
    public const int ProtocolError = 4;
    public const int Usage = 64;
}
