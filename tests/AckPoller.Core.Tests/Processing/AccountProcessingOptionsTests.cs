using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Processing;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountProcessingOptionsTests
{
    [Fact]
    public void Defaults_leave_existing_mail_alone_and_file_into_processed_and_rejected()
    {
        var options = new AccountProcessingOptions();
        var errors = new List<string>();

        options.Validate("Accounts:0:Processing", errors);

        Assert.Empty(errors);
        Assert.False(options.ProcessExistingMail);
        Assert.False(options.DeleteAfterProcessing);
        Assert.Equal(("INBOX", "Processed", "Rejected"), (options.Folder, options.ProcessedFolder, options.RejectedFolder));
    }

    [Fact]
    public void The_validator_reports_processing_problems_under_the_account_key()
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions
        {
            Name = "oncall",
            Mailbox = "oncall@contoso.com",
            IncomingServer = "imaps://mail.contoso.com",
            AuthKind = AccountAuthKind.Password,
            PasswordEnv = "PW",
            Processing = new AccountProcessingOptions { ProcessedFolder = "INBOX", RejectedFolder = "", FetchBatchSize = 0, MaxMessageBytes = 10, MaxBatchBytes = 100, MaxFetchAttempts = 0 },
        });

        var errors = new AckPollerOptionsValidator(_ => "x", _ => true).Collect(options);

        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:ProcessedFolder: the Processed and Rejected folders must differ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:RejectedFolder: must name a mailbox folder", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:FetchBatchSize: must be between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:MaxMessageBytes: must be between 1024", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:MaxBatchBytes: must be at least 65536", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Processing:MaxFetchAttempts: must be between 1 and 100", StringComparison.Ordinal));
    }

    [Fact]
    public void Wildcards_in_folder_names_are_refused()
    {
        var errors = new List<string>();

        new AccountProcessingOptions { ProcessedFolder = "Done*" }.Validate("P", errors);

        Assert.Equal(["P:ProcessedFolder: 'Done*' contains a control character or an IMAP wildcard (* or %)."], errors);
    }
}
