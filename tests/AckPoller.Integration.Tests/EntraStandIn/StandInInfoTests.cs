using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;

namespace AckPoller.Integration.Tests.EntraStandIn;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class StandInInfoTests
{
    [Fact]
    public void Entra_json_round_trips_and_a_missing_file_says_how_to_start()
    {
        var folder = Directory.CreateTempSubdirectory("entra-info-").FullName;
        try
        {
            var missing = Assert.Throws<InvalidOperationException>(() => EntraStandInInfo.Load(folder));
            Assert.Contains("sandbox/entra/start.sh", missing.Message, StringComparison.Ordinal);

            var (app, pfx) = DemoRegistration.Create(Path.Combine(folder, "entra"), "sandbox.test");
            new EntraStandInInfo
            {
                Url = "https://localhost:10443/",
                TenantId = EntraStandInOptions.DefaultTenantId,
                Authority = $"https://localhost:10443/{EntraStandInOptions.DefaultTenantId}/",
                CaFile = "/ca.pem",
                AdminUrl = "https://localhost:10443/_sandbox/",
                DeviceLoginUrl = "https://localhost:10443/devicelogin",
                Apps = [app],
                ClientCertificates = new Dictionary<string, string> { [app.ClientId] = pfx },
            }.Save(folder);

            var loaded = EntraStandInInfo.Load(folder);
            Assert.Equal(DemoRegistration.ClientId, Assert.Single(loaded.Apps).ClientId);
            Assert.Equal("ackpoller@sandbox.test", loaded.Apps[0].AppMailbox);
            Assert.Equal(new RegisteredApp(app).Certificates[0].Thumbprint, new RegisteredApp(loaded.Apps[0]).Certificates[0].Thumbprint);
            Assert.True(File.Exists(loaded.ClientCertificates[DemoRegistration.ClientId]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
