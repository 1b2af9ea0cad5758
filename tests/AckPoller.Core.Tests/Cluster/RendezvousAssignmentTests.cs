using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Cluster;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RendezvousAssignmentTests
{
    private static readonly string[] Accounts = Enumerable.Range(0, 300).Select(i => $"mailbox-{i}").ToArray();

    [Fact]
    public void Accounts_spread_over_the_nodes_and_every_node_agrees()
    {
        string[] nodes = ["node-a", "node-b", "node-c"];
        var owners = Accounts.Select(a => RendezvousAssignment.OwnerOf(a, nodes)).ToList();

        foreach (var node in nodes)
        {
            var share = owners.Count(o => o == node);
            Assert.InRange(share, 70, 130); // 100 each on average
        }

        // The order of the node list does not matter.
        Assert.Equal(owners, Accounts.Select(a => RendezvousAssignment.OwnerOf(a, nodes.Reverse())));
        Assert.Null(RendezvousAssignment.OwnerOf("x", []));
    }

    [Fact]
    public void A_node_joining_takes_about_a_quarter_of_the_accounts_from_three_and_nothing_else_moves()
    {
        string[] three = ["node-a", "node-b", "node-c"];
        string[] four = [.. three, "node-d"];

        var moved = Accounts.Where(a => RendezvousAssignment.OwnerOf(a, three) != RendezvousAssignment.OwnerOf(a, four)).ToList();

        Assert.InRange(moved.Count, 45, 105); // 75 expected (1/4 of 300)
        Assert.All(moved, a => Assert.Equal("node-d", RendezvousAssignment.OwnerOf(a, four)));
    }

    [Fact]
    public void A_node_leaving_moves_only_its_own_accounts()
    {
        string[] three = ["node-a", "node-b", "node-c"];
        string[] two = ["node-a", "node-c"];

        foreach (var account in Accounts)
        {
            var before = RendezvousAssignment.OwnerOf(account, three);
            var after = RendezvousAssignment.OwnerOf(account, two);
            Assert.True(before == "node-b" ? after != "node-b" : after == before, account);
        }
    }
}

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class IdleLockKeyTests
{
    [Fact]
    public void The_key_is_the_first_four_bytes_of_the_sha256_of_the_utf8_name_big_endian()
    {
        // python3: struct.unpack('>i', hashlib.sha256(name.encode()).digest()[:4])[0]
        Assert.Equal(2003506952, IdleLockKey.ObjectId("oncall"));
        Assert.Equal(-2062582332, IdleLockKey.ObjectId("café"));
        Assert.Equal(1097034576, IdleLockKey.ClassId);
        Assert.Equal(-2062582332, IdleLockKey.FromOid(unchecked((uint)-2062582332)));
    }

    [Fact]
    public void Two_accounts_with_the_same_key_are_refused_naming_both()
    {
        // acct-78235 and acct-124172 share the first four bytes of their SHA-256.
        var error = Assert.Throws<ConfigurationException>(() => IdleLockKey.ForAccounts(["oncall", "acct-78235", "acct-124172"]));

        Assert.Contains("'acct-78235' and 'acct-124172'", error.Message, StringComparison.Ordinal);
        Assert.Contains("-1298229204", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, IdleLockKey.ForAccounts(["oncall", "acct-78235"]).Count);
    }
}
