namespace AckPoller.Mail.Mime;

/// <summary>One mailbox: an optional display name and an addr-spec (local@domain). Comparison is on the address,
/// case-insensitively, since that is how people and servers treat it in practice.</summary>
public sealed record MailboxAddress(string? DisplayName, string Address)
{
    public MailboxAddress(string address)
        : this(null, address)
    {
    }

    public string LocalPart => Address.LastIndexOf('@') is var at and >= 0 ? Address[..at] : Address;

    public string Domain => Address.LastIndexOf('@') is var at and >= 0 ? Address[(at + 1)..] : string.Empty;

    public bool Equals(MailboxAddress? other) =>
        other is not null && string.Equals(Address, other.Address, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Address);

    public override string ToString() => string.IsNullOrEmpty(DisplayName) ? $"<{Address}>" : $"\"{DisplayName}\" <{Address}>";
}
