using System.Security.Cryptography.X509Certificates;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Webhooks;

/// <summary>Builds the configured webhooks: each signing key read once (from its environment variable or file, never
/// logged) and one HTTP client per webhook, trusting the system roots plus the webhook's ExtraCaFile.</summary>
internal static class WebhookTargets
{
    public static IReadOnlyList<WebhookTarget> Build(IList<WebhookOptions> webhooks, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var targets = new List<WebhookTarget>();
        for (var i = 0; i < webhooks.Count; i++)
        {
            var hook = webhooks[i];
            var secret = !string.IsNullOrWhiteSpace(hook.SecretEnv) ? environment(hook.SecretEnv)
                : !string.IsNullOrWhiteSpace(hook.SecretFile) && File.Exists(hook.SecretFile) ? File.ReadLines(hook.SecretFile).FirstOrDefault() : null;
            if (!WebhookSignature.TryParseSecret(secret, out var key, out var why))
            {
                throw new ConfigurationException([$"Webhooks:{i}:SecretEnv: the signing secret {why}"]);
            }

            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            if (!string.IsNullOrWhiteSpace(hook.ExtraCaFile))
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(hook.ExtraCaFile);
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ExtraTrust.Validate(certificate, errors, roots);
            }

            var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("AckPoller-Webhooks/1");
            targets.Add(new WebhookTarget(hook, key, http));
        }

        return targets;
    }
}
