namespace AckPoller.Core.Configuration;

/// <summary>How replies are read and who may act: responders, the default command, anti-spoofing, lockout.</summary>
public sealed class RepliesOptions
{
}
