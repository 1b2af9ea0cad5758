namespace AckPoller.Mail.Mime;

/// <summary>The wire form of a composed message: CRLF line ends, 7-bit clean, ending with CRLF.</summary>
/// <param name="MessageId">The Message-ID header's id, without angle brackets.</param>
/// <param name="Bytes">The whole message (headers and body) as it goes into SMTP DATA (before dot-stuffing).</param>
public sealed record ComposedMessage(string MessageId, byte[] Bytes);
