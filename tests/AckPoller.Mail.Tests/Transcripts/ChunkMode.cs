namespace AckPoller.Mail.Tests.Transcripts;

/// <summary>How a scripted server hands its bytes to the client: all that is ready at once, one line per read, or one byte per read.</summary>
public enum ChunkMode
{
    Whole,
    LineByLine,
    ByteByByte,
}
