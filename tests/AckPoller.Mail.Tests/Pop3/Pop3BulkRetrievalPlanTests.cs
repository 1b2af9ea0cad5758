using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>When bulk mode starts and ends and how deep the pipeline goes, by the LIST sizes (no socket needed).</summary>
[Trait("Category", "Unit")]
public class Pop3BulkRetrievalPlanTests
{
    private static readonly int[] Numbers = [.. Enumerable.Range(1, 200)];

    [Fact]
    public void Bulk_mode_ends_at_the_first_message_after_which_the_listed_rest_fits_under_the_low_water_mark()
    {
        using var bulk = Pop3BulkRetrieval.Start(Connection(), Numbers, Sizes(1000))!;

        // 65 messages of 1000 octets left is 65,000, under 65,536; 66 left is not.
        bulk.Received(200 - 66);
        Assert.True(bulk.IsActive);
        bulk.Received(200 - 65);
        Assert.False(bulk.IsActive);
    }

    [Fact]
    public void Too_little_by_the_listed_sizes_does_not_start_bulk_mode() =>
        Assert.Null(Pop3BulkRetrieval.Start(Connection(), Numbers, Sizes(600)));

    [Theory]
    [InlineData(1000, 200, 132)]
    [InlineData(1, 140_000, Pop3BulkRetrieval.MaxPipelineDepth)]
    [InlineData(1_000_000, 200, 16)]
    [InlineData(long.MaxValue, 200, 16)]
    public void The_pipeline_holds_twice_the_low_water_mark_of_answers_within_bounds(long size, int count, int depth)
    {
        int[] numbers = [.. Enumerable.Range(1, count)];
        using var bulk = Pop3BulkRetrieval.Start(Connection(), numbers, Sizes(size, numbers))!;
        Assert.Equal(depth, bulk.PipelineDepth(0, 16));
    }

    [Fact]
    public void Without_sizes_many_messages_start_bulk_mode_and_few_do_not()
    {
        Assert.NotNull(Pop3BulkRetrieval.Start(Connection(), Numbers, null));
        Assert.Null(Pop3BulkRetrieval.Start(Connection(), Numbers[..(Pop3BulkRetrieval.MinimumMessages - 1)], null));
    }

    private static MailConnection Connection() => MailConnection.FromStream(new MemoryStream(), "pop.example.test", 110);

    private static Dictionary<int, long> Sizes(long size, int[]? numbers = null)
    {
        var sizes = new Dictionary<int, long>();
        foreach (var number in numbers ?? Numbers)
        {
            sizes[number] = size;
        }

        return sizes;
    }
}
