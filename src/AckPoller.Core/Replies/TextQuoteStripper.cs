using System.Text;

namespace AckPoller.Core.Replies;

/// <summary>The new text of a plain-text reply: the lines above the first quote marker ("&gt;" lines, "On … wrote:",
/// "-----Original Message-----", Outlook's "From: … Sent: …" block, a "____" separator), without the signature. When
/// nothing stands above the quote (bottom or inline posting), the unquoted lines written between and below "&gt;" quotes
/// are the new text instead; but never text below a separator or header block, which is the unquoted original.</summary>
internal static class TextQuoteStripper
{
    /// <summary>Longer bodies are cut to this before they are read: a reply's new text is short.</summary>
    public const int MaxTextLength = 256 * 1024;

    private const int HeaderBlockLookahead = 6;

    private const int StructuralBlockMaxLines = 12;

    public static string Extract(string text) => Extract(text, null);

    /// <summary>With <paramref name="context"/>, a quoted header block in a language the label table does not know is
    /// recognised by its structure: "Label: value" lines naming the reply's correspondents and its subject.</summary>
    public static string Extract(string text, QuoteContext? context)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        var lines = PgpCleartext.Unwrap(Normalize(text).Split('\n'));
        var (start, hard) = FindQuoteStart(lines, 0, context);
        var top = Clean(lines.AsSpan(0, start));
        if (top.Length > 0 || hard || start >= lines.Length || !OpensQuotedBlock(lines, start))
        {
            return top;
        }

        return BelowQuotes(lines, start, context);
    }

    /// <summary>The first line of quoted matter at or after <paramref name="from"/>, and whether it is a hard marker
    /// (separator or header block: everything below it is the original message, quoted or not).</summary>
    private static (int Start, bool Hard) FindQuoteStart(string[] lines, int from, QuoteContext? context)
    {
        for (var i = from; i < lines.Length; i++)
        {
            var line = lines[i];
            if (QuoteMarkers.IsQuoteLine(line))
            {
                return (i, false);
            }

            if (QuoteMarkers.IsOriginalMessageSeparator(line) || QuoteMarkers.IsUnderscoreSeparator(line) || IsHeaderBlock(lines, i, context)
                || IsTitleAboveHeaderBlock(lines, i, context))
            {
                return (i, true);
            }

            if (AttributionLength(lines, i) > 0)
            {
                return (i, false);
            }
        }

        return (lines.Length, false);
    }

    /// <summary>How many lines an attribution starting at <paramref name="index"/> spans (0: none there).</summary>
    private static int AttributionLength(string[] lines, int index)
    {
        var line = lines[index];
        if (QuoteMarkers.MayStartAttribution(line))
        {
            var joined = new StringBuilder();
            for (var k = 0; k < QuoteMarkers.MaxAttributionLines && index + k < lines.Length; k++)
            {
                var part = lines[index + k];
                if (k > 0 && (QuoteMarkers.IsBlank(part) || QuoteMarkers.IsQuoteLine(part)))
                {
                    break;
                }

                if (joined.Length + part.Length > QuoteMarkers.MaxMarkerLength)
                {
                    break;
                }

                joined.Append(k > 0 ? " " : string.Empty).Append(part.Trim());
                if (QuoteMarkers.IsAttribution(joined.ToString()))
                {
                    return k + 1;
                }
            }
        }

        // "Jane Doe wrote:" without a date counts only when a quote follows it.
        if (QuoteMarkers.IsLooseAttribution(line))
        {
            for (var j = index + 1; j < lines.Length; j++)
            {
                if (!QuoteMarkers.IsBlank(lines[j]))
                {
                    return QuoteMarkers.IsQuoteLine(lines[j]) ? 1 : 0;
                }
            }
        }

        return 0;
    }

    /// <summary>A "&gt;" line, or an attribution whose next non-blank line is one.</summary>
    private static bool OpensQuotedBlock(string[] lines, int index)
    {
        if (QuoteMarkers.IsQuoteLine(lines[index]))
        {
            return true;
        }

        for (var j = index + Math.Max(1, AttributionLength(lines, index)); j < lines.Length; j++)
        {
            if (!QuoteMarkers.IsBlank(lines[j]))
            {
                return QuoteMarkers.IsQuoteLine(lines[j]);
            }
        }

        return false;
    }

    /// <summary>"From: …" followed closely by "Sent:", "Date:", "To:" or "Subject:" (or their translations: the
    /// <see cref="OutlookHeaderLabels"/> table, where the fields must be of the From line's language), or with a context
    /// a block of "Label: value" lines in any language that names the reply's correspondents and subject.</summary>
    private static bool IsHeaderBlock(string[] lines, int index, QuoteContext? context)
    {
        var line = lines[index];
        if (QuoteMarkers.IsHeaderFrom(line))
        {
            // A one- or two-letter From label ("De", "Od", "No") needs two fields after it, so prose like "De: nada /
            // A: gracias" is not taken for a header block.
            var needed = OutlookHeaderLabels.LabelOf(line) is { Length: > 2 } ? 1 : 2;
            if (QuoteMarkers.IsLegacyHeaderFrom(line))
            {
                var fields = 0;
                for (var j = index + 1; j < lines.Length && j <= index + HeaderBlockLookahead; j++)
                {
                    if (QuoteMarkers.IsHeaderField(lines[j]) && ++fields >= needed)
                    {
                        return true;
                    }
                }
            }

            foreach (var language in OutlookHeaderLabels.FromLanguages(line))
            {
                var found = 0;
                for (var j = index + 1; j < lines.Length && j <= index + HeaderBlockLookahead; j++)
                {
                    if (OutlookHeaderLabels.IsField(language, lines[j]) && ++found >= needed)
                    {
                        return true;
                    }
                }
            }
        }

        return context is not null && IsStructuralHeaderBlock(lines, index, context);
    }

    /// <summary>At least three "Label: value" lines in a row (a wrapped value may continue on an unlabelled line) whose
    /// values include the reply's subject and one of its correspondents: the header block of a quoted original in a
    /// language the table does not know.</summary>
    private static bool IsStructuralHeaderBlock(string[] lines, int index, QuoteContext context)
    {
        if (LabelledValue(lines[index]) is null)
        {
            return false;
        }

        int labelled = 0, unlabelled = 0;
        bool subject = false, correspondent = false;
        for (var j = index; j < lines.Length && j < index + StructuralBlockMaxLines && !QuoteMarkers.IsBlank(lines[j]); j++)
        {
            if (LabelledValue(lines[j]) is { } value)
            {
                labelled++;
                subject |= context.IsSubject(value);
                correspondent |= context.NamesCorrespondent(value);
            }
            else if (++unlabelled > labelled)
            {
                break;
            }
        }

        return labelled >= 3 && subject && correspondent;
    }

    /// <summary>The value of a "Label: value" line whose label looks like a field name (letters, spaces, '.', '/', '''),
    /// or null.</summary>
    private static string? LabelledValue(string line)
    {
        if (OutlookHeaderLabels.LabelOf(line) is not { } label || label.Split(' ').Length > 4
            || !label.All(c => char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark || c is ' ' or '.' or '/' or '\'' or '-'))
        {
            return null;
        }

        var colon = line.IndexOfAny([':', '：']);
        var value = line[(colon + 1)..].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>"-----Title-----" in an unknown language, directly above (blank lines aside) a header block.</summary>
    private static bool IsTitleAboveHeaderBlock(string[] lines, int index, QuoteContext? context)
    {
        if (!QuoteMarkers.IsDashedTitle(lines[index]))
        {
            return false;
        }

        var next = index + 1;
        while (next < lines.Length && QuoteMarkers.IsBlank(lines[next]))
        {
            next++;
        }

        return next < lines.Length && IsHeaderBlock(lines, next, context);
    }

    /// <summary>Unquoted fragments between and after "&gt;" quotes, up to a signature or a hard marker.</summary>
    private static string BelowQuotes(string[] lines, int start, QuoteContext? context)
    {
        var fragments = new List<string>();
        var current = new List<string>();
        var i = start;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (QuoteMarkers.IsQuoteLine(line))
            {
                Flush(fragments, current);
                i++;
                continue;
            }

            if (QuoteMarkers.IsOriginalMessageSeparator(line) || QuoteMarkers.IsUnderscoreSeparator(line) || IsHeaderBlock(lines, i, context)
                || IsTitleAboveHeaderBlock(lines, i, context) || QuoteMarkers.IsSignatureDelimiter(line) || QuoteMarkers.IsMobileSignature(line))
            {
                break;
            }

            var attribution = AttributionLength(lines, i);
            if (attribution > 0)
            {
                // An attribution not followed by "> " lines introduces an unquoted original: nothing below is new.
                if (!OpensQuotedBlock(lines, i))
                {
                    break;
                }

                Flush(fragments, current);
                i += attribution;
                continue;
            }

            current.Add(line);
            i++;
        }

        Flush(fragments, current);
        return string.Join("\n\n", fragments);
    }

    private static void Flush(List<string> fragments, List<string> current)
    {
        var text = Clean(current.ToArray());
        if (text.Length > 0)
        {
            fragments.Add(text);
        }

        current.Clear();
    }

    /// <summary>Cuts the signature, drops rules left dangling above a cut, trims blank lines and trailing spaces.</summary>
    private static string Clean(ReadOnlySpan<string> lines)
    {
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            if (QuoteMarkers.IsSignatureDelimiter(lines[i]) || QuoteMarkers.IsMobileSignature(lines[i]))
            {
                end = i;
                break;
            }
        }

        while (end > 0 && (QuoteMarkers.IsBlank(lines[end - 1]) || QuoteMarkers.IsRule(lines[end - 1])))
        {
            end--;
        }

        var begin = 0;
        while (begin < end && QuoteMarkers.IsBlank(lines[begin]))
        {
            begin++;
        }

        var result = new StringBuilder();
        for (var i = begin; i < end; i++)
        {
            if (i > begin)
            {
                result.Append('\n');
            }

            result.Append(lines[i].TrimEnd());
        }

        return result.ToString();
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    builder.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060':
                    break;
                case '\u00A0' or '\u202F' or '\u2007':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
