using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>RFC 5322 §3.4 address lists: name-addr and bare addr-spec, groups (flattened), comments, quoted names, obsolete
/// routes, RFC 2047 encoded words in display names. Lenient: "Doe, John &lt;j@x&gt;" keeps "Doe, John" as the name, a
/// trailing comment names a bare address, a lone word with no address after it is a mailbox without a domain
/// ("To: abel, bianchi"), longer phrases without an address are dropped.</summary>
public static class AddressParser
{
    private const string AtomStops = "<>,;:@\"";
    private const int MaxCarryLength = 1000;

    public static IReadOnlyList<MailboxAddress> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<MailboxAddress>();
        var state = new SegmentState();
        var reader = new StructuredTextReader(text);
        var inGroup = false;
        while (true)
        {
            var hadSpace = SkipSpaceAndComments(ref reader, ref state);
            if (reader.AtEnd)
            {
                state.Finish(result);
                state.FlushCarry(result);
                break;
            }

            switch (reader.Current)
            {
                case '"':
                    var quoted = reader.ReadQuotedString();
                    state.AppendWord(quoted, hadSpace);
                    state.Spec.Append(QuoteLocalPartIfNeeded(quoted));
                    break;
                case '<':
                    reader.Position++;
                    state.Emit(result, ReadAngleAddress(ref reader));
                    break;
                case ':':
                    reader.Position++;
                    if (!inGroup && !state.Emitted)
                    {
                        inGroup = true;
                        state.FlushCarry(result);
                        state.Reset(keepCarry: false);
                    }

                    break;
                case ';':
                    reader.Position++;
                    state.Finish(result);
                    state.FlushCarry(result);
                    inGroup = false;
                    break;
                case ',':
                    reader.Position++;
                    state.Finish(result);
                    break;
                case '@':
                    reader.Position++;
                    state.AppendAt();
                    break;
                default:
                    var atom = reader.ReadAtom(AtomStops);
                    if (atom.IsEmpty)
                    {
                        reader.Position++; // a stray '>' or ')'
                        break;
                    }

                    state.AppendWord(atom.ToString(), hadSpace);
                    state.Spec.Append(atom);
                    break;
            }
        }

        return result;
    }

    private static bool SkipSpaceAndComments(ref StructuredTextReader reader, ref SegmentState state)
    {
        var skipped = false;
        while (!reader.AtEnd)
        {
            var c = reader.Current;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                reader.Position++;
            }
            else if (c == '(')
            {
                state.Comment = reader.SkipComment().Trim().ToString();
            }
            else
            {
                break;
            }

            skipped = true;
        }

        return skipped;
    }

    private static string ReadAngleAddress(ref StructuredTextReader reader)
    {
        var spec = new StringBuilder();
        while (!reader.AtEnd)
        {
            reader.SkipCfws();
            if (reader.AtEnd)
            {
                break;
            }

            var c = reader.Current;
            if (c == '>')
            {
                reader.Position++;
                break;
            }

            if (c == '"')
            {
                spec.Append(QuoteLocalPartIfNeeded(reader.ReadQuotedString()));
            }
            else if (c == ':')
            {
                // End of an obsolete source route ("@relay1,@relay2:"): what came before is not the address.
                reader.Position++;
                spec.Clear();
            }
            else if (c is '@' or ',' or '<')
            {
                reader.Position++;
                spec.Append(c == '<' ? string.Empty : c.ToString());
            }
            else
            {
                var atom = reader.ReadAtom(AtomStops);
                if (atom.IsEmpty)
                {
                    reader.Position++;
                }

                spec.Append(atom);
            }
        }

        return spec.ToString();
    }

    private static string QuoteLocalPartIfNeeded(string localPart)
    {
        foreach (var c in localPart)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal) || c > 0x7F))
            {
                return "\"" + localPart.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            }
        }

        return localPart;
    }

    private sealed class SegmentState
    {
        private readonly List<(string Name, string Spec, string? Comment, bool IsWord)> carry = [];
        private int carryLength;

        public StringBuilder Phrase { get; } = new();

        public StringBuilder Spec { get; } = new();

        public bool HasAt { get; set; }

        public bool Emitted { get; private set; }

        public string? Comment { get; set; }

        private int Words { get; set; }

        public void AppendWord(string word, bool hadSpace)
        {
            if (Phrase.Length == 0 || hadSpace)
            {
                Words++;
            }

            if (Phrase.Length > 0 && hadSpace)
            {
                Phrase.Append(' ');
            }

            Phrase.Append(word);
        }

        /// <summary>An unquoted '@' outside an angle address: part of the addr-spec, and of the display name when an angle
        /// address follows ("Joe@Work &lt;jw@example.com&gt;" is named "Joe@Work").</summary>
        public void AppendAt()
        {
            Spec.Append('@');
            Phrase.Append('@');
            HasAt = true;
        }

        public void Emit(List<MailboxAddress> result, string address)
        {
            var name = Phrase.ToString().Trim();
            if (carry.Count > 0)
            {
                var carried = string.Join(", ", carry.Select(c => c.Name));
                name = name.Length == 0 ? carried : carried + ", " + name;
            }

            Add(result, name.Length == 0 ? Comment : name, address);
            Emitted = true;
            ClearCarry();
        }

        public void Finish(List<MailboxAddress> result)
        {
            if (!Emitted)
            {
                if (HasAt)
                {
                    FlushCarry(result);
                    Add(result, Comment, Spec.ToString());
                }
                else if (Phrase.Length > 0)
                {
                    // "Doe, John <john@example.com>": the part before the comma belongs to the next name, unless the list
                    // ends (or a bare address follows) first: then "abel, bianchi" are mailboxes without a domain.
                    var word = Phrase.ToString().Trim();
                    if (carryLength >= MaxCarryLength)
                    {
                        // Bounded, so a long list of bare words cannot make this quadratic: too long to be anyone's name,
                        // what is carried so far are mailboxes of their own.
                        FlushCarry(result);
                    }

                    carry.Add((word, Spec.ToString(), Comment, Words == 1));
                    carryLength += word.Length + 2;
                }
            }

            Reset(keepCarry: true);
        }

        /// <summary>Carried words with nothing after them that could be their address: each single word is a mailbox with a
        /// local part only (RFC 822 allowed them; "From: nsb (Nathaniel Borenstein)", "To: abel, bianchi").</summary>
        public void FlushCarry(List<MailboxAddress> result)
        {
            foreach (var (_, spec, comment, isWord) in carry)
            {
                if (isWord)
                {
                    Add(result, comment, spec);
                }
            }

            ClearCarry();
        }

        public void Reset(bool keepCarry)
        {
            Phrase.Clear();
            Spec.Clear();
            HasAt = false;
            Emitted = false;
            Comment = null;
            Words = 0;
            if (!keepCarry)
            {
                ClearCarry();
            }
        }

        private void ClearCarry()
        {
            carry.Clear();
            carryLength = 0;
        }

        private static void Add(List<MailboxAddress> result, string? name, string address)
        {
            address = address.Trim();
            if (address.Length == 0)
            {
                return;
            }

            name = name is null ? null : EncodedWordDecoder.Decode(name).Trim();
            if (name is { Length: >= 2 } && name[0] == '\'' && name[^1] == '\'')
            {
                name = name[1..^1].Trim();
            }

            result.Add(new MailboxAddress(string.IsNullOrEmpty(name) ? null : name, address));
        }
    }
}
