namespace AckPoller.Core.Auth;

/// <summary>A device-code sign-in in progress: the code to show, and a task that completes when the user has signed in
/// (or fails when the code expires or the user declines).</summary>
public sealed record DeviceCodeSignIn(SignInChallenge Challenge, Task Completion);
