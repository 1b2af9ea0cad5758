using System.Data.Common;
using AckPoller.Core.Auth;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

public sealed class SqliteAuthStateStore : IAuthStateStore
{
    private const string Columns = "account, state, reason, error_code, authorization_url, device_user_code, device_verification_url, " +
        "challenge_expires_at, pending_request_state, pending_code_verifier, home_account_id, last_refresh_at, since, updated_at";

    private readonly IDatabaseConnectionFactory _connections;

    public SqliteAuthStateStore(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task<AccountAuthStatus?> GetAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM account_auth_state WHERE account = $account";
        command.Parameters.Add(new SqliteParameter("$account", account));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<AccountAuthStatus>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM account_auth_state ORDER BY account";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<AccountAuthStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public async Task SaveAsync(AccountAuthStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO account_auth_state ({Columns})
            VALUES ($account, $state, $reason, $error_code, $authorization_url, $device_user_code, $device_verification_url,
                    $challenge_expires_at, $pending_request_state, $pending_code_verifier, $home_account_id, $last_refresh_at, $since, $updated_at)
            ON CONFLICT (account) DO UPDATE SET
                state = excluded.state, reason = excluded.reason, error_code = excluded.error_code,
                authorization_url = excluded.authorization_url, device_user_code = excluded.device_user_code,
                device_verification_url = excluded.device_verification_url, challenge_expires_at = excluded.challenge_expires_at,
                pending_request_state = excluded.pending_request_state, pending_code_verifier = excluded.pending_code_verifier,
                home_account_id = excluded.home_account_id, last_refresh_at = excluded.last_refresh_at,
                since = excluded.since, updated_at = excluded.updated_at
            """;
        var p = command.Parameters;
        p.Add(new SqliteParameter("$account", status.Account));
        p.Add(new SqliteParameter("$state", status.State.ToString()));
        p.Add(new SqliteParameter("$reason", (object?)status.Reason ?? DBNull.Value));
        p.Add(new SqliteParameter("$error_code", (object?)status.ErrorCode ?? DBNull.Value));
        p.Add(new SqliteParameter("$authorization_url", (object?)status.Challenge?.AuthorizationUrl?.AbsoluteUri ?? DBNull.Value));
        p.Add(new SqliteParameter("$device_user_code", (object?)status.Challenge?.UserCode ?? DBNull.Value));
        p.Add(new SqliteParameter("$device_verification_url", (object?)status.Challenge?.VerificationUrl?.AbsoluteUri ?? DBNull.Value));
        p.Add(new SqliteParameter("$challenge_expires_at", status.Challenge?.ExpiresAt is { } expires ? StoreTime.Format(expires) : DBNull.Value));
        p.Add(new SqliteParameter("$pending_request_state", (object?)status.Pending?.RequestState ?? DBNull.Value));
        p.Add(new SqliteParameter("$pending_code_verifier", (object?)status.Pending?.EncryptedCodeVerifier ?? DBNull.Value));
        p.Add(new SqliteParameter("$home_account_id", (object?)status.HomeAccountId ?? DBNull.Value));
        p.Add(new SqliteParameter("$last_refresh_at", status.LastRefreshAt is { } refreshed ? StoreTime.Format(refreshed) : DBNull.Value));
        p.Add(new SqliteParameter("$since", StoreTime.Format(status.Since)));
        p.Add(new SqliteParameter("$updated_at", StoreTime.Format(status.UpdatedAt)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM account_auth_state WHERE account = $account";
        command.Parameters.Add(new SqliteParameter("$account", account));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AccountAuthStatus Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

        var authorizationUrl = Text(4);
        var userCode = Text(5);
        var verificationUrl = Text(6);
        var expires = StoreTime.ParseOrNull(reader.IsDBNull(7) ? null : reader.GetString(7));
        SignInChallenge? challenge = authorizationUrl is null && userCode is null
            ? null
            : new SignInChallenge
            {
                AuthorizationUrl = authorizationUrl is null ? null : new Uri(authorizationUrl),
                UserCode = userCode,
                VerificationUrl = verificationUrl is null ? null : new Uri(verificationUrl),
                ExpiresAt = expires,
            };
        var requestState = Text(8);
        PendingAuthorization? pending = requestState is null || reader.IsDBNull(9)
            ? null
            : new PendingAuthorization(requestState, (byte[])reader.GetValue(9));

        return new AccountAuthStatus
        {
            Account = reader.GetString(0),
            State = Enum.TryParse<AuthState>(reader.GetString(1), out var state) ? state : AuthState.Unconfigured,
            Reason = Text(2),
            ErrorCode = Text(3),
            Challenge = challenge,
            Pending = pending,
            HomeAccountId = Text(10),
            LastRefreshAt = StoreTime.ParseOrNull(Text(11)),
            Since = StoreTime.Parse(reader.GetString(12)),
            UpdatedAt = StoreTime.Parse(reader.GetString(13)),
        };
    }
}
