namespace AckPoller.Mail.Tests.Mime.Corpus;

/// <summary>The .eml files copied next to the test assembly from tests/AckPoller.Mail.Tests/Corpus.</summary>
internal static class CorpusFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static List<string> All()
    {
        var names = System.IO.Directory.GetFiles(Directory, "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count >= 30, $"expected the corpus in {Directory}, found {names.Count} messages");
        return names;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All())
        {
            data.Add(name);
        }

        return data;
    }

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".eml"));

    public static string ReadExpected(string name) => File.ReadAllText(Path.Combine(Directory, name + ".expected.json"));
}
