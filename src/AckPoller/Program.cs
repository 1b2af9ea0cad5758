using AckPoller.Cli;

return await AckPollerCli.RunAsync(args, Console.Out, Console.Error);
