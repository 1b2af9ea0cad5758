using System.Runtime.InteropServices;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Sandbox;

// The stand-in as a process (sandbox/entra/start.sh): --url https://localhost:10443, --sandbox-dir DIR (default
// $ACKPOLLER_SANDBOX_DIR or /tmp/ackpoller-sandbox), --registrations FILE (extra apps/users, JSON). Needs the sandbox's
// sandbox.json (signing key). Writes DIR/entra.json once listening and removes it on SIGTERM/SIGINT.
var arguments = ParseArguments(args);
var directory = arguments.GetValueOrDefault("sandbox-dir") ?? SandboxSettings.ResolveDirectory();
var settings = SandboxSettings.Load(directory);
var options = EntraStandInOptions.ForSandbox(settings);
options.Url = arguments.GetValueOrDefault("url") ?? "https://localhost:10443";
options.LogToConsole = true;

var ownFolder = Path.Combine(directory, "entra");
Directory.CreateDirectory(ownFolder);
string caFile;
if (options.ServerCertificate is null)
{
    // The sandbox's localhost certificate is not readable: use our own CA, kept in the sandbox folder.
    var ca = TestCertificateAuthority.CreateCa("AckPoller Entra stand-in CA");
    options.ServerCertificate = TestCertificateAuthority.IssueServerCertificate(ca);
    options.ServerCertificateIssuer = ca;
    caFile = Path.Combine(ownFolder, "ca.pem");
    File.WriteAllText(caFile, ca.ExportCertificatePem());
}
else
{
    caFile = settings.CaFile;
}

var (demoApp, demoPfx) = DemoRegistration.Create(ownFolder, settings.Domain);
options.Apps.Add(demoApp);
if (arguments.GetValueOrDefault("registrations") is { } registrationsFile)
{
    var document = RegistrationDocument.Load(registrationsFile);
    foreach (var app in document.Apps)
    {
        options.Apps.Add(app);
    }

    foreach (var user in document.Users)
    {
        options.Users.Add(user);
    }
}

await using var host = await EntraStandInHost.StartAsync(options);
var info = new EntraStandInInfo
{
    Url = host.BaseUrl.ToString(),
    TenantId = host.TenantId,
    Authority = host.Authority,
    CaFile = caFile,
    AdminUrl = new Uri(host.BaseUrl, "_sandbox/").ToString(),
    DeviceLoginUrl = new Uri(host.BaseUrl, "devicelogin").ToString(),
    Pid = Environment.ProcessId,
    Apps = host.Registry.Apps,
    Users = host.Registry.Users,
    ClientCertificates = new Dictionary<string, string> { [DemoRegistration.ClientId] = demoPfx },
};
info.Save(directory);
Console.WriteLine($"entra stand-in: listening on {host.BaseUrl} (authority {host.Authority}); wrote {Path.Combine(directory, EntraStandInInfo.FileName)}");

var stopped = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
await stopped.Task;
File.Delete(Path.Combine(directory, EntraStandInInfo.FileName));
await host.StopAsync();
return 0;

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unexpected argument '{args[i]}'. Use --url, --sandbox-dir, --registrations.");
        }

        parsed[args[i][2..]] = args[i + 1];
    }

    return parsed;
}
