namespace AckPoller.Core.Diagnostics;

/// <summary>Why a probe failed. Kind is one of authentication, tls, connection, protocol.</summary>
public sealed record ProbeError(string Kind, string? ServerResponse, string Detail);
