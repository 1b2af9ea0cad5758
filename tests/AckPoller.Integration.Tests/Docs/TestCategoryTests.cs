using System.Text.RegularExpressions;

namespace AckPoller.Integration.Tests.Docs;

/// <summary>Every test class in every test project carries a Category trait (Unit or Sandbox), so
/// <c>dotnet test --filter Category=Unit</c> really runs every test that needs no server, and no test that does.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed partial class TestCategoryTests
{
    [Fact]
    public void Every_test_class_declares_its_category()
    {
        var missing = new List<string>();
        var files = Directory.EnumerateFiles(RepositoryFiles.PathOf("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} test sources found");
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            if (!lines.Any(l => TestAttribute().IsMatch(l)))
            {
                continue;
            }

            for (var i = 0; i < lines.Length; i++)
            {
                if (!ClassDeclaration().IsMatch(lines[i]))
                {
                    continue;
                }

                // The trait sits among the attributes right above the class.
                var j = i - 1;
                var found = false;
                while (j >= 0 && (lines[j].StartsWith('[') || lines[j].StartsWith("///", StringComparison.Ordinal)))
                {
                    found |= CategoryTrait().IsMatch(lines[j]);
                    j--;
                }

                if (!found)
                {
                    missing.Add($"{Path.GetRelativePath(RepositoryFiles.RootDirectory, file)}:{i + 1}");
                }
            }
        }

        Assert.True(missing.Count == 0, "test classes without [Trait(\"Category\", \"Unit\"|\"Sandbox\")]:\n" + string.Join('\n', missing));
    }

    [GeneratedRegex(@"^\s*\[(Fact|Theory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"^(public |internal )?((sealed|abstract|partial) )*class \w+")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"^\[Trait\((TestCategory\.Name|""Category""), (TestCategory\.(Unit|Sandbox)|""(Unit|Sandbox)"")\)\]")]
    private static partial Regex CategoryTrait();
}
