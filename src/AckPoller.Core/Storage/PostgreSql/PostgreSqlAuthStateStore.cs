using System.Data.Common;
using AckPoller.Core.Auth;

namespace AckPoller.Core.Storage.PostgreSql;

public sealed class PostgreSqlAuthStateStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IAuthStateStore
{
    private const string Columns = "account, state, reason, error_code, authorization_url, device_user_code, device_verification_url, " +
        "challenge_expires_at, pending_request_state, pending_code_verifier, home_account_id, last_refresh_at, since, updated_at";

    public async Task<AccountAuthStatus?> GetAsync(string account, CancellationToken cancellationToken) =>
        First(await ReadAsync($"SELECT {Columns} FROM account_auth_state WHERE account = @account", p => p.AddText("account", account), Read, cancellationToken));

    public Task<IReadOnlyList<AccountAuthStatus>> GetAllAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM account_auth_state ORDER BY account", None, Read, cancellationToken);

    public Task SaveAsync(AccountAuthStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        return ExecuteAsync(
            $"""
            INSERT INTO account_auth_state ({Columns})
            VALUES (@account, @state, @reason, @error_code, @authorization_url, @device_user_code, @device_verification_url,
                    @challenge_expires_at, @pending_request_state, @pending_code_verifier, @home_account_id, @last_refresh_at, @since, @updated_at)
            ON CONFLICT (account) DO UPDATE SET
                state = excluded.state, reason = excluded.reason, error_code = excluded.error_code,
                authorization_url = excluded.authorization_url, device_user_code = excluded.device_user_code,
                device_verification_url = excluded.device_verification_url, challenge_expires_at = excluded.challenge_expires_at,
                pending_request_state = excluded.pending_request_state, pending_code_verifier = excluded.pending_code_verifier,
                home_account_id = excluded.home_account_id, last_refresh_at = excluded.last_refresh_at,
                since = excluded.since, updated_at = excluded.updated_at
            """,
            p =>
            {
                p.AddText("account", status.Account);
                p.AddText("state", status.State.ToString());
                p.AddText("reason", status.Reason);
                p.AddText("error_code", status.ErrorCode);
                p.AddText("authorization_url", status.Challenge?.AuthorizationUrl?.AbsoluteUri);
                p.AddText("device_user_code", status.Challenge?.UserCode);
                p.AddText("device_verification_url", status.Challenge?.VerificationUrl?.AbsoluteUri);
                p.AddTime("challenge_expires_at", status.Challenge?.ExpiresAt);
                p.AddText("pending_request_state", status.Pending?.RequestState);
                p.Add(new Npgsql.NpgsqlParameter("pending_code_verifier", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)status.Pending?.EncryptedCodeVerifier ?? DBNull.Value });
                p.AddText("home_account_id", status.HomeAccountId);
                p.AddTime("last_refresh_at", status.LastRefreshAt);
                p.AddTime("since", status.Since);
                p.AddTime("updated_at", status.UpdatedAt);
            },
            cancellationToken);
    }

    public Task DeleteAsync(string account, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM account_auth_state WHERE account = @account", p => p.AddText("account", account), cancellationToken);

    private static AccountAuthStatus Read(DbDataReader reader)
    {
        string? Text(int i) => PostgreSqlRows.Text(reader, i);

        var authorizationUrl = Text(4);
        var userCode = Text(5);
        var verificationUrl = Text(6);
        SignInChallenge? challenge = authorizationUrl is null && userCode is null
            ? null
            : new SignInChallenge
            {
                AuthorizationUrl = authorizationUrl is null ? null : new Uri(authorizationUrl),
                UserCode = userCode,
                VerificationUrl = verificationUrl is null ? null : new Uri(verificationUrl),
                ExpiresAt = PostgreSqlRows.TimeOrNull(reader, 7),
            };
        var requestState = Text(8);
        PendingAuthorization? pending = requestState is null || reader.IsDBNull(9)
            ? null
            : new PendingAuthorization(requestState, reader.GetFieldValue<byte[]>(9));

        return new AccountAuthStatus
        {
            Account = reader.GetString(0),
            State = Enum.TryParse<AuthState>(reader.GetString(1), out var state) ? state : AuthState.Unconfigured,
            Reason = Text(2),
            ErrorCode = Text(3),
            Challenge = challenge,
            Pending = pending,
            HomeAccountId = Text(10),
            LastRefreshAt = PostgreSqlRows.TimeOrNull(reader, 11),
            Since = PostgreSqlRows.Time(reader, 12),
            UpdatedAt = PostgreSqlRows.Time(reader, 13),
        };
    }
}
