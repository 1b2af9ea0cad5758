using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Cli;

/// <summary>`ackpoller alert raise | register | show`.</summary>
internal static class AlertCommand
{
    public static Command Create(Action<IServiceCollection>? services) => new("alert", "Raise an alert, register one another system emailed, or show one with its acknowledgement log.")
    {
        AlertRaiseCommand.Create(services),
        AlertRegisterCommand.Create(services),
        AlertShowCommand.Create(services),
    };
}
