#:project ../AckPoller.Sandbox/AckPoller.Sandbox.csproj
#:project ../../src/AckPoller.Mail/AckPoller.Mail.csproj
#:property PublishAot=false
// The on-call person's mail client for the demo, built on AckPoller.Mail and signed in with an OAuth token for the
// on-call mailbox (XOAUTH2, as Outlook or Thunderbird do against Office 365):
//   wait  --user U (--subject-contains TEXT | --in-reply-to MSGID) [--timeout SECONDS] [--save FILE] [--lines N]
//         waits until a matching message is in U's INBOX (IMAP STARTTLS), prints From, Subject and the first lines.
//   reply --user U --name "Display Name" --original FILE.eml --text "ack - looking at it" [--save FILE]
//         answers the saved message as a mail client would: Re: subject, In-Reply-To/References, the original quoted
//         underneath (footer included), submitted over SMTP submission (STARTTLS, XOAUTH2). Prints the Message-ID.
// Exit codes: 0 ok, 1 timed out or failed (message on stderr), 64 usage.
using System.Globalization;
using System.Text;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

if (args.Length == 0 || args[0] is not ("wait" or "reply"))
{
    return Usage("the first argument is wait or reply");
}

var options = ParseOptions(args.AsSpan(1));
if (options is null || !options.TryGetValue("user", out var user))
{
    return Usage("--user is required, and every option takes a value");
}

var settings = SandboxSettings.Load();
using var minter = JwtMinter.Trusted(settings);
var credentials = MailCredentials.FromAccessToken(user, minter.Mint(user, TimeSpan.FromMinutes(30)));
var connection = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = settings.CaFile }, ConnectTimeout = TimeSpan.FromSeconds(10) };

try
{
    return args[0] == "wait" ? await WaitAsync() : await ReplyAsync();
}
catch (MailException ex)
{
    Console.Error.WriteLine($"oncall-mail {args[0]}: {ex.Message}");
    return 1;
}

async Task<int> WaitAsync()
{
    options.TryGetValue("subject-contains", out var subjectContains);
    options.TryGetValue("in-reply-to", out var inReplyTo);
    if (subjectContains is null == inReplyTo is null)
    {
        return Usage("wait needs exactly one of --subject-contains and --in-reply-to");
    }

    var timeout = TimeSpan.FromSeconds(options.TryGetValue("timeout", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 60);
    var lines = options.TryGetValue("lines", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 4;
    inReplyTo = inReplyTo?.Trim('<', '>');
    using var deadline = new CancellationTokenSource(timeout);
    await using var imap = new ImapClient(connection);
    try
    {
        await imap.ConnectAsync(new MailEndpoint(settings.Host, settings.Ports.Imap, TlsMode.StartTls), deadline.Token);
        await imap.AuthenticateAsync(credentials, "XOAUTH2", deadline.Token);
        var looked = new HashSet<uint>();
        while (true)
        {
            await imap.ExamineAsync("INBOX", deadline.Token);
            var fresh = (await imap.UidSearchAsync(ImapSearch.All, deadline.Token)).Where(looked.Add).ToList();
            if (fresh.Count > 0)
            {
                foreach (var fetched in await imap.UidFetchAsync(UidSet.FromUids(fresh), ImapFetchItems.Body, deadline.Token))
                {
                    var message = MimeParser.Parse(fetched.Body ?? []);
                    var matches = subjectContains is not null
                        ? message.Subject?.Contains(subjectContains, StringComparison.OrdinalIgnoreCase) == true
                        : message.InReplyTo.Contains(inReplyTo!, StringComparer.Ordinal);
                    if (matches)
                    {
                        if (options.TryGetValue("save", out var save))
                        {
                            await File.WriteAllBytesAsync(save, fetched.Body ?? [], deadline.Token);
                        }

                        Show(message, lines);
                        await imap.LogoutAsync(CancellationToken.None);
                        return 0;
                    }
                }
            }

            await Task.Delay(250, deadline.Token);
        }
    }
    catch (OperationCanceledException) when (deadline.IsCancellationRequested)
    {
        var what = subjectContains is not null ? $"with \"{subjectContains}\" in the subject" : $"in reply to <{inReplyTo}>";
        Console.Error.WriteLine($"oncall-mail wait: no message {what} arrived in {user}'s INBOX within {timeout.TotalSeconds:0} s");
        return 1;
    }
}

async Task<int> ReplyAsync()
{
    if (!options.TryGetValue("original", out var originalFile) || !options.TryGetValue("text", out var text))
    {
        return Usage("reply needs --original and --text");
    }

    var original = MimeParser.Parse(await File.ReadAllBytesAsync(originalFile));
    var name = options.GetValueOrDefault("name", user);
    var reply = ComposeReply(original, new MailboxAddress(name, user), text);
    if (options.TryGetValue("save", out var save))
    {
        await File.WriteAllBytesAsync(save, reply.Bytes);
    }

    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await using var smtp = new SmtpClient(connection) { LocalDomain = "oncall-laptop.sandbox.test" };
    await smtp.ConnectAsync(new MailEndpoint(settings.Host, settings.Ports.Submission, TlsMode.StartTls), deadline.Token);
    await smtp.AuthenticateAsync(credentials, "XOAUTH2", deadline.Token);
    await smtp.SendAsync(user, reply.Recipients, reply.Bytes, deadline.Token);
    await smtp.QuitAsync(deadline.Token);
    Console.WriteLine(reply.MessageId);
    return 0;
}

// A plain-text reply the way Thunderbird writes one: the new text on top, an attribution line, the original's text
// quoted with "> " (its footer included), threading headers pointing at the original.
static (string MessageId, byte[] Bytes, string[] Recipients) ComposeReply(MimeMessage original, MailboxAddress from, string text)
{
    var replyTo = original.ReplyTo.Count > 0 ? original.ReplyTo : original.From;
    if (replyTo.Count == 0 || original.MessageId is null)
    {
        throw new InvalidDataException("The original message has no From/Reply-To or no Message-ID to answer.");
    }

    var messageId = $"{Guid.NewGuid():N}@oncall-laptop.sandbox.test";
    var references = original.References.Append(original.MessageId).Select(id => $"<{id}>");
    var subject = original.Subject ?? string.Empty;
    if (!subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase))
    {
        subject = "Re: " + subject;
    }

    var author = original.From.Count > 0 ? original.From[0] : replyTo[0];
    var sent = (original.Date ?? DateTimeOffset.UtcNow).ToString("d/M/yyyy 'at' HH:mm", CultureInfo.InvariantCulture);
    var quoted = (original.GetTextBody() ?? string.Empty).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
        .Select(line => line.Length == 0 || line.StartsWith('>') ? ">" + line : "> " + line);
    var message = new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n")
        .Append(CultureInfo.InvariantCulture, $"Date: {RfcDate(DateTimeOffset.Now)}\r\n")
        .Append("MIME-Version: 1.0\r\n")
        .Append("User-Agent: AckPoller demo on-call mail client\r\n")
        .Append(CultureInfo.InvariantCulture, $"From: {Address(from)}\r\n")
        .Append(CultureInfo.InvariantCulture, $"To: {string.Join(", ", replyTo.Select(Address))}\r\n")
        .Append(CultureInfo.InvariantCulture, $"Subject: {subject}\r\n")
        .Append(CultureInfo.InvariantCulture, $"In-Reply-To: <{original.MessageId}>\r\n")
        .Append(CultureInfo.InvariantCulture, $"References: {string.Join("\r\n ", references)}\r\n")
        .Append("Content-Type: text/plain; charset=UTF-8\r\n")
        .Append("Content-Transfer-Encoding: 8bit\r\n\r\n")
        .Append(text).Append("\r\n\r\n")
        .Append(CultureInfo.InvariantCulture, $"On {sent}, {author.DisplayName ?? author.Address} wrote:\r\n")
        .AppendJoin("\r\n", quoted).Append("\r\n");
    return (messageId, Encoding.UTF8.GetBytes(message.ToString()), replyTo.Select(a => a.Address).ToArray());
}

// RFC 5322 date: "Mon, 2 Nov 2026 09:41:07 +0100".
static string RfcDate(DateTimeOffset now)
{
    var offset = now.Offset;
    var sign = offset < TimeSpan.Zero ? '-' : '+';
    return now.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + sign + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}

static string Address(MailboxAddress address) =>
    string.IsNullOrEmpty(address.DisplayName) ? $"<{address.Address}>" : $"\"{address.DisplayName.Replace("\"", "'", StringComparison.Ordinal)}\" <{address.Address}>";

static void Show(MimeMessage message, int lines)
{
    Console.WriteLine($"From:    {(message.From.Count > 0 ? message.From[0] : null)}");
    Console.WriteLine($"Subject: {message.Subject}");
    var body = (message.GetTextBody() ?? string.Empty).ReplaceLineEndings("\n").Split('\n').Where(line => line.Trim().Length > 0).Take(lines);
    foreach (var line in body)
    {
        Console.WriteLine($"  {line}");
    }
}

static Dictionary<string, string>? ParseOptions(ReadOnlySpan<string> arguments)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < arguments.Length; i += 2)
    {
        if (!arguments[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= arguments.Length)
        {
            return null;
        }

        result[arguments[i][2..]] = arguments[i + 1];
    }

    return result;
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"oncall-mail: {problem}");
    Console.Error.WriteLine("usage: oncall-mail.cs wait --user U (--subject-contains TEXT | --in-reply-to MSGID) [--timeout S] [--save FILE] [--lines N]");
    Console.Error.WriteLine("       oncall-mail.cs reply --user U --name NAME --original FILE.eml --text TEXT [--save FILE]");
    return 64;
}
