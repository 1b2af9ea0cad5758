using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Per-account OAuth state (with the pending sign-in challenge) and the encrypted MSAL token caches.</summary>
internal static class M0001AuthStateAndTokenCache
{
    public static readonly SqlMigration Migration = new(1, "account auth state and token cache", """
        CREATE TABLE account_auth_state (
            account TEXT PRIMARY KEY NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NULL,
            error_code TEXT NULL,
            authorization_url TEXT NULL,
            device_user_code TEXT NULL,
            device_verification_url TEXT NULL,
            challenge_expires_at TEXT NULL,
            pending_request_state TEXT NULL,
            pending_code_verifier BLOB NULL,
            home_account_id TEXT NULL,
            last_refresh_at TEXT NULL,
            since TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE token_cache (
            account TEXT NOT NULL,
            cache_kind TEXT NOT NULL,
            blob BLOB NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (account, cache_kind)
        );
        """);
}
