namespace AckPoller.Web;

/// <summary>Where the sign-in form may send the browser back to: a path on this origin, exactly as given. Anything a
/// browser would have to clean up first is refused (and the caller falls back to "/"): control characters and
/// whitespace (browsers drop tab and newline, turning "/\t/evil" into "//evil"), backslashes (read as "/"), non-ASCII,
/// a second leading slash ("//host" is another origin), dot segments, and the same in any percent-encoded layer
/// ("%2F%09%2F", "%5C", "%2f%2f"), so no later decoding by a proxy or browser can make it leave the origin.</summary>
internal static class LocalReturnPath
{
    private const int MaxLength = 2048;
    private const int MaxDecodingLayers = 4;
    private static readonly Uri Origin = new("http://origin.invalid/");

    public static string OrRoot(string? requested) => TryAccept(requested, out var path) ? path : "/";

    public static bool TryAccept(string? requested, out string path)
    {
        path = "/";
        if (requested is not { Length: > 0 and <= MaxLength } || requested[0] != '/')
        {
            return false;
        }

        var layer = requested;
        for (var depth = 0; depth <= MaxDecodingLayers; depth++)
        {
            if (!IsPlainLocalPath(layer))
            {
                return false;
            }

            var decoded = Uri.UnescapeDataString(layer);
            if (decoded == layer)
            {
                break;
            }

            if (depth == MaxDecodingLayers)
            {
                return false;
            }

            layer = decoded;
        }

        // What a browser resolves it to must be this origin and the very same path, query and fragment.
        if (!Uri.TryCreate(Origin, requested, out var resolved) || resolved.Scheme != Origin.Scheme || resolved.Authority != Origin.Authority
            || resolved.PathAndQuery + resolved.Fragment != requested)
        {
            return false;
        }

        path = requested;
        return true;
    }

    private static bool IsPlainLocalPath(string value)
    {
        if (value.Length == 0 || value[0] != '/' || (value.Length > 1 && value[1] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in value)
        {
            // Printable ASCII without space, backslash or quote characters; everything else is refused, not removed.
            if (c <= ' ' || c >= 0x7F || c is '\\' or '"' or '<' or '>' or '`')
            {
                return false;
            }
        }

        var end = value.IndexOfAny(['?', '#']);
        var pathPart = end < 0 ? value : value[..end];
        foreach (var segment in pathPart.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
