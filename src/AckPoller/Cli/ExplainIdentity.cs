using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;

namespace AckPoller.Cli;

/// <summary>The domain of AckPoller's own Message-IDs for `explain`, when the configuration lets it be worked out.</summary>
internal static class ExplainIdentity
{
    public static string? MessageIdDomain(AckPollerOptions options)
    {
        try
        {
            return AlertMailIdentity.Resolve(options).MessageIdDomain;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
