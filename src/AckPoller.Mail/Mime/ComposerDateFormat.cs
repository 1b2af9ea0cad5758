using System.Globalization;

namespace AckPoller.Mail.Mime;

/// <summary>RFC 5322 section 3.3 date-time: "Tue, 4 Nov 2025 09:05:00 +0100", always in English.</summary>
internal static class ComposerDateFormat
{
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var absolute = offset.Duration();
        return value.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + absolute.Hours.ToString("00", CultureInfo.InvariantCulture) + absolute.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
