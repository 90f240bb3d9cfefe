using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// The spans of a job's life as OpenTelemetry's in-memory exporter receives them from the real scheduler and worker: a Once
/// job is one trace from its publisher to its handler, a recurring job's fires are traces of their own linked to the
/// scheduling one, each attempt is one span with the run's ids, retries and SLA violations are events.
/// </summary>
[TestFixture]
public sealed class When_a_run_is_traced : SchedulerScenario
{
    static readonly ActivitySource Publisher = new("Platform.Tests.Publisher");
    static readonly TimeSpan SpanWait = TimeSpan.FromSeconds(15);
    readonly Recorder<Activity> _spans = new();
    readonly Recorder<LogRecord> _logs = new();
    TracerProvider? _tracing;

    protected override void Handlers(PlatformWorkerBuilder worker) =>
        worker.AddBuiltInHandlers().AddHandler<TracedJobHandler>(TracedJobHandler.JobType);

    /// <summary>The worker's log records as OpenTelemetry exports them (information and up, with scopes).</summary>
    protected override void ConfigureWorkerHost(HostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
            o.AddInMemoryExporter(_logs);
        });
        builder.Logging.AddFilter<OpenTelemetryLoggerProvider>(null, LogLevel.Information);
    }

    [OneTimeSetUp]
    public void StartTracing() => _tracing = Sdk.CreateTracerProviderBuilder()
        .SetSampler(new AlwaysOnSampler())
        .AddSource(PlatformTelemetry.MassTransit, PlatformTelemetry.Name, PlatformTelemetry.Libraries, Publisher.Name, TracedJobHandler.Source.Name)
        .AddInMemoryExporter(_spans)
        .Build();

    [OneTimeTearDown]
    public void StopTracing() => _tracing?.Dispose();

    [Test]
    public async Task Should_carry_a_once_job_from_its_publisher_to_its_handler_in_one_trace()
    {
        var job = Job(Once(Now.AddSeconds(1)), TracedJobHandler.JobType);
        var trace = await ScheduleInSpanAsync(job);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the run to succeed");

        var fire = (await _spans.WaitFor(Fire(job.JobId), 1, SpanWait, "the fire")).Single();
        var attempt = (await _spans.WaitFor(Attempt(job.JobId), 1, SpanWait, "the attempt")).Single();
        var handler = (await _spans.WaitFor(s => s.Source == TracedJobHandler.Source && Tag(s, "test.run.id") == succeeded.RunId.ToString(), 1,
            SpanWait, "the handler's own span")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(fire.TraceId, Is.EqualTo(trace), "the fire continues the ScheduleJob's trace");
            Assert.That(fire.Links, Is.Empty, "a Once fire has a parent, not a link");
            Assert.That(Tag(fire, PlatformAttributes.FireKind), Is.EqualTo("OnTime"));
            Assert.That(Tag(fire, PlatformAttributes.JobVersion), Is.EqualTo("1"));
            Assert.That(Tag(fire, PlatformAttributes.ScheduledFor), Is.EqualTo(succeeded.ScheduledFor.UtcDateTime.ToString("O")));
            Assert.That(attempt.TraceId, Is.EqualTo(trace), "the attempt belongs to the same trace");
            Assert.That(Ancestors(attempt), Does.Contain(fire.SpanId), "the attempt descends from the fire");
            Assert.That(Parent(attempt)?.Source.Name, Is.EqualTo(PlatformTelemetry.MassTransit), "the attempt's parent is its delivery's consume span");
            Assert.That(Tag(attempt, PlatformAttributes.RunId), Is.EqualTo(succeeded.RunId.ToString()));
            Assert.That(Tag(attempt, PlatformAttributes.JobType), Is.EqualTo(TracedJobHandler.JobType));
            Assert.That(Tag(attempt, PlatformAttributes.RunAttempt), Is.EqualTo("1"));
            Assert.That(Tag(attempt, PlatformAttributes.Outcome), Is.EqualTo("succeeded"));
            Assert.That(attempt.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(handler.ParentSpanId, Is.EqualTo(attempt.SpanId), "the handler's span nests in the attempt");
        });

        var line = (await _logs.WaitFor(r => r.FormattedMessage?.Contains(succeeded.RunId.ToString(), StringComparison.Ordinal) == true
            && r.CategoryName == typeof(TracedJobHandler).FullName, 1, SpanWait, "the handler's log line")).Single();
        var scope = Scope(line);
        Assert.Multiple(() =>
        {
            Assert.That(line.TraceId, Is.EqualTo(trace), "the log line names its trace");
            Assert.That(line.SpanId, Is.EqualTo(handler.SpanId), "and the span it was written in");
            Assert.That(scope.GetValueOrDefault(PlatformAttributes.JobId), Is.EqualTo(job.JobId.ToString()));
            Assert.That(scope.GetValueOrDefault(PlatformAttributes.RunId), Is.EqualTo(succeeded.RunId.ToString()));
            Assert.That(scope.GetValueOrDefault(PlatformAttributes.JobType), Is.EqualTo(TracedJobHandler.JobType));
            Assert.That(scope.GetValueOrDefault(PlatformAttributes.RunAttempt), Is.EqualTo("1"));
        });
        // The trace as captured (docs/observability.md shows one).
        await _spans.WaitFor(s => s.TraceId == trace && s.DisplayName.Contains("JobCompleted", StringComparison.Ordinal), 1, SpanWait, "the JobCompleted send");
        PrintTree(trace);

        // The state machines' transitions, each a span in the same trace with the instance's ids and states.
        var transitions = _spans.Snapshot().Where(s => s.TraceId == trace && s.Source.Name == "Platform.EntityFrameworkCore"
            && s.DisplayName.Contains("StateMachine", StringComparison.Ordinal)).ToDictionary(s => s.DisplayName);
        Assert.Multiple(() =>
        {
            Assert.That(transitions.Keys, Is.SupersetOf(new[]
            {
                "JobStateMachine Defined", "JobStateMachine OccurrenceDue", "RunStateMachine Requested", "RunStateMachine RunSucceeded",
                "JobStateMachine RunFinished",
            }));
            Assert.That(Tag(transitions["JobStateMachine Defined"], "platform.state.to"), Is.EqualTo("Active"));
            Assert.That(Tag(transitions["RunStateMachine Requested"], PlatformAttributes.RunId), Is.EqualTo(succeeded.RunId.ToString()));
            Assert.That(Tag(transitions["RunStateMachine RunSucceeded"], "platform.state.from"), Is.EqualTo("Queued"));
            Assert.That(Tag(transitions["RunStateMachine RunSucceeded"], "platform.state.to"), Is.EqualTo("Succeeded"));
            Assert.That(Tag(transitions["JobStateMachine RunFinished"], "platform.state.to"), Is.EqualTo("Completed"));
            Assert.That(Ancestors(fire), Does.Contain(transitions["JobStateMachine Defined"].SpanId), "the fire continues the definition");
        });
    }

    [Test]
    public async Task Should_start_each_recurring_fire_in_its_own_trace_linked_to_the_scheduling_one()
    {
        var job = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 2));
        var trace = await ScheduleInSpanAsync(job);
        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "both runs");

        var fires = await _spans.WaitFor(Fire(job.JobId), 2, SpanWait, "two fires");
        var attempts = await _spans.WaitFor(Attempt(job.JobId), 2, SpanWait, "two attempts");
        Assert.Multiple(() =>
        {
            Assert.That(fires, Has.Count.EqualTo(2), "fires");
            Assert.That(fires.Select(f => f.TraceId).Distinct().Count(), Is.EqualTo(2), "each fire starts a trace of its own");
            foreach (var fire in fires)
            {
                Assert.That(fire.TraceId, Is.Not.EqualTo(trace));
                Assert.That(fire.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "a recurring fire is a root");
                Assert.That(fire.Links.Select(l => l.Context.TraceId), Is.EqualTo(new[] { trace }), "linked to the ScheduleJob's trace");
            }

            Assert.That(attempts.Select(a => a.TraceId), Is.EquivalentTo(fires.Select(f => f.TraceId)), "each attempt is in its fire's trace");
            Assert.That(attempts.Select(a => Tag(a, PlatformAttributes.RunId)).Distinct().Count(), Is.EqualTo(2), "two runs");
        });
    }

    [Test]
    public async Task Should_show_each_attempt_of_a_retried_run_as_a_span_with_the_retry_as_an_event()
    {
        var job = Job(Once(Now), "platform.fail", new { failTimes = 1 }) with
        {
            Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), Jitter = false },
        };
        var trace = await ScheduleInSpanAsync(job);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the second attempt to succeed");

        var attempts = (await _spans.WaitFor(Attempt(job.JobId), 2, SpanWait, "two attempts")).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(attempts, Has.Count.EqualTo(2), "one span per attempt");
            Assert.That(attempts.Select(a => Tag(a, PlatformAttributes.RunAttempt)), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(attempts.Select(a => Tag(a, PlatformAttributes.RunId)), Is.All.EqualTo(succeeded.RunId.ToString()));
            Assert.That(attempts.Select(a => a.TraceId), Is.All.EqualTo(trace), "the retry stays in the run's trace");
            Assert.That(attempts[0].Status, Is.EqualTo(ActivityStatusCode.Error), "the failed attempt");
            Assert.That(Tag(attempts[0], PlatformAttributes.Outcome), Is.EqualTo("failed"));
            Assert.That(attempts[0].Events.Select(e => e.Name), Does.Contain(PlatformAttributes.RetryScheduledEvent).And.Contain("exception"));
            Assert.That(Ancestors(attempts[1]), Does.Contain(attempts[0].SpanId), "the retry was scheduled from inside the first attempt");
            Assert.That(Tag(attempts[1], PlatformAttributes.Outcome), Is.EqualTo("succeeded"));
        });
    }

    [Test]
    public async Task Should_record_an_sla_violation_as_an_event_in_the_runs_trace()
    {
        var job = Job(Once(Now), "platform.sleep", Sleep(2000)) with { Sla = new SlaPolicy { MaxRunDuration = TimeSpan.FromMilliseconds(500) } };
        var trace = await ScheduleInSpanAsync(job);
        var violated = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == job.JobId, Wait, "RunTooLong");

        var marked = await _spans.WaitFor(s => s.Events.Any(e => e.Name == PlatformAttributes.SlaViolatedEvent
            && e.Tags.Any(t => t.Key == PlatformAttributes.JobId && (string?)t.Value == job.JobId.ToString())), 1, SpanWait, "the SLA event");
        var sla = marked[0].Events.Single(e => e.Name == PlatformAttributes.SlaViolatedEvent);
        Assert.Multiple(() =>
        {
            Assert.That(marked[0].TraceId, Is.EqualTo(trace), "in the Once job's trace");
            Assert.That(sla.Tags.Single(t => t.Key == PlatformAttributes.SlaKind).Value, Is.EqualTo(violated.Kind.ToString()));
            Assert.That(sla.Tags.Single(t => t.Key == PlatformAttributes.RunId).Value, Is.EqualTo(violated.RunId.ToString()));
        });
    }

    /// <summary>Publishes the job inside a publisher's span, as a traced service would, and returns that trace.</summary>
    async Task<ActivityTraceId> ScheduleInSpanAsync(ScheduleJob job)
    {
        using var span = Publisher.StartActivity("schedule report");
        Assert.That(span, Is.Not.Null, "the publisher's span is recorded");
        await ScheduleAsync(job);
        return span!.TraceId;
    }

    static Func<Activity, bool> Fire(Guid jobId) => s => s.DisplayName == "trigger fire" && Tag(s, PlatformAttributes.JobId) == jobId.ToString();

    static Func<Activity, bool> Attempt(Guid jobId) => s => s.DisplayName == "run attempt" && Tag(s, PlatformAttributes.JobId) == jobId.ToString();

    static string? Tag(Activity span, string name) => span.TagObjects.FirstOrDefault(t => t.Key == name).Value switch
    {
        null => null,
        IFormattable value => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var value => value.ToString(),
    };

    void PrintTree(ActivityTraceId trace)
    {
        var spans = _spans.Snapshot().Where(s => s.TraceId == trace).OrderBy(s => s.StartTimeUtc).ToList();
        var start = spans[0].StartTimeUtc;
        void Print(Activity span, int depth)
        {
            var tags = string.Join(" ", span.TagObjects.Where(t => t.Key.StartsWith("platform.", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value}"));
            TestContext.Out.WriteLine($"{(span.StartTimeUtc - start).TotalMilliseconds,8:0.0} ms {new string(' ', depth * 2)}{span.DisplayName} [{span.Source.Name}] {tags}");
            foreach (var child in spans.Where(s => s.ParentSpanId == span.SpanId))
                Print(child, depth + 1);
        }

        foreach (var root in spans.Where(s => spans.All(p => p.SpanId != s.ParentSpanId)))
            Print(root, 0);
    }

    /// <summary>The scope properties a log record carries, as text.</summary>
    static Dictionary<string, string?> Scope(LogRecord record)
    {
        var properties = new Dictionary<string, string?>();
        record.ForEachScope(static (scope, properties) =>
        {
            foreach (var (key, value) in scope)
                properties[key] = value?.ToString();
        }, properties);
        return properties;
    }

    Activity? Parent(Activity span) => _spans.Snapshot().FirstOrDefault(s => s.TraceId == span.TraceId && s.SpanId == span.ParentSpanId);

    /// <summary>The span ids from <paramref name="span"/>'s parent up to the root, as far as recorded spans reach.</summary>
    List<ActivitySpanId> Ancestors(Activity span)
    {
        var ancestors = new List<ActivitySpanId>();
        for (var parent = Parent(span); parent is not null; parent = Parent(parent))
            ancestors.Add(parent.SpanId);
        return ancestors;
    }
}

/// <summary><c>test.traced</c>: does its work in a span of its own and logs, as a user's handler would.</summary>
public sealed class TracedJobHandler(ILogger<TracedJobHandler> logger) : IJobHandler
{
    public const string JobType = "test.traced";

    public static readonly ActivitySource Source = new("Platform.Tests.Handler");

    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        using var span = Source.StartActivity("render report");
        span?.SetTag("test.run.id", context.RunId.ToString());
        logger.LogInformation("Rendering the report of run {RunId}", context.RunId);
        return Task.CompletedTask;
    }
}
