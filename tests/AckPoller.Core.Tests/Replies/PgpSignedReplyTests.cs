using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 10: an inline PGP-signed reply (RFC 4880 section 7): the signed text is the reply; the armor line,
/// the Hash header, the dash escapes and the signature block are not.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PgpSignedReplyTests
{
    private const string Signature = """
        -----BEGIN PGP SIGNATURE-----

        iHUEARYIAB0WIQTqZ9Wc8l0m4b8JmX0p4hZ2oGx2ZQUCZ0N3AAAKCRCp4hZ2oGx2
        ZbTnAQDV2m5m0v1h7QmY3qg8Xl1Z5c0WnH9m0B2z3Jx2e8c0bQEA1yN0c8YtY2Zw
        =Xk3d
        -----END PGP SIGNATURE-----
        """;

    [Fact]
    public void The_signed_text_is_the_reply_and_its_escaped_signature_delimiter_still_cuts()
    {
        var body = $"""
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            resolve - restarted it

            - --
            Jane Doe, SRE
            {Signature}
            """;

        Assert.Equal("resolve - restarted it", QuoteStripper.ExtractFromText(body));
    }

    [Fact]
    public void A_dash_escaped_original_message_separator_ends_the_new_text()
    {
        var body = $"""

            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA512

            ack, on it
            - - Jane

            - -----Original Message-----
            From: AckPoller Alerts <alerts@northwind.example>
            Subject: [AP-7KMQZ9] Disk full on db01

            Reply "resolve" when fixed.
            {Signature}
            """;

        Assert.Equal("ack, on it\n- Jane", QuoteStripper.ExtractFromText(body));
    }

    [Fact]
    public void A_quote_below_the_signature_block_is_still_a_quote()
    {
        var body = $"""
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            snooze 2h - deploy in progress
            {Signature}

            On Mon, 24 Nov 2025 at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:
            > Reply "resolve" when fixed.
            """;

        Assert.Equal("snooze 2h - deploy in progress", QuoteStripper.ExtractFromText(body));
    }

    [Theory]
    [InlineData("ack\n\n> -----BEGIN PGP SIGNED MESSAGE-----\n> Hash: SHA256\n>\n> resolve\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nthis is not an armor header at all\n\nresolve\n")]
    public void Only_a_cleartext_signed_message_at_the_top_with_armor_headers_is_unwrapped(string body)
    {
        var text = QuoteStripper.ExtractFromText(body);

        Assert.NotEqual("resolve", text);
    }

    [Fact]
    public async Task The_command_is_read_from_the_signed_text()
    {
        var message = ReplyTestFiles.Parse($"""
            From: Jane Doe <jane@contoso.example>
            Subject: RE: [AP-7KMQZ9] Disk full on db01
            Content-Type: text/plain; charset=utf-8

            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            resolve - restarted it
            {Signature}
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Equal((ReplyCommand.Resolve, "restarted it"), (analysis.Command, analysis.Comment));
    }
}
