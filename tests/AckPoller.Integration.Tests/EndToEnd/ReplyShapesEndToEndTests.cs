using System.Globalization;
using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Mime;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 10's reply shapes end to end with `ackpoller run` (IMAP IDLE): a Chinese Outlook reply with a greeting
/// line and Outlook's localised header block, and an inline PGP-signed reply, each act on their alert with only the new
/// text as the comment.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ReplyShapesEndToEndTests
{
    [Fact]
    public async Task A_chinese_outlook_reply_with_a_greeting_and_a_pgp_signed_reply_act_on_their_alerts()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle);
        var settings = world.Harness.Settings;
        var disk = await world.RaiseAsync("Disk full on db01");
        var deploy = await world.RaiseAsync("Error rate above 5% on api");
        var diskMail = await world.WaitForAlertEmailAsync(disk);
        var deployMail = await world.WaitForAlertEmailAsync(deploy);

        var chinese = Reply(world, diskMail,
            $"您好，\r\nresolve - 已重启服务\r\n\r\n发件人: {diskMail.From[0].DisplayName} <{diskMail.From[0].Address}>\r\n发送时间: 2025年11月24日 10:05\r\n" +
            $"收件人: {world.OnCall}\r\n主题: {diskMail.Subject}\r\n\r\n{Text(diskMail)}\r\n");
        var signed = Reply(world, deployMail,
            "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nsnooze 2h - deploy running\r\n- --\r\nJane\r\n" +
            "-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYIAB0WIQTqZ9Wc8l0m4b8JmX0p4hZ2oGx2ZQUCZ0N3AAAKCRCp4hZ2oGx2\r\n=Xk3d\r\n-----END PGP SIGNATURE-----\r\n\r\n" +
            $"On Mon, 24 Nov 2025 at 10:05, {deployMail.From[0].Address} wrote:\r\n{string.Join("\r\n", Text(deployMail).Split('\n').Select(l => "> " + l))}\r\n");
        await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, chinese.Bytes);
        await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, signed.Bytes);

        var log = await world.WaitForLogAsync(2);
        var resolved = Assert.Single(log, e => e.SourceMessageId == chinese.MessageId);
        Assert.True((resolved.Outcome, resolved.Action, resolved.Comment) == (AckOutcome.Applied, AckAction.Resolve, "已重启服务"),
            $"{resolved.Outcome} {resolved.Action} '{resolved.Comment}': {resolved.Reason}");
        var snoozed = Assert.Single(log, e => e.SourceMessageId == signed.MessageId);
        Assert.True((snoozed.Outcome, snoozed.Action, snoozed.Argument, snoozed.Comment) == (AckOutcome.Applied, AckAction.Snooze, "2h", "deploy running"),
            $"{snoozed.Outcome} {snoozed.Action} {snoozed.Argument} '{snoozed.Comment}': {snoozed.Reason}");
        Assert.Equal(AlertState.Resolved, (await world.AlertAsync(disk.Reference)).State);
        Assert.Equal(AlertState.Snoozed, (await world.AlertAsync(deploy.Reference)).State);
    }

    private static string Text(MimeMessage alert) => (alert.GetTextBody() ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static ComposedReply Reply(EndToEndWorld world, MimeMessage alert, string body)
    {
        var messageId = $"{Guid.NewGuid():N}.shape@client.sandbox.test";
        var raw = $"From: {EndToEndWorld.OnCallName} <{world.OnCall}>\r\nTo: <{world.Monitored}>\r\nSubject: 答复: {alert.Subject}\r\n" +
            $"Message-ID: <{messageId}>\r\nIn-Reply-To: <{alert.MessageId}>\r\nReferences: <{alert.MessageId}>\r\n" +
            $"Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000\r\nMIME-Version: 1.0\r\n" +
            $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}";
        return new ComposedReply("shape", messageId, Encoding.UTF8.GetBytes(raw));
    }
}
