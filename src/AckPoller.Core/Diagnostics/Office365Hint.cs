namespace AckPoller.Core.Diagnostics;

/// <summary>One known Office 365 / Entra ID error: how it shows, what it means, and what to do about it.</summary>
/// <param name="Error">The text the error shows, e.g. "AADSTS7000215" or "535 5.7.139".</param>
/// <param name="Cause">What it means, in plain language.</param>
/// <param name="Fix">What to do, with the account's own names filled in where known.</param>
public sealed record Office365Hint(string Error, string Cause, string Fix);
