using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3PipeliningTests
{
    private const string WithoutPipelining = """
        S: +OK ready
        C: CAPA
        S: +OK
        S: UIDL
        S: .
        C: USER alice@example.test
        S: +OK
        C: PASS s3cret-pw
        S: +OK

        """;

    [Fact]
    public async Task With_PIPELINING_the_RETR_commands_go_out_together_and_messages_come_back_in_order()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 3\nC: RETR 1\nC: RETR 2\n" + Answer("three") + Answer("..one") + Answer("two");
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var messages = await Collect(client.RetrieveManyAsync([3, 1, 2]));
            Assert.Equal(["3:three", "1:.one", "2:two"], messages);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Without_PIPELINING_the_commands_go_one_at_a_time()
    {
        var script = WithoutPipelining + "C: RETR 1\n" + Answer("one") + "C: RETR 2\n" + Answer("two");
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await client.LoginAsync(Pop3Script.User, Pop3Script.Password, default);
            Assert.Equal(["1:one", "2:two"], await Collect(client.RetrieveManyAsync([1, 2])));
        });
    }

    [Fact]
    public async Task The_pipeline_is_topped_up_when_half_of_it_was_answered()
    {
        var script = new StringBuilder(Pop3Script.LoggedIn);
        AppendCommands(script, 1, 4);
        AppendAnswers(script, 1, 2);
        AppendCommands(script, 5, 6);
        AppendAnswers(script, 3, 4);
        AppendCommands(script, 7, 7);
        AppendAnswers(script, 5, 7);
        await ScriptedServerStream.ForEachModeAsync(script.ToString(), async stream =>
        {
            var client = new Pop3Client { MaxPipelinedCommands = 4 };
            await using (client)
            {
                await client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, AckPoller.Mail.Transport.TlsMode.None, default);
                await client.LoginAsync(Pop3Script.User, Pop3Script.Password, default);
                var messages = await Collect(client.RetrieveManyAsync([1, 2, 3, 4, 5, 6, 7]));
                Assert.Equal(Enumerable.Range(1, 7).Select(i => $"{i}:message {i}"), messages);
                Assert.True(stream.Completed);
            }
        });
    }

    [Fact]
    public async Task An_ERR_ends_the_enumeration_after_the_outstanding_answers_were_read()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nC: RETR 2\nC: RETR 3\n" + Answer("one")
            + "S: -ERR [IN-USE] gone\n" + Answer("three") + "C: NOOP\nS: +OK";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var seen = new List<int>();
            var error = await Assert.ThrowsAsync<MailCommandException>(async () =>
            {
                await foreach (var message in client.RetrieveManyAsync([1, 2, 3]))
                {
                    seen.Add(message.MessageNumber);
                }
            });
            Assert.Equal([1], seen);
            Assert.Equal("IN-USE", error.ResponseCode);
            Assert.Contains("RETR 2", error.Message, StringComparison.Ordinal);
            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Stopping_early_reads_the_outstanding_answers_so_the_session_stays_in_step()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nC: RETR 2\nC: RETR 3\n" + Answer("one") + Answer("two") + "S: -ERR no such message\nC: NOOP\nS: +OK";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await foreach (var message in client.RetrieveManyAsync([1, 2, 3]))
            {
                Assert.Equal(1, message.MessageNumber);
                break;
            }

            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Garbage_in_a_pipelined_answer_drops_the_connection_without_draining()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nC: RETR 2\nS: what?";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => Collect(client.RetrieveManyAsync([1, 2])));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    private static string Answer(string line) => $"S: +OK\nS: {line}\nS: .\n";

    private static void AppendCommands(StringBuilder script, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            script.Append("C: RETR ").Append(i).Append('\n');
        }
    }

    private static void AppendAnswers(StringBuilder script, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            script.Append(Answer($"message {i}"));
        }
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<Pop3Message> messages)
    {
        var result = new List<string>();
        await foreach (var message in messages)
        {
            result.Add($"{message.MessageNumber}:{Encoding.ASCII.GetString(message.Data).TrimEnd('\r', '\n')}");
        }

        return result;
    }
}
