namespace AckPoller.Core.Auth.Msal;

/// <summary>The sign-in hosts of Microsoft's clouds. MSAL checks any other authority with Microsoft's instance discovery,
/// which answers invalid_instance for a host it does not know (an on-premises or test authority) and fails the sign-in;
/// for those AckPoller turns instance discovery off.</summary>
public static class MicrosoftCloudHosts
{
    private static readonly string[] Hosts =
    [
        "login.microsoftonline.com",
        "login.windows.net",
        "login.microsoft.com",
        "sts.windows.net",
        "login.microsoftonline.us",
        "login.usgovcloudapi.net",
        "login.chinacloudapi.cn",
        "login.partner.microsoftonline.cn",
        "login.microsoftonline.de",
    ];

    public static bool IsMicrosoftAuthority(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
        && Array.Exists(Hosts, host => string.Equals(host, uri.Host, StringComparison.OrdinalIgnoreCase));
}
