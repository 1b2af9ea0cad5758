using AckPoller.Mail.Transport;

namespace AckPoller.Core.Diagnostics;

/// <summary>A server to probe, from a URL: imap:// (STARTTLS required), imaps://, pop3:// (STLS required), pop3s://,
/// smtp:// (STARTTLS required), smtps://, each with an optional :port.</summary>
public sealed record ProbeTarget(MailProtocol Protocol, MailEndpoint Endpoint)
{
    public static bool TryParse(string url, out ProbeTarget? target, out string? error)
    {
        target = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{url}' is not a URL; expected e.g. imaps://outlook.office365.com:993";
            return false;
        }

        (MailProtocol Protocol, TlsMode Tls, int Port)? scheme = uri.Scheme.ToLowerInvariant() switch
        {
            "imap" => (MailProtocol.Imap, TlsMode.StartTls, 143),
            "imaps" => (MailProtocol.Imap, TlsMode.Implicit, 993),
            "pop3" => (MailProtocol.Pop3, TlsMode.StartTls, 110),
            "pop3s" => (MailProtocol.Pop3, TlsMode.Implicit, 995),
            "smtp" => (MailProtocol.Smtp, TlsMode.StartTls, 587),
            "smtps" => (MailProtocol.Smtp, TlsMode.Implicit, 465),
            _ => null,
        };
        if (scheme is null)
        {
            error = $"Unknown scheme '{uri.Scheme}'; use imap, imaps, pop3, pop3s, smtp or smtps.";
            return false;
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? scheme.Value.Port : uri.Port;
        target = new ProbeTarget(scheme.Value.Protocol, new MailEndpoint(uri.IdnHost, port, scheme.Value.Tls));
        error = null;
        return true;
    }

    public string Url => $"{SchemeName}://{Endpoint.Host}:{Endpoint.Port}";

    private string SchemeName => (Protocol, Endpoint.Tls) switch
    {
        (MailProtocol.Imap, TlsMode.Implicit) => "imaps",
        (MailProtocol.Imap, _) => "imap",
        (MailProtocol.Pop3, TlsMode.Implicit) => "pop3s",
        (MailProtocol.Pop3, _) => "pop3",
        (MailProtocol.Smtp, TlsMode.Implicit) => "smtps",
        _ => "smtp",
    };
}
