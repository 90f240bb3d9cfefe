namespace Platform.Worker.Ledger;

/// <summary>The worker's tables in schema <c>worker</c>, created on start when missing.</summary>
internal static class WorkerSchema
{
    /// <summary>Serialises concurrent creation by several worker processes starting together.</summary>
    public const long CreateLockKey = 0x706c_6174_776b_7231;

    public const string Create = """
        create schema if not exists worker;

        create table if not exists worker.completed_runs (
            run_id uuid not null,
            replay integer not null,
            attempt integer not null,
            job_id uuid not null,
            job_type text not null,
            outcome text not null,
            worker text not null,
            scheduled_for timestamptz not null,
            fired_at timestamptz null,
            started_at timestamptz not null,
            completed_at timestamptz not null,
            error text null,
            timed_out boolean not null default false,
            next_attempt_at timestamptz null,
            published boolean not null default false,
            primary key (run_id, replay, attempt)
        );
        create index if not exists completed_runs_completed_at on worker.completed_runs (completed_at);

        create table if not exists worker.run_leases (
            run_id uuid not null,
            replay integer not null,
            attempt integer not null,
            worker text not null,
            claimed_at timestamptz not null,
            heartbeat_at timestamptz not null,
            primary key (run_id, replay, attempt)
        );

        create table if not exists worker.dead_lettered_runs (
            run_id uuid primary key,
            replay integer not null,
            job_id uuid not null,
            job_type text not null,
            run jsonb not null,
            error text not null,
            dead_lettered_at timestamptz not null,
            replayed_at timestamptz null,
            replayed_as integer null,
            replay_reason text null
        );
        create index if not exists dead_lettered_runs_dead_lettered_at on worker.dead_lettered_runs (dead_lettered_at);

        create table if not exists worker.cancelled_runs (
            run_id uuid primary key,
            job_id uuid not null,
            reason text not null,
            cancelled_at timestamptz not null
        );
        create index if not exists cancelled_runs_cancelled_at on worker.cancelled_runs (cancelled_at);
        """;
}
