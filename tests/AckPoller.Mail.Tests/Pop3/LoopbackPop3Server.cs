using AckPoller.Mail.Pop3;
using AckPoller.Mail.Tests.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>A hand-driven POP3 server (with PIPELINING) on a loopback socket, for tests that need a real socket (bulk
/// receive mode): the test reads the client's commands and sends the answers itself.</summary>
internal sealed class LoopbackPop3Server : LoopbackLineServer
{
    /// <summary>Connects <paramref name="client"/>, accepts, greets, answers CAPA and a USER/PASS login.</summary>
    public async Task LoginAsync(Pop3Client client)
    {
        var connecting = client.ConnectAsync(Endpoint, default);
        await AcceptAsync();
        await SendAsync("+OK ready");
        await ExpectAsync("CAPA");
        await SendAsync("+OK", "UIDL", "PIPELINING", ".");
        await connecting;
        var login = client.LoginAsync("user", "secret", default);
        await ExpectAsync("USER user");
        await SendAsync("+OK");
        await ExpectAsync("PASS secret");
        await SendAsync("+OK Logged in.");
        await login;
    }

    /// <summary>Answers LIST with <paramref name="count"/> messages of <paramref name="size"/> octets each.</summary>
    public async Task ListAsync(Pop3Client client, int count, int size)
    {
        var listing = client.ListAsync(default);
        await ExpectAsync("LIST");
        var lines = new List<string> { "+OK" };
        for (var i = 1; i <= count; i++)
        {
            lines.Add($"{i} {size}");
        }

        lines.Add(".");
        await SendAsync([.. lines]);
        Assert.Equal(count, (await listing).Count);
    }

    /// <summary>Reads "RETR n" for each message from <paramref name="first"/> to <paramref name="last"/> and answers each
    /// with a body of <paramref name="size"/> octets (CRLF included) starting "body n".</summary>
    public async Task AnswerRetrAsync(int first, int last, int size)
    {
        for (var i = first; i <= last; i++)
        {
            await ExpectAsync($"RETR {i}");
            await SendAsync($"+OK {size} octets", Body(i, size), ".");
        }
    }

    public static string Body(int number, int size) => $"body {number}".PadRight(size - 2, 'x');
}
