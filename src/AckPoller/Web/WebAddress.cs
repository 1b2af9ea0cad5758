namespace AckPoller.Web;

/// <summary>The address the web host actually bound (Web:Url with port 0 gets a free port), once it is listening:
/// tests wait on <see cref="WhenBound"/>. A wildcard binding (0.0.0.0, [::]) is given as 127.0.0.1, reachable locally.</summary>
public sealed class WebAddress
{
    private readonly TaskCompletionSource<Uri> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>e.g. http://127.0.0.1:8470/ ; null until the server listens.</summary>
    public Uri? BaseUri => _bound.Task.IsCompletedSuccessfully ? _bound.Task.Result : null;

    public Task<Uri> WhenBound => _bound.Task;

    internal void SetBound(Uri baseUri) => _bound.TrySetResult(baseUri);

    internal void SetFailed(Exception error) => _bound.TrySetException(error);
}
