using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;

namespace AckPoller.Core.Tests.Mailboxes;

/// <summary>Issue 10: a RETR the POP3 server refuses for one message does not stop the others and does not lose it.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class Pop3ReplyReaderFetchTests
{
    private const string Opening = """
        S: +OK ready
        C: CAPA
        S: +OK
        S: UIDL
        S: SASL PLAIN
        S: .
        C: AUTH PLAIN
        S: + 
        C: *
        S: +OK Logged in
        C: UIDL
        S: +OK
        S: 1 uid-a
        S: 2 uid-b
        S: .
        C: LIST
        S: +OK
        S: 1 100
        S: 2 100
        S: .
        C: RETR 1
        S: -ERR [SYS/TEMP] Message temporarily unavailable

        """;

    private const string Quit = """
        C: QUIT
        S: +OK bye

        """;

    [Fact]
    public async Task A_refused_retr_leaves_the_message_for_the_next_poll_and_is_recorded_as_failed_at_the_limit()
    {
        var second = """
            C: RETR 2
            S: +OK
            S: From: someone@contoso.com
            S: Subject: hello
            S:
            S: hi
            S: .

            """;
        var secondPoll = Opening.Replace("S: 2 uid-b\n", string.Empty, StringComparison.Ordinal).Replace("S: 2 100\n", string.Empty, StringComparison.Ordinal);
        await using var server = new ScriptedTcpServer(Opening + second + Quit, secondPoll + Quit);
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true, MaxFetchAttempts = 2 }, "pop3s://127.0.0.1:1");

        var first = await kit.Pop3.ReadAsync(kit.Credentials, default);
        Assert.Equal(1, first.Failed);
        var recorded = Assert.Single(kit.Log.Processed);
        Assert.EndsWith("pop3:uid-b", recorded.Key, StringComparison.Ordinal);

        await kit.Pop3.ReadAsync(kit.Credentials, default);
        Assert.Equal(2, kit.Log.Processed.Count);
        var failed = kit.Log.Processed.Single(p => p.Key.EndsWith("pop3:uid-a", StringComparison.Ordinal));
        Assert.Contains("refused RETR 2 times", failed.Value.Result.Reason, StringComparison.Ordinal);
        Assert.Contains("temporarily unavailable", failed.Value.Result.Reason, StringComparison.Ordinal);
        await server.Done;
    }
}
