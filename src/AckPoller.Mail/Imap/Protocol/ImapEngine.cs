using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AckPoller.Mail.Imap.Commands;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>Runs one command at a time on a connection: tags it, writes it (waiting for "+" before synchronizing
/// literals), reads responses and dispatches them — capabilities, mailbox size and BYE here, the rest to the command —
/// until the tagged completion. Any failure in the middle of a command leaves the conversation in an unknown state,
/// so the connection is marked broken.</summary>
internal sealed class ImapEngine : IAsyncDisposable
{
    private static readonly byte[] DoneLine = "DONE\r\n"u8.ToArray();

    private readonly ImapResponseBuffer _response = new();
    private readonly HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISet<string> _ignored;
    private readonly CancellationTokenSource _lifetime = new();
    private int _tagCounter;
    private ImapCommand? _current;
    private byte[] _currentTag = [];
    private IReadOnlyList<ImapWireChunk> _chunks = [];
    private int _nextChunk;
    private ImapStatusResponse? _completion;

    public ImapEngine(MailConnection connection, ISet<string> ignoredCapabilities, long maxLiteralSize)
    {
        Connection = connection;
        _ignored = ignoredCapabilities;
        MaxLiteralSize = maxLiteralSize;
    }

    public MailConnection Connection { get; }

    public long MaxLiteralSize { get; set; }

    /// <summary>What the server advertised last, upper-case.</summary>
    public IReadOnlySet<string> Capabilities => _capabilities;

    /// <summary>False until the server has told its capabilities (and again after STARTTLS).</summary>
    public bool KnowsCapabilities { get; private set; }

    /// <summary>True when UTF8=ACCEPT is enabled: mailbox names and quoted strings are UTF-8.</summary>
    public bool Utf8Enabled { get; set; }

    /// <summary>The selected mailbox's message count, kept current by EXISTS and EXPUNGE.</summary>
    public uint Exists { get; set; }

    /// <summary>True when the server advertised the capability and the user did not ask to ignore it.</summary>
    public bool Has(string capability) => _capabilities.Contains(capability) && !_ignored.Contains(capability);

    /// <summary>Forgets the capabilities, e.g. after STARTTLS, where the pre-TLS list must not be trusted.</summary>
    public void ForgetCapabilities()
    {
        _capabilities.Clear();
        KnowsCapabilities = false;
    }

    /// <summary>Reads the greeting: an untagged OK, PREAUTH or BYE.</summary>
    public async Task<ImapStatusResponse> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        await _response.ReadAsync(Connection, MaxLiteralSize, cancellationToken);
        try
        {
            return ParseGreeting();
        }
        catch (MailProtocolException)
        {
            Connection.MarkBroken();
            throw;
        }
    }

    /// <summary>Runs a command to its tagged completion and returns it (OK, NO or BAD).</summary>
    public async Task<ImapStatusResponse> ExecuteAsync(ImapCommand command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken);
        while (true)
        {
            if (await StepAsync(cancellationToken) is { } completion)
            {
                return completion;
            }
        }
    }

    /// <summary>Runs a command and throws <see cref="ImapCommandException"/> unless it completes with OK.</summary>
    public async Task<ImapStatusResponse> RunAsync(ImapCommand command, CancellationToken cancellationToken)
    {
        var completion = await ExecuteAsync(command, cancellationToken);
        ThrowIfFailed(command, completion);
        return completion;
    }

    public static void ThrowIfFailed(ImapCommand command, ImapStatusResponse completion)
    {
        if (completion.Status != ImapStatus.Ok)
        {
            var status = completion.Status == ImapStatus.No ? "NO" : "BAD";
            throw new ImapCommandException($"The IMAP server refused {command.Name} ({status}): {completion.ShortText}", completion.ServerText)
            {
                Command = command.Name,
                Status = status,
                ResponseCode = completion.Code,
            };
        }
    }

    /// <summary>Tags and writes a command (up to its first synchronizing literal).</summary>
    public async ValueTask SendAsync(ImapCommand command, CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException("IMAP runs one command at a time, and the previous one has not finished.");
        }

        var tag = "A" + (_tagCounter + 1).ToString("D3", CultureInfo.InvariantCulture);
        var builder = new ImapCommandBuilder(tag, Utf8Enabled, Has("LITERAL+"), Has("LITERAL-"));

        // Invalid arguments throw here, before anything is sent or a tag is used.
        command.Build(builder);
        _tagCounter++;
        _chunks = builder.Build();
        _nextChunk = 0;
        _currentTag = Encoding.ASCII.GetBytes(tag);
        _current = command;
        try
        {
            await WriteNextChunkAsync(cancellationToken);
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary>Reads and handles one response of the running command; returns its completion when it was the tagged one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ImapStatusResponse?> StepAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            throw new InvalidOperationException("No IMAP command is running.");
        }

        try
        {
            await _response.ReadAsync(Connection, MaxLiteralSize, cancellationToken);
            var literalContinuation = WaitingForLiteralContinuation;
            switch (Dispatch(literalContinuation, out var reply))
            {
                case Outcome.Continuation when literalContinuation:
                    await WriteNextChunkAsync(cancellationToken);
                    return null;
                case Outcome.Continuation when reply is not null:
                    await Connection.WriteSecretAsync(reply, 0, cancellationToken);
                    return null;
                case Outcome.Completed:
                    var completion = _completion!;
                    _current = null;
                    _completion = null;
                    return completion;
                default:
                    return null;
            }
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary>Reads and discards the rest of the running command's responses (an abandoned streaming FETCH).</summary>
    public async Task DrainAsync(ImapCommand command)
    {
        while (ReferenceEquals(_current, command))
        {
            await StepAsync(_lifetime.Token);
        }
    }

    /// <summary>One IDLE round: IDLE, wait for "+", then for a change, <paramref name="duration"/> or cancellation;
    /// then DONE and the tagged OK. The read that waits for the server does not use the caller's token, so cancelling
    /// ends IDLE cleanly instead of breaking the connection. Returns true when the round ended by time.</summary>
    public async Task<bool> IdleRoundAsync(IdleCommand idle, TimeSpan duration, CancellationToken cancellationToken)
    {
        await SendAsync(idle, cancellationToken);
        while (!idle.Idling)
        {
            if (await StepAsync(cancellationToken) is { } early)
            {
                ThrowIfFailed(idle, early);
                throw new MailProtocolException("The IMAP server completed IDLE before accepting it.");
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(duration, stop.Token);
        Task<ImapStatusResponse?>? pending = null;
        ImapStatusResponse? completion = null;
        var timedOut = false;
        while (true)
        {
            pending ??= StepAsync(_lifetime.Token).AsTask();
            if (await Task.WhenAny(pending, timer) != pending)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                break;
            }

            completion = await pending;
            pending = null;
            if (completion is not null || idle.HasChanges)
            {
                break;
            }
        }

        await stop.CancelAsync();
        if (completion is null)
        {
            try
            {
                await Connection.WriteAsync(DoneLine, _lifetime.Token);
                Connection.ExtendPendingRead();
            }
            catch
            {
                Observe(pending);
                throw;
            }

            completion = pending is null ? null : await pending;
            while (completion is null)
            {
                completion = await StepAsync(_lifetime.Token);
            }
        }

        ThrowIfFailed(idle, completion);
        return timedOut;
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        await Connection.DisposeAsync();
        _lifetime.Dispose();
    }

    private static void Observe(Task? task) =>
        task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private bool WaitingForLiteralContinuation =>
        _nextChunk > 0 && _nextChunk < _chunks.Count && _chunks[_nextChunk - 1].WaitsForContinuation;

    private async ValueTask WriteNextChunkAsync(CancellationToken cancellationToken)
    {
        var chunk = _chunks[_nextChunk++];
        if (chunk.HasSecret)
        {
            await Connection.WriteSecretAsync(chunk.Data, chunk.VisibleLength, cancellationToken);
        }
        else
        {
            await Connection.WriteAsync(chunk.Data, cancellationToken);
        }
    }

    private void Abandon()
    {
        if (_current is not null)
        {
            Connection.MarkBroken();
            _current = null;
        }
    }

    private ImapStatusResponse ParseGreeting()
    {
        var reader = new ImapTokenReader(_response);
        if (!reader.TryConsume((byte)'*') || !reader.TryConsume((byte)' '))
        {
            throw reader.Error("expected an untagged greeting");
        }

        if (!ImapStatusResponse.TryReadStatus(reader.ReadAtom(), out var status) || status is ImapStatus.No or ImapStatus.Bad)
        {
            throw reader.Error("expected an OK, PREAUTH or BYE greeting");
        }

        var greeting = ImapStatusResponse.Read(status, ref reader);
        ApplyCode(greeting);
        return greeting;
    }

    private Outcome Dispatch(bool literalContinuation, out byte[]? reply)
    {
        reply = null;
        var reader = new ImapTokenReader(_response);
        switch (reader.Peek())
        {
            case (byte)'+':
                reader.Expect((byte)'+');
                reader.TryConsume((byte)' ');
                if (!literalContinuation)
                {
                    reply = _current!.OnContinuation(reader.Remaining);
                }

                return Outcome.Continuation;
            case (byte)'*':
                reader.Expect((byte)'*');
                reader.ExpectSpace();
                DispatchUntagged(ref reader);
                return Outcome.Untagged;
            case (byte)'[':
                // Exchange sends the response code of a UID MOVE on a bare line ("[COPYUID 55 31 6]") with no "* OK"
                // in front: it means the untagged OK it leaves out.
                var bare = ImapStatusResponse.Read(ImapStatus.Ok, ref reader);
                ApplyCode(bare);
                _current!.OnUntaggedStatus(bare);
                return Outcome.Untagged;
        }

        if (!reader.ReadAtom().SequenceEqual(_currentTag))
        {
            throw reader.Error("a response with an unknown tag");
        }

        reader.ExpectSpace();
        if (!ImapStatusResponse.TryReadStatus(reader.ReadAtom(), out var status) || status is ImapStatus.Bye or ImapStatus.PreAuth)
        {
            throw reader.Error("expected OK, NO or BAD");
        }

        _completion = ImapStatusResponse.Read(status, ref reader);
        ApplyCode(_completion);
        return Outcome.Completed;
    }

    private void DispatchUntagged(ref ImapTokenReader reader)
    {
        if (reader.PeekIsDigit())
        {
            var number = reader.ReadNumber();
            reader.ExpectSpace();
            var kind = reader.ReadAtom();
            if (Ascii.EqualsIgnoreCase(kind, "EXISTS"u8))
            {
                Exists = number;
            }
            else if (Ascii.EqualsIgnoreCase(kind, "EXPUNGE"u8) && Exists > 0)
            {
                Exists--;
            }

            _current!.OnNumbered(number, kind, ref reader);
            return;
        }

        var name = reader.ReadAtom();
        if (ImapStatusResponse.TryReadStatus(name, out var status))
        {
            var response = ImapStatusResponse.Read(status, ref reader);
            ApplyCode(response);
            if (status == ImapStatus.Bye)
            {
                if (_current!.ExpectsBye)
                {
                    return;
                }

                Connection.MarkBroken();
                throw new MailSessionEndedException($"The IMAP server ended the session: {response.ShortText}", response.ServerText);
            }

            if (status == ImapStatus.PreAuth)
            {
                throw reader.Error("PREAUTH after the greeting");
            }

            _current!.OnUntaggedStatus(response);
            return;
        }

        if (Ascii.EqualsIgnoreCase(name, "CAPABILITY"u8))
        {
            var capabilities = new List<string>();
            while (reader.TryConsume((byte)' ') && !reader.AtEnd)
            {
                capabilities.Add(Encoding.ASCII.GetString(reader.ReadAtom()));
            }

            SetCapabilities(capabilities);
            return;
        }

        _current!.OnUntagged(name, ref reader);
    }

    private void ApplyCode(ImapStatusResponse response)
    {
        if (response.Code == "CAPABILITY")
        {
            SetCapabilities(response.ListArgument());
        }
    }

    private void SetCapabilities(IEnumerable<string> capabilities)
    {
        _capabilities.Clear();
        foreach (var capability in capabilities)
        {
            _capabilities.Add(capability.ToUpperInvariant());
        }

        KnowsCapabilities = true;
    }

    private enum Outcome
    {
        Continuation,
        Untagged,
        Completed,
    }
}
