using AckPoller.Core.Alerts;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class AlertReferenceTests
{
    [Fact]
    public void New_references_are_six_crockford_characters_and_parse_back()
    {
        for (var i = 0; i < 1000; i++)
        {
            var reference = AlertReference.New();
            Assert.Matches("^AP-[0-9A-HJKMNP-TV-Z]{6}$", reference.ToString());
            Assert.Equal(reference, AlertReference.Parse(reference.ToString()));
        }
    }

    [Theory]
    [InlineData("AP-7K3QZ9", "7K3QZ9")]
    [InlineData("ap-7k3qz9", "7K3QZ9")]
    [InlineData("7k3qz9", "7K3QZ9")]
    [InlineData("AP-7KIQZO", "7K1QZ0")]
    [InlineData("AP-7KLQZ9", "7K1QZ9")]
    public void Parsing_is_case_insensitive_and_forgives_look_alikes(string text, string code)
    {
        Assert.True(AlertReference.TryParse(text, out var reference));
        Assert.Equal(code, reference.Code);
    }

    [Theory]
    [InlineData("AP-7K3QZ")]
    [InlineData("AP-7K3QZ99")]
    [InlineData("AP-7K3QU9")]
    [InlineData("AP-7K3Q-9")]
    [InlineData("")]
    public void Malformed_references_do_not_parse(string text) => Assert.False(AlertReference.TryParse(text, out _));

    [Theory]
    [InlineData("RE: [AP-7K3QZ9] Disk full on db-01", "7K3QZ9")]
    [InlineData("AW: SV: Fwd: [ap-7k3qz9] Disk full", "7K3QZ9")]
    [InlineData("ack for AP-7K3QZ9, looking", "7K3QZ9")]
    public void Finds_the_reference_in_a_subject_or_text(string text, string code)
    {
        Assert.True(AlertReference.TryFind(text, out var reference));
        Assert.Equal(code, reference.Code);
    }

    [Theory]
    [InlineData("MAP-7K3QZ9 is not ours")]
    [InlineData("AP-7K3QZ9X is too long")]
    [InlineData("no reference here")]
    public void Ignores_references_glued_to_other_words(string text) => Assert.False(AlertReference.TryFind(text, out _));
}
