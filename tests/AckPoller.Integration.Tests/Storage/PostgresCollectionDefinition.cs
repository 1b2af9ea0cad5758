namespace AckPoller.Integration.Tests.Storage;

/// <summary>Every test of this assembly in <see cref="PostgresCollection.Name"/> shares one private PostgreSQL server.</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>
{
}
