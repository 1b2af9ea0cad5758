using System.CommandLine;
using AckPoller.Cli;

// Temporary root (branch auth): the lead's AckPollerCli replaces this and registers AuthCommand.Create().
var root = new RootCommand("AckPoller: acknowledge alerts by email reply.");
root.Subcommands.Add(AuthCommand.Create());
return await root.Parse(args).InvokeAsync();
