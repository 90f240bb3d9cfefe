using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;
using Platform.Testing.Api;

namespace Platform.Cli.Tests;

/// <summary>The CLI's entry point against the real API in memory (its own virtual host and database, seeded as the
/// scheduler writes its tables: two jobs, two runs, two audit records). No scheduler runs: commands are observed on the
/// bus, as the scheduler would receive them.</summary>
[TestFixture]
public sealed class When_operators_use_the_cli_against_the_api : ApiFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    static readonly DateTimeOffset T = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Billing = Guid.Parse("10000000-0000-0000-0000-000000000001");
    static readonly Guid Reports = Guid.Parse("10000000-0000-0000-0000-000000000002");
    static readonly Guid Succeeded = Guid.Parse("20000000-0000-0000-0000-000000000001");
    static readonly Guid DeadLettered = Guid.Parse("20000000-0000-0000-0000-000000000002");

    CommandProbe<CancelJob>? _cancels;
    CommandProbe<ScheduleJob>? _schedules;

    [OneTimeSetUp]
    public async Task SeedSchedulerDatabaseAndStartProbes()
    {
        await MigrateSchedulerDatabaseAsync();
        await using (var db = SchedulerDb())
        {
            db.Jobs.AddRange(Job(Billing, "Active", "billing.invoice", "billing", T.AddDays(-10)), Job(Reports, "Paused", "ops.report", "ops", T.AddDays(-9)));
            db.Runs.AddRange(
                Run(Succeeded, "Succeeded", T.AddDays(-2), error: null),
                Run(DeadLettered, "DeadLettered", T.AddDays(-1), error: "boom: invoice 42 failed\n   at Billing.Invoice()"));
            db.Audit.AddRange(
                SchedulerRows.Audit(T.AddDays(-10), "ScheduleJob", Billing, "api:alice", accepted: true, "\"created\""),
                SchedulerRows.Audit(T.AddDays(-5), "ScheduleJob", Billing, "app:legacy", accepted: false, """[{"field":"priority","message":"must be 0-9"}]"""));
            await db.SaveChangesAsync();
        }

        _cancels = new CommandProbe<CancelJob>(Servers, VirtualHost);
        await _cancels.StartAsync();
        _schedules = new CommandProbe<ScheduleJob>(Servers, VirtualHost);
        await _schedules.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopProbes()
    {
        if (_cancels is not null)
            await _cancels.DisposeAsync();
        if (_schedules is not null)
            await _schedules.DisposeAsync();
    }

    [Test]
    public async Task Should_list_the_seeded_jobs_in_a_table_newest_first_and_pass_the_filters_on()
    {
        var result = await RunCli("jobs");
        var filtered = await RunCli("jobs", "--state", "paused", "--type", "ops.report");

        var lines = CliRunner.Lines(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(lines[0], Does.StartWith("JOB ID").And.Contain("NEXT RUN (UTC)"));
            Assert.That(lines.Skip(1).Select(l => l.Split("  ")[0]), Is.EqualTo(new[] { Reports.ToString(), Billing.ToString() }));
            Assert.That(lines[1], Does.Contain("ops.report").And.Contain("Paused"));
            Assert.That(lines[2], Does.Contain("billing.invoice").And.Contain("Active").And.Contain("Succeeded"));
            Assert.That(CliRunner.Lines(filtered.Output).Skip(1).Select(l => l.Split("  ")[0]), Is.EqualTo(new[] { Reports.ToString() }), filtered.ToString());
        });
    }

    [Test]
    public async Task Should_print_the_raw_json_with_json_and_say_when_a_table_is_cut_by_the_limit()
    {
        var json = await RunCli("jobs", "--limit", "1", "--json");
        var table = await RunCli("jobs", "--limit", "1");

        using var page = JsonDocument.Parse(json.Output);
        Assert.Multiple(() =>
        {
            Assert.That(page.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(1), json.ToString());
            Assert.That(page.RootElement.GetProperty("continuation").GetString(), Is.Not.Empty);
            Assert.That(CliRunner.Lines(table.Output)[^1], Does.StartWith("(more: only the first 1 are shown"));
        });
    }

    [Test]
    public async Task Should_show_a_job_in_detail_with_its_definition()
    {
        var result = await RunCli("job", Billing.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(result.Output, Does.Contain("State:").And.Contain("Active"));
            Assert.That(result.Output, Does.Contain("Last run:").And.Contain(Succeeded.ToString()));
            Assert.That(result.Output, Does.Contain("Created:").And.Contain("2030-05-22T12:00:00Z"));
            Assert.That(result.Output, Does.Contain("Definition:").And.Contain("\"jobType\": \"billing.invoice\""));
        });
    }

    [Test]
    public async Task Should_list_the_runs_of_a_job_with_times_in_utc()
    {
        var result = await RunCli("runs", "--job", Billing.ToString(), "--from", "2030-05-31T00:00:00Z");

        var lines = CliRunner.Lines(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(lines, Has.Length.EqualTo(2), "the header and the one run scheduled since the 31st");
            Assert.That(lines[1], Does.StartWith(DeadLettered.ToString()).And.Contain("DeadLettered").And.Contain("2030-05-31T12:00:00Z"));
        });
    }

    [Test]
    public async Task Should_show_a_run_with_its_error()
    {
        var result = await RunCli("run", DeadLettered.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(result.Output, Does.Contain("State:").And.Contain("DeadLettered"));
            Assert.That(result.Output, Does.Contain("Error:").And.Contain("boom: invoice 42 failed"));
        });
    }

    [Test]
    public async Task Should_exit_4_with_not_found_for_an_unknown_run()
    {
        var unknown = Guid.NewGuid();

        var result = await RunCli("run", unknown.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.NotFound), result.ToString());
            Assert.That(result.Error, Is.EqualTo($"error: Unknown run: No run {unknown} is known (or it was deleted by retention). (HTTP 404 Not Found)\n"));
            Assert.That(result.Error, Does.Contain("not found").IgnoreCase);
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task Should_exit_1_naming_each_bad_value_the_api_refused()
    {
        var result = await RunCli("runs", "--from", "yesterday", "--state", "Sleeping");

        var lines = CliRunner.Lines(result.Error);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.ApiError), result.ToString());
            Assert.That(lines[0], Is.EqualTo("error: The run history request is invalid (HTTP 400 Bad Request)"));
            Assert.That(lines.Skip(1), Has.Some.StartsWith("  from: must be an ISO 8601 instant"));
            Assert.That(lines.Skip(1), Has.Some.StartsWith("  state: 'Sleeping' is not a run state"));
        });
    }

    [Test]
    public async Task Should_list_the_audit_trail_of_a_job_with_the_reasons_of_a_rejection()
    {
        var result = await RunCli("audit", "--job", Billing.ToString());

        var lines = CliRunner.Lines(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[1], Does.StartWith("2030-05-27T12:00:00Z").And.Contain("app:legacy").And.Contain("false").And.EndWith("priority: must be 0-9"));
            Assert.That(lines[2], Does.Contain("ScheduleJob").And.Contain("api:alice").And.EndWith("created"));
        });
    }

    [Test]
    public async Task Should_publish_a_cancel_on_behalf_of_the_user_with_its_reason()
    {
        var result = await RunCli("cancel", Billing.ToString(), "--user", "carol", "--reason", "retired");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(result.Output, Does.StartWith($"accepted: CancelJob for job {Billing}, sent as api:carol"));
        });
        await Eventually(() => Task.FromResult(_cancels!.Received.Any(c => c.Message.JobId == Billing)), Wait, "the CancelJob on the bus");
        var (cancel, sender) = _cancels!.Received.First(c => c.Message.JobId == Billing);
        Assert.Multiple(() =>
        {
            Assert.That(cancel.Reason, Is.EqualTo("retired"));
            Assert.That(sender, Is.EqualTo("api:carol"));
        });
    }

    [Test]
    public async Task Should_schedule_a_job_read_from_standard_input_as_the_user_of_the_environment()
    {
        var jobId = Guid.NewGuid();
        var job = $$"""{ "jobId": "{{jobId}}", "jobType": "ops.cli", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } }""";

        var result = await RunCli(new Dictionary<string, string> { [Cli.UserVariable] = "dave" }, job, "schedule", "-");

        Assert.That(result.Output, Does.StartWith($"accepted: ScheduleJob for job {jobId}, sent as api:dave"), result.ToString());
        await Eventually(() => Task.FromResult(_schedules!.Received.Any(s => s.Message.JobId == jobId)), Wait, "the ScheduleJob on the bus");
        Assert.That(_schedules!.Received.First(s => s.Message.JobId == jobId).Message.JobType, Is.EqualTo("ops.cli"));
    }

    [Test]
    public async Task Should_exit_6_with_conflict_when_the_api_refuses_to_replay_a_run_that_succeeded()
    {
        var result = await RunCli("replay", Succeeded.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Conflict), result.ToString());
            Assert.That(result.Error, Does.StartWith("error: The run cannot be replayed: Only a run that is DeadLettered or TimedOut").And.Contain("(HTTP 409 Conflict)"));
        });
    }

    [Test]
    public async Task Should_preview_cron_occurrences_in_utc_and_in_the_zone()
    {
        var result = await RunCli("cron", "next", "0 9 * * *", "--zone", "Europe/London", "--count", "3");

        var lines = CliRunner.Lines(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(lines[0], Is.EqualTo("at 09:00"), "the expression in words");
            Assert.That(lines[1], Does.StartWith("UTC").And.EndWith("LOCAL (Europe/London)"));
            Assert.That(lines.Skip(2), Has.Exactly(3).Items);
            Assert.That(lines.Skip(2), Has.All.Match(@"^\d{4}-\d{2}-\d{2}T0[89]:00:00Z  \d{4}-\d{2}-\d{2}T09:00:00\+0[01]:00$"));
        });
    }

    [Test]
    public async Task Should_filter_jobs_by_owner_and_page_through_all_of_them()
    {
        var owned = await RunCli("jobs", "--owner", "ops");
        var all = await RunCli("jobs", "--limit", "1", "--all");
        var allJson = await RunCli("jobs", "--limit", "1", "--all", "--json");

        using var merged = JsonDocument.Parse(allJson.Output);
        Assert.Multiple(() =>
        {
            Assert.That(CliRunner.Lines(owned.Output).Skip(1).Select(l => l.Split("  ")[0]), Is.EqualTo(new[] { Reports.ToString() }), owned.ToString());
            Assert.That(CliRunner.Lines(all.Output).Skip(1).Select(l => l.Split("  ")[0]), Is.EqualTo(new[] { Reports.ToString(), Billing.ToString() }),
                "two pages of one, and no '(more' note");
            Assert.That(merged.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_filter_the_audit_trail_by_sender_and_outcome()
    {
        var result = await RunCli("audit", "--job-id", Billing.ToString(), "--accepted", "false", "--sender", "app:legacy", "--command", "ScheduleJob");

        var lines = CliRunner.Lines(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[1], Does.Contain("app:legacy"));
        });
    }

    [Test]
    public async Task Should_show_the_fire_log_and_exit_4_for_an_unknown_job()
    {
        var fires = await RunCli("fires", Billing.ToString(), "--kind", "Missed");
        var unknown = await RunCli("fires", Guid.NewGuid().ToString());

        Assert.Multiple(() =>
        {
            Assert.That(fires.ExitCode, Is.EqualTo(ExitCode.Ok), fires.ToString());
            Assert.That(CliRunner.Lines(fires.Output)[0], Does.StartWith("DUE (UTC)").And.Contain("KIND"));
            Assert.That(unknown.ExitCode, Is.EqualTo(ExitCode.NotFound), unknown.ToString());
        });
    }

    [Test]
    public async Task Should_group_dead_letters_and_preview_a_bulk_replay_without_sending_it()
    {
        var groups = await RunCli("dead-letters");
        var preview = await RunCli("dead-letters", "replay", "--job-type", "billing.invoice");

        Assert.Multiple(() =>
        {
            Assert.That(groups.ExitCode, Is.EqualTo(ExitCode.Ok), groups.ToString());
            Assert.That(CliRunner.Lines(groups.Output)[1], Does.StartWith("billing.invoice").And.Contain("boom: invoice <n> failed"));
            Assert.That(preview.ExitCode, Is.EqualTo(ExitCode.Ok), preview.ToString());
            Assert.That(preview.Output, Does.StartWith("preview: 1 run(s) would be replayed; add --yes").And.Contain(DeadLettered.ToString()));
        });
    }

    [Test]
    public async Task Should_refuse_a_backfill_of_a_paused_job_with_conflict_and_of_a_job_without_a_time_trigger()
    {
        var paused = await RunCli("backfill", Reports.ToString(), "--from", "2030-01-01T00:00:00Z", "--to", "2030-02-01T00:00:00Z");
        var untimed = await RunCli("backfill", Billing.ToString(), "--from", "2030-01-01T00:00:00Z", "--to", "2030-02-01T00:00:00Z");
        var missing = await RunCli("backfill", Billing.ToString(), "--from", "2030-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(paused.ExitCode, Is.EqualTo(ExitCode.Conflict), paused.ToString());
            Assert.That(paused.Error, Does.Contain("Paused"));
            Assert.That(untimed.ExitCode, Is.EqualTo(ExitCode.ApiError), untimed.ToString());
            Assert.That(untimed.Error, Does.Contain("jobId: the job has no time trigger"));
            Assert.That(missing.ExitCode, Is.EqualTo(ExitCode.Usage), "--to is required");
        });
    }

    Task<CliResult> RunCli(params string[] args) => RunCli(new Dictionary<string, string>(), "", args);

    /// <summary>Runs the CLI against this fixture's API (its address given as the environment's PLATFORM_API).</summary>
    Task<CliResult> RunCli(Dictionary<string, string> environment, string input, params string[] args)
    {
        environment[Cli.ApiVariable] = Client.BaseAddress!.ToString();
        return CliRunner.RunAsync(Client, environment, input, args);
    }

    static JobState Job(Guid id, string state, string jobType, string owner, DateTimeOffset createdAt)
    {
        var job = SchedulerRows.Job(id, state, jobType, owner, createdAt);
        job.LastRunId = id == Billing ? Succeeded : null;
        job.LastRunOutcome = id == Billing ? RunStates.Succeeded : null;
        return job;
    }

    static RunState Run(Guid runId, string state, DateTimeOffset scheduledFor, string? error)
    {
        var run = SchedulerRows.Run(runId, Billing, "billing.invoice", state, scheduledFor);
        run.FinishedAt = scheduledFor.AddSeconds(30);
        run.Error = error;
        return run;
    }
}
