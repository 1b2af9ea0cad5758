namespace AckPoller.Core.Configuration;

/// <summary>Checks section "Web"; every message starts with the key it is about.</summary>
public static class WebOptionsValidation
{
    public const int MinimumApiKeyLength = 16;

    public static void Validate(WebOptions web, Func<string, string?> environment, Func<string, bool> fileExists, List<string> errors)
    {
        if (!web.Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(web.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query))
        {
            errors.Add($"Web:Url: '{web.Url}' must be an http(s) URL with a host and port only, e.g. {WebOptions.DefaultUrl}.");
            return;
        }

        if (!string.IsNullOrWhiteSpace(web.ApiKeyEnv) && !string.IsNullOrWhiteSpace(web.ApiKeyFile))
        {
            errors.Add("Web:ApiKeyEnv: give the API key one way only (ApiKeyEnv or ApiKeyFile).");
            return;
        }

        if (!string.IsNullOrWhiteSpace(web.ApiKeyEnv))
        {
            var value = environment(web.ApiKeyEnv);
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"Web:ApiKeyEnv: environment variable {web.ApiKeyEnv} is not set.");
            }
            else if (value.Trim().Length < MinimumApiKeyLength)
            {
                errors.Add($"Web:ApiKeyEnv: the API key in {web.ApiKeyEnv} is shorter than {MinimumApiKeyLength} characters; use e.g. 'openssl rand -base64 32'.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(web.ApiKeyFile))
        {
            if (!fileExists(web.ApiKeyFile))
            {
                errors.Add($"Web:ApiKeyFile: file '{web.ApiKeyFile}' does not exist.");
            }
        }
        else if (!web.IsLoopbackOnly)
        {
            errors.Add($"Web:ApiKeyEnv: Web:Url '{web.Url}' is reachable from other machines, so an API key is required: set Web:ApiKeyEnv or Web:ApiKeyFile (or listen on {WebOptions.DefaultUrl}).");
        }
    }
}
