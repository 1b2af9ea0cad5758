using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Cluster;

/// <summary>The PostgreSQL advisory lock that makes a node the owner of an account's IMAP IDLE listener:
/// <c>pg_try_advisory_lock(int4 classid, int4 objid)</c> with <see cref="ClassId"/> = 0x41636B50 ("AckP") and objid = the
/// first 4 bytes of SHA-256 of the account name (UTF-8) read big-endian as a signed int32. In <c>pg_locks</c> such a lock
/// is a row with locktype 'advisory', classid 1097034576, objid = the key as an unsigned 32-bit number and objsubid 2.</summary>
internal static class IdleLockKey
{
    /// <summary>0x41636B50: the first int4 of every IDLE ownership lock.</summary>
    public const int ClassId = 0x41636B50;

    /// <summary>The application_name prefix of a node's lock connection: "ackpoller-node:" + node id.</summary>
    public const string ApplicationNamePrefix = "ackpoller-node:";

    public static int ObjectId(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(account), hash);
        return BinaryPrimitives.ReadInt32BigEndian(hash);
    }

    /// <summary>The int4 in pg_locks.objid (an oid, unsigned) back as the signed key.</summary>
    public static int FromOid(long oid) => unchecked((int)(uint)oid);

    /// <summary>The key of every account; two accounts with the same key cannot be owned apart, so they are refused.</summary>
    /// <exception cref="ConfigurationException">Two accounts share a key.</exception>
    public static IReadOnlyDictionary<string, int> ForAccounts(IEnumerable<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = new Dictionary<int, string>();
        var errors = new List<string>();
        foreach (var account in accounts)
        {
            var key = ObjectId(account);
            if (byKey.TryGetValue(key, out var other))
            {
                errors.Add(string.Format(CultureInfo.InvariantCulture,
                    "Accounts: '{0}' and '{1}' hash to the same IDLE ownership lock key ({2}) and cannot be owned by different nodes; rename one of them.", other, account, key));
                continue;
            }

            byKey[key] = account;
            keys[account] = key;
        }

        return errors.Count > 0 ? throw new ConfigurationException(errors) : keys;
    }

    /// <summary>The accounts with an IDLE listener: IMAP with Polling:Idle on.</summary>
    public static IReadOnlyList<string> IdleAccounts(AckPollerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Accounts.Where(a => a.Protocol == MailProtocol.Imap && a.Polling.Idle).Select(a => a.Name).ToList();
    }
}
