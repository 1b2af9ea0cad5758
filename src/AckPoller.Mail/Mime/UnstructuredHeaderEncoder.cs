using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Writes an unstructured field (Subject, extra X- headers): controls become spaces, words that need it
/// (non-ASCII, something a reader would take for an encoded word, or too long to fold) are RFC 2047 encoded with
/// neighbouring such words merged into one run, everything else stays readable, and the field is folded at spaces.</summary>
internal static class UnstructuredHeaderEncoder
{
    public static void Write(StringBuilder output, string name, string? value)
    {
        var text = HeaderInjectionGuard.SanitizeText(value);
        var folder = new ComposerHeaderFolder(output, name);
        var position = 0;
        var run = new StringBuilder();
        while (position < text.Length)
        {
            // A word with the spaces in front of it; one space is the fold point, any others belong to the token.
            var spacesStart = position;
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            var wordStart = position;
            while (position < text.Length && text[position] != ' ')
            {
                position++;
            }

            var spaces = wordStart - spacesStart;
            var word = text[wordStart..position];
            if (NeedsEncoding(word))
            {
                if (run.Length > 0)
                {
                    run.Append(' ', spaces);
                }
                else
                {
                    run.Append(' ', Math.Max(0, spaces - 1));
                }

                run.Append(word);
                continue;
            }

            if (run.Length > 0)
            {
                folder.AppendEncodedWords(run.ToString());
                run.Clear();
            }

            folder.Append(spaces > 1 ? new string(' ', spaces - 1) + word : word);
        }

        if (run.Length > 0)
        {
            folder.AppendEncodedWords(run.ToString());
        }

        folder.End();
    }

    internal static bool NeedsEncoding(string word)
    {
        if (word.Length > ComposerHeaderFolder.MaxUnfoldableToken || word.Contains("=?", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var c in word)
        {
            if (c > '~')
            {
                return true;
            }
        }

        return false;
    }
}
