namespace AckPoller.Mail.Mime;

/// <summary>The Content-Transfer-Encoding the composer picked for one body part.</summary>
internal enum OutgoingTransferEncoding
{
    SevenBit,
    QuotedPrintable,
    Base64,
}
