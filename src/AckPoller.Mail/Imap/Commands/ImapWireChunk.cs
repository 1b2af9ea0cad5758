namespace AckPoller.Mail.Imap.Commands;

/// <summary>A piece of a command's wire form. A command is split only where a synchronizing literal makes the client
/// wait for the server's "+" before going on. Bytes from <see cref="VisibleLength"/> on are secret (never logged).</summary>
internal readonly record struct ImapWireChunk(ReadOnlyMemory<byte> Data, int VisibleLength, bool WaitsForContinuation)
{
    public bool HasSecret => VisibleLength < Data.Length;
}
