using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>Per-account OAuth state (with the pending sign-in challenge) and the encrypted MSAL token caches
/// (SQLite M0001).</summary>
internal static class P0001AuthStateAndTokenCache
{
    public static readonly SqlMigration Migration = new(1, "account auth state and token cache", """
        CREATE TABLE account_auth_state (
            account text PRIMARY KEY,
            state text NOT NULL,
            reason text NULL,
            error_code text NULL,
            authorization_url text NULL,
            device_user_code text NULL,
            device_verification_url text NULL,
            challenge_expires_at timestamptz NULL,
            pending_request_state text NULL,
            pending_code_verifier bytea NULL,
            home_account_id text NULL,
            last_refresh_at timestamptz NULL,
            since timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE token_cache (
            account text NOT NULL,
            cache_kind text NOT NULL,
            blob bytea NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (account, cache_kind)
        );
        """);
}
