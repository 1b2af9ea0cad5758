using System.Globalization;
using Xunit.Abstractions;

namespace AckPoller.Mail.Differential.Tests;

/// <summary>Parses every message of the differential corpus (Corpus/, see make_corpus.py, plus the Mail tests' corpus) with our
/// parser and with MimeKit 4.18, and compares the fields in <see cref="MessageFields"/>. Every disagreement must be listed in
/// exceptions.tsv with the reason we are right; an unlisted one fails, and so does a listed one that no longer occurs.</summary>
[Trait("Category", "Unit")]
public class DifferentialCorpusTests(ITestOutputHelper output)
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    [Fact]
    public void Corpus_has_at_least_300_messages_from_every_source()
    {
        var files = CorpusFiles();
        Assert.True(files.Count >= 300, $"only {files.Count} messages");
        foreach (var source in new[] { "generated", "structures", "rfc", "shapes", "reply-parser", "mail-tests" })
        {
            Assert.Contains(files, f => f.StartsWith(source + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_message_reads_as_MimeKit_reads_it_or_is_a_reviewed_exception()
    {
        var exceptions = LoadExceptions();
        var files = CorpusFiles();
        var compared = 0;
        var agree = 0;
        var listed = new HashSet<(string, string)>();
        var unlisted = new List<string>();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Root, file));
            var ours = MessageFields.FromOurs(bytes);
            Dictionary<string, string> theirs;
            try
            {
                theirs = MessageFields.FromMimeKit(bytes);
            }
            catch (FormatException e)
            {
                theirs = MessageFields.Names.ToDictionary(n => n, _ => "(MimeKit failed: " + e.Message + ")");
            }

            foreach (var field in MessageFields.Names)
            {
                compared++;
                if (string.Equals(ours[field], theirs[field], StringComparison.Ordinal))
                {
                    agree++;
                }
                else if (exceptions.ContainsKey((file, field)))
                {
                    listed.Add((file, field));
                }
                else
                {
                    unlisted.Add($"{file}\t{field}\n    ours:    {Shorten(ours[field])}\n    MimeKit: {Shorten(theirs[field])}");
                }
            }
        }

        var stale = exceptions.Keys.Where(k => !listed.Contains(k)).Select(k => $"{k.Item1}\t{k.Item2}").ToList();
        var percent = compared == 0 ? 0 : 100.0 * agree / compared;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"differential: messages={files.Count} fields_compared={compared} agree={agree} ({percent:0.0}%) exceptions={listed.Count} unlisted={unlisted.Count}");
        Console.WriteLine(line);
        output.WriteLine(line);
        foreach (var entry in unlisted)
        {
            output.WriteLine("UNLISTED " + entry);
        }

        Assert.True(unlisted.Count == 0, $"{unlisted.Count} disagreements not in exceptions.tsv:\n" + string.Join('\n', unlisted.Take(60)));
        Assert.True(stale.Count == 0, "exceptions.tsv lists disagreements that no longer occur (remove them):\n" + string.Join('\n', stale));
    }

    [Theory]
    [InlineData("rfc/rfc5322-a1.3-groups.eml", "to", "Ed Jones <c@a.test>, <joe@where.test>, John <jdoe@one.test>")]
    [InlineData("rfc/rfc5322-a2-reply-to-reply.eml", "references", "1234@local.machine.example 3456@example.net")]
    [InlineData("rfc/rfc5322-a5-comments.eml", "date", "1969-02-13T23:32:00-03:30")]
    [InlineData("rfc/rfc2047-8-moore.eml", "subject", "If you can read this you understand the example.")]
    [InlineData("rfc/rfc2231-continuations.eml", "attachments", "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar | This is ***fun*** | This is even more ***fun*** isn't it!")]
    [InlineData("rfc/rfc2049-appendix-a.eml", "leaf_parts", "6")]
    [InlineData("structures/legacy-shift_jis.eml", "text_body", "ack 確認しました")]
    [InlineData("structures/forward-as-attachment-named.eml", "attachments", "[ALERT] disk full.eml")]
    [InlineData("generated/001-outlook-original.eml", "in_reply_to", "alert-1.7@ackpoller.example")]
    public void Both_parsers_are_really_read_field_by_field(string file, string field, string expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, file));
        Assert.Equal(expected, MessageFields.FromOurs(bytes)[field]);
        Assert.Equal(expected, MessageFields.FromMimeKit(bytes)[field]);
    }

    [Fact]
    public void Exceptions_file_gives_a_reason_for_every_entry()
    {
        foreach (var ((file, field), reason) in LoadExceptions())
        {
            Assert.Contains(field, MessageFields.Names);
            Assert.True(File.Exists(Path.Combine(Root, file)), $"{file} is not in the corpus");
            Assert.True(reason.Length >= 20, $"{file} {field}: the reason must say why we are right");
        }
    }

    private static List<string> CorpusFiles() =>
        Directory.EnumerateFiles(Root, "*.eml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static Dictionary<(string File, string Field), string> LoadExceptions()
    {
        var result = new Dictionary<(string, string), string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "exceptions.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            Assert.True(columns.Length == 3, $"exceptions.tsv: expected message<TAB>field<TAB>reason: {line}");
            Assert.True(result.TryAdd((columns[0], columns[1]), columns[2]), $"exceptions.tsv: duplicate entry {columns[0]} {columns[1]}");
        }

        return result;
    }

    private static string Shorten(string value) => value.Length <= 300 ? value : value[..300] + "…";
}
