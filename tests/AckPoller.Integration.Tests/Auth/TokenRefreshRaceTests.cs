using System.Text.Json.Nodes;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Mail.Sasl;
using Npgsql;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>Two nodes (each its own store, authenticators and MSAL applications) over one real PostgreSQL database,
/// made to refresh the same account's token at the same moment against the Entra stand-in, which rotates refresh tokens
/// and refuses a redeemed one. Both start while a third holder has the account's refresh lock, so both are really
/// waiting for it when it is released. One refreshes; the other, after taking the lock, reloads the cache and uses the
/// new token: one refresh grant, one cache holding the newest refresh token, and the token opens the sandbox IMAP
/// mailbox from both nodes.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class TokenRefreshRaceTests(PostgresServer server)
{
    [Fact]
    public async Task Two_nodes_refreshing_an_expired_token_at_once_make_one_refresh_grant_and_keep_the_newest_refresh_token()
    {
        await using var world = await RaceWorld.StartAsync(server);

        var (a, b) = await world.RaceAsync(forceRefresh: false);

        var refresh = world.AssertOneRefreshOfTheLastToken();
        Assert.Equal(refresh.AccessToken, a.Secret);
        Assert.Equal(refresh.AccessToken, b.Secret);
        await world.AssertOneValidCacheWithAsync(refresh.RefreshToken!);
        Assert.Contains("waited for another node's token refresh", world.Harness.Logs.Text, StringComparison.Ordinal);
        await world.AssertImapWorksFromBothNodesAsync();
    }

    /// <summary>Both nodes had their token refused by the mail server at once, so both ask for a forced refresh: the one
    /// that waited sees the cache changed while it waited and takes the other's token instead of refreshing again.</summary>
    [Fact]
    public async Task Two_nodes_forced_to_refresh_at_once_refresh_once_and_the_waiting_node_uses_the_new_token()
    {
        await using var world = await RaceWorld.StartAsync(server);

        var (a, b) = await world.RaceAsync(forceRefresh: true);

        var refresh = world.AssertOneRefreshOfTheLastToken();
        Assert.Equal(refresh.AccessToken, a.Secret);
        Assert.Equal(refresh.AccessToken, b.Secret);
        await world.AssertOneValidCacheWithAsync(refresh.RefreshToken!);
        Assert.Contains("another node refreshed the token while this one waited", world.Harness.Logs.Text, StringComparison.Ordinal);
        await world.AssertImapWorksFromBothNodesAsync();
    }

    private sealed class RaceWorld : IAsyncDisposable
    {
        private RaceWorld(AuthHarness harness, MailAccountOptions account, string connectionString, AccountAuthenticators nodeA, AccountAuthenticators nodeB, int lastIssuance)
        {
            Harness = harness;
            Account = account;
            ConnectionString = connectionString;
            NodeA = nodeA;
            NodeB = nodeB;
            LastIssuance = lastIssuance;
        }

        public AuthHarness Harness { get; }

        public MailAccountOptions Account { get; }

        public string ConnectionString { get; }

        public AccountAuthenticators NodeA { get; }

        public AccountAuthenticators NodeB { get; }

        /// <summary>Index of the last token the stand-in issued before the race.</summary>
        public int LastIssuance { get; }

        public static async Task<RaceWorld> StartAsync(PostgresServer server)
        {
            var harness = await AuthHarness.StartAsync();
            var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);

            // The sign-in's access token lives 120 s, which MSAL treats as expired (it refreshes within 5 minutes of the
            // end); refreshed ones live an hour, so a node that finds one just refreshed has no reason to refresh again.
            harness.Entra.Registry.SetUser(new UserRegistration { Address = account.Mailbox, AccessTokenLifetimeSeconds = 120 });
            var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
            var nodeA = await harness.OpenPostgreSqlAsync(connectionString, account);
            var nodeB = await harness.OpenPostgreSqlAsync(connectionString, account);
            await harness.SignInWithAuthorizationCodeAsync(nodeA, account.Name);

            // Both nodes have fetched a token once (each a refresh, as the tokens are short-lived), so their MSAL
            // applications are warm and the race is not decided by one node's start-up.
            await nodeA.Get(account.Name).GetCredentialsAsync(forceRefresh: false, default);
            await nodeB.Get(account.Name).GetCredentialsAsync(forceRefresh: false, default);
            var last = harness.Entra.Issuances.Count - 1;
            Assert.Equal("refresh_token", harness.Entra.Issuances[last].GrantType);
            harness.Entra.Registry.SetUser(new UserRegistration { Address = account.Mailbox, AccessTokenLifetimeSeconds = 3600 });
            return new RaceWorld(harness, account, connectionString, nodeA, nodeB, last);
        }

        /// <summary>Holds the account's refresh lock (as a third node would), starts both nodes, waits until both are
        /// queued on the lock in PostgreSQL, then lets go.</summary>
        public async Task<(MailCredentials A, MailCredentials B)> RaceAsync(bool forceRefresh)
        {
            await using var holder = new NpgsqlConnection(ConnectionString);
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(@account))", holder, transaction))
            {
                take.Parameters.AddWithValue("class", PostgreSqlTokenCacheStore.RefreshLockClass);
                take.Parameters.AddWithValue("account", Account.Name);
                await take.ExecuteNonQueryAsync();
            }

            var a = Task.Run(() => NodeA.Get(Account.Name).GetCredentialsAsync(forceRefresh, default));
            var b = Task.Run(() => NodeB.Get(Account.Name).GetCredentialsAsync(forceRefresh, default));

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            // (A node that did not queue, e.g. one that skipped the lock, ends the wait too, and the assertions below say
            // what went wrong.)
            while (await WaitingForRefreshLockAsync(holder, transaction) < 2 && !(a.IsCompleted && b.IsCompleted))
            {
                await Task.Delay(20, timeout.Token);
            }

            await transaction.RollbackAsync();
            var both = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(60));
            return (both[0], both[1]);
        }

        public TokenIssuanceView AssertOneRefreshOfTheLastToken()
        {
            var last = Harness.Entra.Issuances[LastIssuance];
            var refreshes = Harness.Entra.Issuances.Skip(LastIssuance + 1).Where(i => i.GrantType == "refresh_token").ToList();
            var refresh = Assert.Single(refreshes);
            Assert.Equal(last.RefreshToken, refresh.RedeemedRefreshToken);
            Assert.NotNull(refresh.RefreshToken);
            return new TokenIssuanceView(refresh.AccessToken, refresh.RefreshToken);
        }

        /// <summary>One user cache row for the account; decrypted, its only refresh token is <paramref name="newest"/>,
        /// which the stand-in still honours; both nodes are Authorized.</summary>
        public async Task AssertOneValidCacheWithAsync(string newest)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT blob FROM token_cache WHERE account = @account AND cache_kind = 'user'", connection);
            command.Parameters.AddWithValue("account", Account.Name);
            var rows = new List<byte[]>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((byte[])reader.GetValue(0));
                }
            }

            var blob = Assert.Single(rows);
            using var cipher = new TokenCacheCipher(Harness.Key);
            var cache = (JsonObject)JsonNode.Parse(cipher.Decrypt(blob, $"ackpoller-token-cache:{EncryptedTokenCache.UserCache}:{Account.Name}"))!;
            var refreshTokens = ((JsonObject)cache["RefreshToken"]!).Select(entry => entry.Value!["secret"]!.GetValue<string>()).ToList();
            Assert.Equal(newest, Assert.Single(refreshTokens));
            Assert.True(Harness.Entra.IsRefreshTokenValid(newest));

            Assert.Equal(AuthState.Authorized, (await NodeA.Get(Account.Name).GetStatusAsync(default)).State);
            Assert.Equal(AuthState.Authorized, (await NodeB.Get(Account.Name).GetStatusAsync(default)).State);
        }

        public async Task AssertImapWorksFromBothNodesAsync()
        {
            var before = Harness.Entra.Issuances.Count;
            Assert.StartsWith("IMAP", await Harness.ConnectIncomingAsync(NodeA.Get(Account.Name)), StringComparison.Ordinal);
            Assert.StartsWith("IMAP", await Harness.ConnectIncomingAsync(NodeB.Get(Account.Name)), StringComparison.Ordinal);
            Assert.Equal(before, Harness.Entra.Issuances.Count);
        }

        public async ValueTask DisposeAsync() => await Harness.DisposeAsync();

        private static async Task<long> WaitingForRefreshLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = @class::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection, transaction);
            command.Parameters.AddWithValue("class", (long)PostgreSqlTokenCacheStore.RefreshLockClass);
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    private sealed record TokenIssuanceView(string AccessToken, string? RefreshToken);
}
