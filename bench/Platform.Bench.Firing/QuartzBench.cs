using Quartz;

namespace Platform.Bench.Firing;

/// <summary>The same load on Quartz: one durable job, one simple trigger per occurrence; lateness measured when the job
/// starts executing (what Quartz calls firing).</summary>
public static class QuartzBench
{
    public static async Task RunAsync(Lateness lateness, IReadOnlyList<DateTimeOffset> due, string? postgres, TimeSpan timeout)
    {
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = $"bench-{Guid.NewGuid():N}";
                s.MaxBatchSize = 16;
                // No firing ahead: an occurrence fired before its time does not count as on time here.
                s.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.Zero;
            });
            q.UseDefaultThreadPool(16);
            if (postgres is null)
                q.UseInMemoryStore();
            else
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(postgres);
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(1));
                });
        }).BuildScheduler();

        scheduler.Context[nameof(Lateness)] = lateness;
        var job = JobBuilder.Create<LatenessJob>().WithIdentity("bench").StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing);
        var triggers = due.Select((at, i) => TriggerBuilder.Create().WithIdentity($"t{i}").ForJob(job.Key).StartAt(at).Build()).ToList();
        foreach (var chunk in triggers.Chunk(1000))
            await scheduler.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = chunk }, ScheduleJobOptions.Replacing);
        await scheduler.Start();
        if (!await lateness.WaitAsync(timeout))
            Console.Error.WriteLine($"quartz {lateness.Store} at {lateness.Rate}/s: timed out");
        await scheduler.Shutdown(waitForJobsToComplete: false);
    }

    sealed class LatenessJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var late = (TimeProvider.System.GetUtcNow() - context.ScheduledFireTimeUtc!.Value).TotalMilliseconds;
            ((Lateness)context.Scheduler.Context[nameof(Lateness)]!).Add(late);
            return ValueTask.CompletedTask;
        }
    }
}
