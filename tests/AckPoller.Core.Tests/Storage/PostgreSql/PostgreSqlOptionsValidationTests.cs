using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PostgreSqlOptionsValidationTests
{
    private static List<string> Validate(StorageOptions storage, Func<string, string?>? environment = null, Func<string, bool>? fileExists = null)
    {
        var errors = new List<string>();
        StorageOptionsValidation.Validate(storage, environment ?? (_ => null), fileExists ?? (_ => false), errors);
        return errors;
    }

    [Fact]
    public void Sqlite_needs_none_of_the_postgresql_keys()
    {
        Assert.Empty(Validate(new StorageOptions()));
        Assert.Empty(Validate(new StorageOptions { ConnectionString = "Host=x;Password=ignored-for-sqlite" }));
    }

    [Fact]
    public void A_good_postgresql_configuration_passes()
    {
        Assert.Empty(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Host=db;Port=5432;Username=ackpoller;Database=ackpoller", PasswordEnv = "PW" },
            name => name == "PW" ? "secret" : null));
        Assert.Empty(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionStringFile = "/run/secrets/db" }, fileExists: f => f == "/run/secrets/db"));
        Assert.Empty(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionStringEnv = "CS" },
            name => name == "CS" ? "Host=db;Username=u;Password=p;Database=d" : null));
    }

    [Fact]
    public void A_password_inside_the_plain_connection_string_is_refused_naming_the_key_without_echoing_it()
    {
        var errors = Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Host=db;Username=u;Password=hunter2-secret;Database=d" });

        var error = Assert.Single(errors);
        Assert.StartsWith("Storage:ConnectionString: must not contain a password", error, StringComparison.Ordinal);
        Assert.Contains("Storage:PasswordEnv", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_postgresql_problem_is_listed_at_once_with_its_key()
    {
        Assert.Equal(["Storage:ConnectionString"], Keys(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql })));
        Assert.Equal(["Storage:ConnectionString"], Keys(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Host=a;Database=b", ConnectionStringEnv = "X" })));
        Assert.Equal(["Storage:ConnectionString", "Storage:ConnectionString", "Storage:PasswordEnv", "Storage:PasswordEnv", "Storage:PasswordFile"],
            Keys(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Port=5432", PasswordEnv = "UNSET", PasswordFile = "/nope" })));
        Assert.Equal(["Storage:ConnectionStringEnv"], Keys(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionStringEnv = "UNSET" })));
        Assert.Equal(["Storage:ConnectionStringFile"], Keys(Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionStringFile = "/nope" })));
        var unparsable = Validate(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionStringEnv = "CS" }, _ => "Host=db;Password=s3cr3t;NoSuchKeyword=1");
        Assert.Equal("Storage:ConnectionStringEnv: is not a valid Npgsql connection string; expected e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.", Assert.Single(unparsable));
        Assert.Equal(["Storage:Provider"], Keys(Validate(new StorageOptions { Provider = (StorageProvider)7 })));
    }

    private static string[] Keys(List<string> errors) => [.. errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];
}
