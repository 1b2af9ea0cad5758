using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>A job and the trigger that fires it.</summary>
public sealed record ScheduledJob(IJobDetail Job, ITrigger Trigger);
