using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AckPoller.Core.Cluster;

/// <summary>Rendezvous (highest random weight) hashing: an account goes to the node with the highest
/// SHA-256(node id, account) weight. Every node computes the same answer from the same node list, and when a node joins
/// or leaves only the accounts it wins or held move (about 1/n of them).</summary>
internal static class RendezvousAssignment
{
    public static string? OwnerOf(string account, IEnumerable<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(nodes);
        string? best = null;
        ulong bestWeight = 0;
        foreach (var node in nodes)
        {
            var weight = Weight(node, account);
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(node, best) > 0))
            {
                best = node;
                bestWeight = weight;
            }
        }

        return best;
    }

    internal static ulong Weight(string node, string account)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(node + "\n" + account), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
