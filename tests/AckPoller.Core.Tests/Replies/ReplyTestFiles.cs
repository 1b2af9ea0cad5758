using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Test inputs read from the source tree (found from the test binary by walking up to AckPoller.sln), so the
/// corpora need no copy step: the email_reply_parser bodies here and the MIME corpus of AckPoller.Mail.Tests.</summary>
internal static class ReplyTestFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string ReplyParserCorpus(string name) =>
        Path.Combine(Root.Value, "tests", "AckPoller.Core.Tests", "Replies", "Corpus", "email_reply_parser", name);

    public static string MimeCorpus(string name) => Path.Combine(Root.Value, "tests", "AckPoller.Mail.Tests", "Corpus", name);

    public static MimeMessage ParseMimeCorpus(string name) => MimeParser.Parse(File.ReadAllBytes(MimeCorpus(name)));

    public static MimeMessage Parse(string message) => MimeParser.Parse(System.Text.Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AckPoller.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AckPoller.sln not found above {AppContext.BaseDirectory}.");
    }
}
