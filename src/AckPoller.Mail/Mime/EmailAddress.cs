namespace AckPoller.Mail.Mime;

/// <summary>The one email address check of AckPoller (CLI, HTTP API, configuration and the message composer): an
/// address passes exactly when the composer can write it into From/To/Cc/Reply-To (dot-atom or quoted local part of
/// printable ASCII, a host name or domain literal, at most 254 characters), so an accepted address never makes alert
/// raising fail later. <c>a..b@x.test</c>, <c>ü@x.test</c> and <c>a@x.</c> are refused.</summary>
public static class EmailAddress
{
    private const int MaxShownLength = 320;

    public static bool IsValid(string? address) => TryValidate(address, out _);

    /// <summary>True when <paramref name="address"/> (surrounding whitespace ignored) is usable; otherwise
    /// <paramref name="problem"/> says why, naming the address.</summary>
    public static bool TryValidate(string? address, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(address))
        {
            problem = "an email address is required (local@domain).";
            return false;
        }

        if (address.Length > MaxShownLength)
        {
            problem = $"'{HeaderInjectionGuard.Printable(address[..40])}…' is not a valid email address: it is longer than 254 characters.";
            return false;
        }

        try
        {
            MailboxAddressEncoder.NormalizeAddress(address, paramName: string.Empty);
            return true;
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
            return false;
        }
    }
}
