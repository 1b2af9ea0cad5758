namespace AckPoller.EntraStandIn.Grants;

/// <summary>What a refresh token stands for. <see cref="IssuedAt"/> is the original sign-in; <see cref="LastUsedAt"/>
/// is when this token of the rotation chain was issued.</summary>
public sealed record RefreshGrant(string ClientId, string User, DateTimeOffset IssuedAt, DateTimeOffset LastUsedAt);
