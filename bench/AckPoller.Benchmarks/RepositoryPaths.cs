namespace AckPoller.Benchmarks;

/// <summary>Finds files in the repository from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus(string fileName) => Path.Combine(Root, "tests", "AckPoller.Mail.Tests", "Corpus", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AckPoller.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the AckPoller repository.");
    }
}
