using System.Text;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>A strict RFC 4180 reader for checking the CSV the CLI writes (CRLF records, quoted fields with "" escapes).</summary>
internal static class CsvReader
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("Unterminated quoted field.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }

            while (i < text.Length && text[i] != ',' && text[i] != '\r')
            {
                Assert.NotEqual('"', text[i]);
                Assert.NotEqual('\n', text[i]);
                field.Append(text[i++]);
            }

            record.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n', "records end with CRLF");
            i += 2;
            records.Add(record);
            record = [];
        }

        return records;
    }
}
