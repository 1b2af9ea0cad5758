using System.Text.Json.Serialization;

namespace AckPoller.Sandbox;

/// <summary>The loopback ports of the sandbox mail stack.</summary>
public sealed record SandboxPorts
{
    /// <summary>IMAP with STARTTLS.</summary>
    [JsonPropertyName("imap")]
    public int Imap { get; init; } = 10143;

    [JsonPropertyName("imaps")]
    public int Imaps { get; init; } = 10993;

    /// <summary>POP3 with STLS.</summary>
    [JsonPropertyName("pop3")]
    public int Pop3 { get; init; } = 10110;

    [JsonPropertyName("pop3s")]
    public int Pop3s { get; init; } = 10995;

    /// <summary>Postfix submission with STARTTLS; AUTH required.</summary>
    [JsonPropertyName("submission")]
    public int Submission { get; init; } = 10587;

    /// <summary>Postfix submission with implicit TLS; AUTH required.</summary>
    [JsonPropertyName("smtps")]
    public int Smtps { get; init; } = 10465;

    /// <summary>Postfix plain SMTP for injecting test mail from loopback, no AUTH.</summary>
    [JsonPropertyName("smtpInject")]
    public int SmtpInject { get; init; } = 10025;

    [JsonPropertyName("lmtp")]
    public int Lmtp { get; init; } = 10024;
}
