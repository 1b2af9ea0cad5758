using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;

namespace AckPoller.Core.Tests.Reporting;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FilterValueTests
{
    [Theory]
    [InlineData("reauth_required")]
    [InlineData("ReauthRequired")]
    [InlineData(" REAUTH_REQUIRED ")]
    public void Enums_read_in_the_snake_case_spelling_or_their_own_name_in_any_case(string text)
    {
        Assert.True(FilterValue.TryEnum<AuthState>(text, out var value, out _));
        Assert.Equal(AuthState.ReauthRequired, value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("acked")]
    public void Numbers_and_unknown_words_are_refused_listing_the_choices(string text)
    {
        Assert.False(FilterValue.TryEnum<AckAction>(text, out _, out var error));
        Assert.Equal($"'{text}' is not one of ack, unack, resolve, snooze, note.", error);
    }

    [Fact]
    public void References_and_cursors_are_checked_and_long_input_is_cut_in_the_message()
    {
        Assert.True(FilterValue.TryReference(" ap-7k3m9q ", out var reference, out _));
        Assert.Equal("AP-7K3M9Q", reference.ToString());
        Assert.False(FilterValue.TryReference(new string('x', 100), out _, out var error));
        Assert.Equal($"'{new string('x', 40)}…' is not an alert reference like AP-7K3M9Q.", error);

        var cursor = new AckLogCursor(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), 42);
        Assert.True(FilterValue.TryCursor(cursor.ToString(), out var parsed, out _));
        Assert.Equal(cursor, parsed);
        Assert.False(FilterValue.TryCursor("page-2", out _, out var cursorError));
        Assert.Equal("'page-2' is not a cursor given by a previous page.", cursorError);
    }
}
