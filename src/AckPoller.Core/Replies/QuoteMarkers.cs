using System.Text.RegularExpressions;

namespace AckPoller.Core.Replies;

/// <summary>The line patterns that start quoted history or a signature, as mail clients write them in several languages.
/// Every pattern is anchored and only tried on lines of bounded length, so a hostile body cannot make matching slow.</summary>
internal static partial class QuoteMarkers
{
    /// <summary>Attribution lines ("On … wrote:") may be wrapped over up to this many lines.</summary>
    public const int MaxAttributionLines = 3;

    public const int MaxMarkerLength = 400;

    public static bool IsQuoteLine(string line) => line.AsSpan().TrimStart().StartsWith('>');

    public static bool IsBlank(string line) => line.AsSpan().Trim().IsEmpty;

    /// <summary>"-----Original Message-----", Android's "-------- Original message --------", forwards, in several languages.</summary>
    public static bool IsOriginalMessageSeparator(string line) =>
        line.Length <= MaxMarkerLength && (OriginalMessage().IsMatch(line) || OutlookHeaderLabels.IsOriginalMessageTitle(line));

    /// <summary>"-----Anything short-----": the shape of a separator title in a language not in the table.</summary>
    public static bool IsDashedTitle(string line) => line.Length <= MaxMarkerLength && DashedTitle().IsMatch(line);

    /// <summary>Outlook's "________________________________" line above its header block (and list footers).</summary>
    public static bool IsUnderscoreSeparator(string line) => line.Length <= MaxMarkerLength && Underscores().IsMatch(line);

    /// <summary>A line of only dashes, underscores or equals signs, left dangling above a cut.</summary>
    public static bool IsRule(string line) => line.Length <= MaxMarkerLength && Rule().IsMatch(line);

    /// <summary>The From labels of the original regular expression (mixed with any language's fields).</summary>
    public static bool IsLegacyHeaderFrom(string line) => line.Length <= MaxMarkerLength && HeaderFrom().IsMatch(line);

    public static bool IsHeaderFrom(string line) =>
        line.Length <= MaxMarkerLength && (HeaderFrom().IsMatch(line) || OutlookHeaderLabels.FromLanguages(line).Any());

    public static bool IsHeaderField(string line) => line.Length <= MaxMarkerLength && HeaderField().IsMatch(line);

    /// <summary>"On … wrote:" and its translations, on one (unwrapped) line.</summary>
    public static bool IsAttribution(string joined) => joined.Length <= MaxMarkerLength && Attribution().IsMatch(joined);

    /// <summary>Any "… wrote:" line; counts only when quoted lines follow it.</summary>
    public static bool IsLooseAttribution(string line) => line.Length <= MaxMarkerLength && LooseAttribution().IsMatch(line);

    public static bool MayStartAttribution(string line) => line.Length <= MaxMarkerLength && AttributionStart().IsMatch(line);

    /// <summary>"-- " (RFC 3676) or a bare "--".</summary>
    public static bool IsSignatureDelimiter(string line) => line.TrimEnd() == "--";

    /// <summary>"Sent from my iPhone", "Get Outlook for iOS" and the like: a one-line signature mobile clients add.</summary>
    public static bool IsMobileSignature(string line) => line.Length <= 120 && MobileSignature().IsMatch(line);

    [GeneratedRegex(@"^\s*-{2,}\s*(original\s+message|ursprüngliche\s+nachricht|originalnachricht|message\s+d'origine|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|originalmeddelande|opprinnelig\s+melding|oprindelig\s+meddelelse|forwarded\s+message|weitergeleitete\s+nachricht|message\s+transféré|mensaje\s+reenviado)\s*-{2,}\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*-{3,}[^-\n]{1,60}-{3,}\s*$")]
    private static partial Regex DashedTitle();

    [GeneratedRegex(@"^\s*_{8,}\s*$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"^\s*([-_=]\s*){3,}$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^[\s*]*(from|von|de|van|da|från|fra|od|lähettäjä|feladó|от)[\s*]*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^[\s*]*(sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|date\s+d'envoi|à|objet|enviado|enviado\s+el|fecha|para|asunto|verzonden|aan|onderwerp|inviato|data|a|oggetto|skickat|till|ämne|sendt|til|emne|lähetetty|aihe|wysłano|do|temat|отправлено|кому|тема)[\s*]*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderField();

    [GeneratedRegex(@"^\s*(on|am|le|el|op|il|em|den|w\s+dniu|dne)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(
        @"^\s*(on\s.+wrote|am\s.+schrieb.*|le\s.+a\s+écrit|el\s.+escribió|op\s.+schreef.*|il\s.+ha\s+scritto|em\s.+escreveu|den\s.+skrev.*|w\s+dniu\s.+(na)?pisał(a)?|dne\s.+napsal(a)?)\s*:\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*\S.{0,300}\s(wrote|schrieb|a\s+écrit|escribió|schreef|ha\s+scritto|escreveu|skrev)\s*:\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooseAttribution();

    [GeneratedRegex(
        @"^\s*(sent\s+from\s+my\s+[\p{L}\p{N} '’-]{1,40}|sent\s+from\s+(outlook|mail|yahoo\s+mail|samsung|gmail|proton\s*mail)[\p{L}\p{N} '’-]{0,40}|get\s+outlook\s+for\s+(ios|android)|von\s+meinem\s+[\p{L}\p{N} '’-]{1,30}\s+gesendet|envoyé\s+de\s+mon\s+[\p{L}\p{N} '’-]{1,30}|enviado\s+desde\s+mi\s+[\p{L}\p{N} '’-]{1,30}|inviato\s+da(l)?\s+(mio\s+)?[\p{L}\p{N} '’-]{1,30}|verzonden\s+(met|vanaf)\s+(mijn\s+)?[\p{L}\p{N} '’-]{1,30}|skickat\s+från\s+min\s+[\p{L}\p{N} '’-]{1,30})\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileSignature();
}
