using AckPoller.Benchmarks;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "compare-imap")
{
    return await ImapFetchComparison.RunAsync(args);
}

if (args.Length > 0 && args[0] == "compare-pop3")
{
    return await Pop3RetrieveComparison.RunAsync(args);
}

if (args.Length > 0 && args[0] == "burst")
{
    return await ClusterBurstBench.RunAsync(args);
}

if (args.Length > 0 && args[0] == "capacity")
{
    return await ClusterCapacityBench.RunAsync(args);
}

if (args.Length > 0 && args[0] == "failover")
{
    return await ClusterFailoverBench.RunAsync(args);
}

if (args.Length > 0 && args[0] == "acklog")
{
    return await AckLogQueryBench.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
