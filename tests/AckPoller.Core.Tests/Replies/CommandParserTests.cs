using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class CommandParserTests
{
    [Theory]
    [InlineData("ack", ReplyCommand.Ack, null, null)]
    [InlineData("Ack", ReplyCommand.Ack, null, null)]
    [InlineData("ACK", ReplyCommand.Ack, null, null)]
    [InlineData("ack.", ReplyCommand.Ack, null, null)]
    [InlineData("Ack!", ReplyCommand.Ack, null, null)]
    [InlineData("ack - looking at it", ReplyCommand.Ack, null, "looking at it")]
    [InlineData("ACK, on it", ReplyCommand.Ack, null, "on it")]
    [InlineData("ack: on it", ReplyCommand.Ack, null, "on it")]
    [InlineData("Ack — Zoë here", ReplyCommand.Ack, null, "Zoë here")]
    [InlineData("ack'd, thanks", ReplyCommand.Ack, null, "thanks")]
    [InlineData("*ack*", ReplyCommand.Ack, null, null)]
    [InlineData("acknowledge", ReplyCommand.Ack, null, null)]
    [InlineData("Acknowledged. Restarting the service.", ReplyCommand.Ack, null, "Restarting the service.")]
    [InlineData("acked", ReplyCommand.Ack, null, null)]
    [InlineData("unack", ReplyCommand.Unack, null, null)]
    [InlineData("Unack - wrong alert", ReplyCommand.Unack, null, "wrong alert")]
    [InlineData("resolve", ReplyCommand.Resolve, null, null)]
    [InlineData("Resolved: freed 20 GB", ReplyCommand.Resolve, null, "freed 20 GB")]
    [InlineData("close", ReplyCommand.Resolve, null, null)]
    [InlineData("Closed.", ReplyCommand.Resolve, null, null)]
    [InlineData("snooze 30m", ReplyCommand.Snooze, "30m", null)]
    [InlineData("Snooze 30 minutes, maintenance window", ReplyCommand.Snooze, "30m", "maintenance window")]
    [InlineData("snooze for 2 hours", ReplyCommand.Snooze, "2h", null)]
    [InlineData("snooze 1h30m waiting for the vendor", ReplyCommand.Snooze, "1h30m", "waiting for the vendor")]
    [InlineData("SNOOZE: 1d", ReplyCommand.Snooze, "1d", null)]
    [InlineData("snooze 1h 30m", ReplyCommand.Snooze, "1h30m", null)]
    [InlineData("note restarted nginx", ReplyCommand.Note, null, "restarted nginx")]
    [InlineData("Note: the backup job ran twice\nsee ticket 42", ReplyCommand.Note, null, "the backup job ran twice\nsee ticket 42")]
    [InlineData("ack\n\nRegards,\nJürgen", ReplyCommand.Ack, null, "Regards,\nJürgen")]
    public void Commands_are_read_from_the_first_word(string text, ReplyCommand command, string? argument, string? comment)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal(command, parsed.Command);
        Assert.Equal(argument, parsed.Argument);
        Assert.Equal(comment, parsed.Comment);
        Assert.Null(parsed.Problem);
    }

    [Theory]
    [InlineData("Thanks, looking into it.")]
    [InlineData("acking now")]
    [InlineData("acknowledgement received")]
    [InlineData("closely watching")]
    [InlineData("Hi, ack")]
    [InlineData("notes are in the ticket")]
    [InlineData("ack2")]
    [InlineData("snoozed it")]
    public void Anything_else_is_no_command_and_all_of_it_is_the_comment(string text)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal(ReplyCommand.None, parsed.Command);
        Assert.Null(parsed.Argument);
        Assert.Equal(text, parsed.Comment);
    }

    [Fact]
    public void An_empty_reply_is_no_command_without_comment()
    {
        Assert.Equal(new ParsedCommand(ReplyCommand.None, null, null), CommandParser.Parse("  \n "));
        Assert.Equal(new ParsedCommand(ReplyCommand.None, null, null), CommandParser.Parse(null));
    }

    [Theory]
    [InlineData("snooze", "snooze needs a duration such as 30m, 2h or 1d")]
    [InlineData("snooze later please", "snooze needs a duration such as 30m, 2h or 1d")]
    [InlineData("snooze 30 parsecs", "snooze needs a duration such as 30m, 2h or 1d")]
    [InlineData("note", "note needs text after it, e.g. \"note restarted the service\"")]
    public void A_command_missing_its_argument_says_so(string text, string problem)
    {
        var parsed = CommandParser.Parse(text);

        Assert.NotEqual(ReplyCommand.None, parsed.Command);
        Assert.Null(parsed.Argument);
        Assert.Equal(problem, parsed.Problem);
    }

    [Theory]
    [InlineData("snooze 30m", "30m")]
    [InlineData("snooze 2h", "2h")]
    [InlineData("snooze 90 minutes", "1h30m")]
    [InlineData("snooze 30m 1h", "1h30m")]
    [InlineData("snooze 1 day", "1d")]
    [InlineData("snooze 1w", "7d")]
    [InlineData("snooze 2 weeks 3 days", "17d")]
    public void Snooze_arguments_are_normalised_to_what_the_recorder_reads(string text, string argument)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal(argument, parsed.Argument);
        Assert.True(AckPoller.Core.Alerts.SnoozeDuration.TryParse(parsed.Argument, out _));
    }

    [Theory]
    [InlineData("snooze 0m")]
    [InlineData("snooze 30")]
    [InlineData("snooze 45 sec")]
    [InlineData("snooze 200w")]
    [InlineData("snooze 999999999m")]
    [InlineData("snooze 30minutesplease")]
    public void Bad_or_excessive_durations_give_no_argument(string text)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal(ReplyCommand.Snooze, parsed.Command);
        Assert.Null(parsed.Argument);
        Assert.NotNull(parsed.Problem);
    }
}
