namespace AckPoller.Core.Tests.Architecture;

/// <summary>The metadata reader behind <see cref="NamespaceCycleTests"/>, on fixture namespaces of this assembly whose
/// only dependencies hide in a method body (closure, state machine, generic instantiation) and in an attribute.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class NamespaceGraphTests
{
    private const string Fixture = "AckPoller.Core.Tests.Architecture.Fixture.";

    private static NamespaceGraph Read() => NamespaceGraph.Read(typeof(NamespaceGraphTests).Assembly.Location,
        ns => ns.StartsWith(Fixture, StringComparison.Ordinal) ? ns[Fixture.Length..] : null);

    [Fact]
    public void A_type_used_only_inside_a_lambda_of_an_async_method_is_a_dependency_of_the_declaring_type()
    {
        var evidence = Read().Edges["Low"]["High"];

        Assert.StartsWith($"{Fixture}Low.BodyOnly/", evidence, StringComparison.Ordinal);
        Assert.EndsWith($"uses {Fixture}High.Target", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typeof_argument_of_an_attribute_is_a_dependency()
    {
        Assert.Equal($"{Fixture}High.Marked uses {Fixture}Low.Converter", Read().Edges["High"]["Low"]);
    }

    [Fact]
    public void The_two_fixture_namespaces_form_one_cycle()
    {
        var graph = Read();

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["High", "Low"], cycle);
        Assert.Equal(["High", "Low", "High"], graph.ShortestCycle("High", cycle));
    }
}
