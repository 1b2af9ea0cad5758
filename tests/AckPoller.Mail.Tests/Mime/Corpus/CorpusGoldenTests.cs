using System.Globalization;
using System.Text.Json;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Corpus;

/// <summary>Every corpus message parses to what its .expected.json says (see Corpus/README.md for the keys).</summary>
[Trait("Category", "Unit")]
public class CorpusGoldenTests
{
    public static TheoryData<string> Messages => CorpusFiles.Names();

    [Theory]
    [MemberData(nameof(Messages))]
    public void Parse_matches_the_expected_json(string name)
    {
        var message = MimeParser.Parse(CorpusFiles.Read(name));
        using var expected = JsonDocument.Parse(CorpusFiles.ReadExpected(name));
        var checkedKeys = 0;
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            Check(message, property.Name, property.Value);
            checkedKeys++;
        }

        Assert.True(checkedKeys >= 5, $"{name}: expected.json checks too little");
    }

    [Fact]
    public void Every_eml_file_has_crlf_line_ends_only()
    {
        foreach (var name in CorpusFiles.All())
        {
            var bytes = CorpusFiles.Read(name);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == '\n')
                {
                    Assert.True(i > 0 && bytes[i - 1] == '\r', $"{name}: bare LF at offset {i}");
                }
            }
        }
    }

    [Fact]
    public void The_benchmark_inputs_have_the_agreed_sizes()
    {
        Assert.InRange(CorpusFiles.Read("bench-177k-multipart").Length, 170_000, 185_000);
        Assert.InRange(CorpusFiles.Read("bench-4k-reply").Length, 2_000, 6_000);
    }

    private static void Check(MimeMessage message, string key, JsonElement value)
    {
        switch (key)
        {
            case "subject":
                Assert.Equal(value.GetString(), message.Subject);
                break;
            case "from":
                AssertAddresses(value, message.From, key);
                break;
            case "to":
                AssertAddresses(value, message.To, key);
                break;
            case "cc":
                AssertAddresses(value, message.Cc, key);
                break;
            case "message_id":
                Assert.Equal(value.GetString(), message.MessageId);
                break;
            case "in_reply_to":
                Assert.Equal(value.ValueKind == JsonValueKind.Null ? [] : [value.GetString()!], message.InReplyTo);
                break;
            case "references":
                Assert.Equal(Strings(value), message.References);
                break;
            case "date":
                if (value.ValueKind == JsonValueKind.Null)
                {
                    Assert.Null(message.Date);
                    break;
                }

                var date = DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
                Assert.Equal(date, message.Date);
                Assert.Equal(date.Offset, message.Date!.Value.Offset);
                break;
            case "text_body_starts_with":
                var text = message.GetTextBody() ?? string.Empty;
                Assert.StartsWith(value.GetString()!, text.TrimStart(), StringComparison.Ordinal);
                break;
            case "text_body_contains":
                Assert.All(Strings(value), s => Assert.Contains(s, message.GetTextBody() ?? string.Empty, StringComparison.Ordinal));
                break;
            case "text_body_not_contains":
                Assert.All(Strings(value), s => Assert.DoesNotContain(s, message.GetTextBody() ?? string.Empty, StringComparison.Ordinal));
                break;
            case "html_body_contains":
                Assert.All(Strings(value), s => Assert.Contains(s, message.GetHtmlBody() ?? string.Empty, StringComparison.Ordinal));
                break;
            case "attachments":
                Assert.Equal(Strings(value), message.Attachments.Select(a => a.FileName));
                break;
            case "auto_reply":
                Assert.True(value.GetBoolean() == message.AutoReply.IsAutoReply, $"auto_reply: expected {value.GetBoolean()}, reason: {message.AutoReply.Reason}");
                break;
            case "is_dsn":
                Assert.Equal(value.GetBoolean(), message.AutoReply.IsDeliveryStatusNotification);
                break;
            case "warnings_expected":
                Assert.True(value.GetBoolean() == (message.Warnings.Count > 0), $"warnings: [{string.Join("; ", message.Warnings)}]");
                break;
            default:
                Assert.Fail($"unknown key '{key}' in expected.json");
                break;
        }
    }

    private static void AssertAddresses(JsonElement expected, IReadOnlyList<MailboxAddress> actual, string field)
    {
        var wanted = expected.EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString(), Address: e.GetProperty("address").GetString()!))
            .ToList();
        var got = actual.Select(a => (Name: string.IsNullOrEmpty(a.DisplayName) ? null : a.DisplayName, a.Address)).ToList();
        Assert.True(wanted.SequenceEqual(got), $"{field}: expected [{string.Join(", ", wanted)}] got [{string.Join(", ", got)}]");
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
