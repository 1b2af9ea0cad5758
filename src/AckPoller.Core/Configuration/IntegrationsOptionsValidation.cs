namespace AckPoller.Core.Configuration;

/// <summary>Checks section "Integrations"; every message starts with the key it is about.</summary>
internal static class IntegrationsOptionsValidation
{
    public const int MinimumTokenLength = 16;

    public static void Validate(IntegrationsOptions integrations, Func<string, string?> environment, Func<string, bool> fileExists, List<string> errors)
    {
        var am = integrations.Alertmanager;
        const string key = AlertmanagerIntegrationOptions.Key;
        if (!string.IsNullOrWhiteSpace(am.ReceiverTokenEnv) && !string.IsNullOrWhiteSpace(am.ReceiverTokenFile))
        {
            errors.Add($"{key}:ReceiverTokenEnv: give the receiver token one way only (ReceiverTokenEnv or ReceiverTokenFile).");
        }
        else if (!string.IsNullOrWhiteSpace(am.ReceiverTokenEnv))
        {
            var value = environment(am.ReceiverTokenEnv);
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{key}:ReceiverTokenEnv: environment variable {am.ReceiverTokenEnv} is not set.");
            }
            else if (value.Trim().Length < MinimumTokenLength)
            {
                errors.Add($"{key}:ReceiverTokenEnv: the token in {am.ReceiverTokenEnv} is shorter than {MinimumTokenLength} characters; use e.g. 'openssl rand -base64 32'.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(am.ReceiverTokenFile) && !fileExists(am.ReceiverTokenFile))
        {
            errors.Add($"{key}:ReceiverTokenFile: file '{am.ReceiverTokenFile}' does not exist.");
        }

        for (var i = 0; i < am.Routes.Count; i++)
        {
            var route = am.Routes[i];
            if (route.Matchers.Count == 0)
            {
                errors.Add($"{key}:Routes:{i}:Matchers: at least one matcher such as team=db is required (use DefaultTo for a catch-all).");
            }

            for (var m = 0; m < route.Matchers.Count; m++)
            {
                if (!LabelMatcher.TryParse(route.Matchers[m], out _, out var why))
                {
                    errors.Add($"{key}:Routes:{i}:Matchers:{m}: '{route.Matchers[m]}' {why}");
                }
            }

            if (route.To.Count == 0)
            {
                errors.Add($"{key}:Routes:{i}:To: at least one recipient address is required.");
            }

            CheckAddresses($"{key}:Routes:{i}:To", route.To, errors);
        }

        CheckAddresses($"{key}:DefaultTo", am.DefaultTo, errors);
        if (am.IsEnabled && am.DefaultTo.Count == 0 && am.Routes.Count == 0 && !am.AllowRecipientOverride)
        {
            errors.Add($"{key}:DefaultTo: the receiver is on but no recipients are configured; set DefaultTo or Routes.");
        }

        if (!string.IsNullOrWhiteSpace(am.Url)
            && (!Uri.TryCreate(am.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo)))
        {
            errors.Add($"{key}:Url: '{am.Url}' must be Alertmanager's http(s) base URL without credentials or query, e.g. http://alertmanager:9093.");
        }

        if (am.SilenceDuration < TimeSpan.FromMinutes(1) || am.SilenceDuration > TimeSpan.FromDays(30))
        {
            errors.Add($"{key}:SilenceDuration: must be between 00:01:00 and 30.00:00:00.");
        }

        if (am.MaxPayloadBytes is < 4096 or > 64 * 1024 * 1024)
        {
            errors.Add($"{key}:MaxPayloadBytes: must be between 4096 and 67108864.");
        }
    }

    private static void CheckAddresses(string key, IList<string> addresses, List<string> errors)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            if (!RecipientAddress.IsValid(addresses[i]))
            {
                errors.Add($"{key}:{i}: '{addresses[i]}' is not an email address.");
            }
        }
    }
}
