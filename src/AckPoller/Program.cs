using AckPoller.Cli;

// The native front-end (Cli/NativeCli) runs the read-only commands itself and hands the rest to the full build.
if (NativeCli.IsNative && !NativeCli.RunsNatively(args))
{
    return NativeCli.HandOff(args, Console.Error);
}

return await AckPollerCli.RunAsync(args, Console.Out, Console.Error);
