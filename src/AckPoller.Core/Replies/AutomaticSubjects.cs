using System.Text.RegularExpressions;

namespace AckPoller.Core.Replies;

/// <summary>Subjects that out-of-office responders and bounce generators put in front of the original subject, in the
/// languages seen most. Anchored at the start: a human's "Re: out of office tomorrow" is not one of them.</summary>
internal static partial class AutomaticSubjects
{
    public static string? OutOfOffice(string? subject) => Match(OutOfOfficePattern(), subject);

    public static string? Bounce(string? subject) => Match(BouncePattern(), subject);

    private static string? Match(Regex pattern, string? subject) =>
        subject is not null && pattern.Match(subject) is { Success: true } match ? match.Value.Trim() : null;

    [GeneratedRegex(
        @"^\s*(automatic\s+reply|auto(matic)?[\s-]*reply|autoreply|auto[\s-]*response|out\s+of\s+(the\s+)?office|ooo\b|abwesenheitsnotiz|automatische\s+antwort|abwesend|r[ée]ponse\s+automatique|absence\s+du\s+bureau|respuesta\s+autom[áa]tica|fuera\s+de\s+la\s+oficina|risposta\s+automatica|automatisch\s+antwoord|afwezig|automatiskt\s+svar|autosvar|automatisk\s+svar|resposta\s+autom[áa]tica|odpowied[źz]\s+automatyczna|vacation\s+(reply|message))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex OutOfOfficePattern();

    [GeneratedRegex(
        @"^\s*(undeliverable|undelivered\s+mail|delivery\s+status\s+notification|delivery\s+(has\s+)?failed|mail\s+delivery\s+(failed|failure|system)|returned\s+mail|failure\s+notice|non[\s-]*delivery|unzustellbar|nicht\s+zustellbar|non\s+remis)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex BouncePattern();
}
