namespace AckPoller.Mail.Imap;

/// <summary>One LIST response: a mailbox name (decoded), its hierarchy delimiter and attributes such as \HasNoChildren or \Sent.</summary>
public sealed record ImapMailboxListing(string Name, char? Delimiter, IReadOnlyList<string> Attributes)
{
    /// <summary>True when the mailbox cannot be selected (\Noselect or \NonExistent).</summary>
    public bool IsSelectable => !Attributes.Any(a =>
        a.Equals(@"\Noselect", StringComparison.OrdinalIgnoreCase) || a.Equals(@"\NonExistent", StringComparison.OrdinalIgnoreCase));

    public bool HasAttribute(string attribute) => Attributes.Any(a => a.Equals(attribute, StringComparison.OrdinalIgnoreCase));
}
