using System.Text.RegularExpressions;

namespace AckPoller.Core.Configuration;

/// <summary>Checks section "Webhooks"; every message starts with the key it is about.</summary>
internal static partial class WebhookOptionsValidation
{
    public static void Validate(IList<WebhookOptions> webhooks, Func<string, string?> environment, Func<string, bool> fileExists, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var hook = webhooks[i];
            var key = $"Webhooks:{i}";
            if (string.IsNullOrWhiteSpace(hook.Name) || !NamePattern().IsMatch(hook.Name))
            {
                errors.Add($"{key}:Name: a short name is required (letters, digits, '.', '_', '-'; at most 64).");
            }
            else if (!names.Add(hook.Name))
            {
                errors.Add($"{key}:Name: '{hook.Name}' is used by another webhook; names must be unique.");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || !string.IsNullOrEmpty(url.UserInfo)
                || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                errors.Add($"{key}:Url: '{hook.Url}' must be an https:// URL without credentials (http:// only on loopback).");
            }

            var hasEnv = !string.IsNullOrWhiteSpace(hook.SecretEnv);
            var hasFile = !string.IsNullOrWhiteSpace(hook.SecretFile);
            if (hasEnv == hasFile)
            {
                errors.Add($"{key}:SecretEnv: give the signing secret exactly one way (SecretEnv or SecretFile).");
            }
            else if (hasEnv)
            {
                var value = environment(hook.SecretEnv!);
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{key}:SecretEnv: environment variable {hook.SecretEnv} is not set.");
                }
                else if (!WebhookSignature.TryParseSecret(value, out _, out var why))
                {
                    errors.Add($"{key}:SecretEnv: the secret in {hook.SecretEnv} {why}");
                }
            }
            else if (!fileExists(hook.SecretFile!))
            {
                errors.Add($"{key}:SecretFile: file '{hook.SecretFile}' does not exist.");
            }

            for (var e = 0; e < hook.Events.Count; e++)
            {
                if (!WebhookEventTypes.All.Contains(hook.Events[e]))
                {
                    errors.Add($"{key}:Events:{e}: '{hook.Events[e]}' is not an event type; use {string.Join(", ", WebhookEventTypes.All)}.");
                }
            }

            if (hook.MaxAttempts is < 1 or > 100)
            {
                errors.Add($"{key}:MaxAttempts: must be between 1 and 100.");
            }

            if (hook.RetryBaseDelay < TimeSpan.FromMilliseconds(100) || hook.RetryBaseDelay > TimeSpan.FromHours(1))
            {
                errors.Add($"{key}:RetryBaseDelay: must be between 00:00:00.1 and 01:00:00.");
            }

            if (hook.Timeout < TimeSpan.FromSeconds(1) || hook.Timeout > TimeSpan.FromMinutes(5))
            {
                errors.Add($"{key}:Timeout: must be between 00:00:01 and 00:05:00.");
            }

            if (!string.IsNullOrWhiteSpace(hook.ExtraCaFile) && !fileExists(hook.ExtraCaFile))
            {
                errors.Add($"{key}:ExtraCaFile: file '{hook.ExtraCaFile}' does not exist.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
