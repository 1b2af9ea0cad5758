using AckPoller.Mail.Transport;

namespace AckPoller.Core.Outbox;

/// <summary>Reads an account's SmtpServer: smtp://host[:587] (STARTTLS) or smtps://host[:465] (implicit TLS).</summary>
public static class SmtpServerAddress
{
    public static MailEndpoint Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.Scheme is not ("smtp" or "smtps"))
        {
            throw new ArgumentException($"'{url}' is not an smtp:// or smtps:// URL.", nameof(url));
        }

        var implicitTls = uri.Scheme == "smtps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (implicitTls ? 465 : 587) : uri.Port;
        return new MailEndpoint(uri.Host, port, implicitTls ? TlsMode.Implicit : TlsMode.StartTls);
    }
}
