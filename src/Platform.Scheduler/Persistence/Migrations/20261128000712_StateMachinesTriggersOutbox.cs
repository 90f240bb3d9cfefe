using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StateMachinesTriggersOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jobs",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "runs",
                schema: "scheduler");

            migrationBuilder.CreateTable(
                name: "fires",
                schema: "scheduler",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fires", x => new { x.job_id, x.scheduled_for });
                });

            migrationBuilder.CreateTable(
                name: "inbox_state",
                schema: "scheduler",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumed = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    receive_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_state", x => new { x.message_id, x.consumer_id });
                });

            migrationBuilder.CreateTable(
                name: "job_state",
                schema: "scheduler",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    definition_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    trigger_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    event_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    event_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    depends_on = table.Column<string>(type: "jsonb", nullable: true),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    trigger_exhausted = table.Column<bool>(type: "boolean", nullable: false),
                    occurrences_received = table.Column<int>(type: "integer", nullable: false),
                    occurrences_expected = table.Column<int>(type: "integer", nullable: true),
                    event_runs = table.Column<int>(type: "integer", nullable: false),
                    active_runs = table.Column<int>(type: "integer", nullable: false),
                    queued_occurrences = table.Column<string>(type: "jsonb", nullable: false),
                    last_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    last_run_outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    last_run_scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_run_finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_state", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_state",
                schema: "scheduler",
                columns: table => new
                {
                    outbox_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    inbox_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    inbox_consumer_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_state", x => x.outbox_id);
                });

            migrationBuilder.CreateTable(
                name: "run_state",
                schema: "scheduler",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_version = table.Column<int>(type: "integer", nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    cause = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    event_payload = table.Column<string>(type: "jsonb", nullable: true),
                    depends_on = table.Column<string>(type: "jsonb", nullable: true),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    replay = table.Column<int>(type: "integer", nullable: false),
                    progress = table.Column<int>(type: "integer", nullable: true),
                    progress_message = table.Column<string>(type: "text", nullable: true),
                    worker = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    timed_out = table.Column<bool>(type: "boolean", nullable: false),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    max_start_delay = table.Column<TimeSpan>(type: "interval", nullable: true),
                    max_run_duration = table.Column<TimeSpan>(type: "interval", nullable: true),
                    complete_by = table.Column<TimeSpan>(type: "interval", nullable: true),
                    dependency_check = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    start_deadline_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    duration_deadline_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    completion_deadline_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_state", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "triggers",
                schema: "scheduler",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    trigger = table.Column<string>(type: "jsonb", nullable: false),
                    anchor = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    misfire = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    max_runs = table.Column<int>(type: "integer", nullable: true),
                    fire_count = table.Column<int>(type: "integer", nullable: false),
                    next_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claim_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triggers", x => x.job_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_message",
                schema: "scheduler",
                columns: table => new
                {
                    sequence_number = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    outbox_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    initiator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    request_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source_address = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    destination_address = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    response_address = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    fault_address = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    sent_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expiration_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    content_type = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    headers = table.Column<string>(type: "text", nullable: true),
                    properties = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_message", x => x.sequence_number);
                    table.ForeignKey(
                        name: "fk_outbox_message_outbox_state_outbox_id",
                        column: x => x.outbox_id,
                        principalSchema: "scheduler",
                        principalTable: "outbox_state",
                        principalColumn: "outbox_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_fires_fired_at",
                schema: "scheduler",
                table: "fires",
                column: "fired_at");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_state_consumed",
                schema: "scheduler",
                table: "inbox_state",
                column: "consumed");

            migrationBuilder.CreateIndex(
                name: "ix_job_state_current_state",
                schema: "scheduler",
                table: "job_state",
                column: "current_state");

            migrationBuilder.CreateIndex(
                name: "ix_job_state_trigger_kind_event_type",
                schema: "scheduler",
                table: "job_state",
                columns: new[] { "trigger_kind", "event_type" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_message_outbox_id_sequence_number",
                schema: "scheduler",
                table: "outbox_message",
                columns: new[] { "outbox_id", "sequence_number" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_state_created",
                schema: "scheduler",
                table: "outbox_state",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "ix_run_state_current_state_scheduled_for",
                schema: "scheduler",
                table: "run_state",
                columns: new[] { "current_state", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix_run_state_finished_at",
                schema: "scheduler",
                table: "run_state",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_run_state_job_id_scheduled_for",
                schema: "scheduler",
                table: "run_state",
                columns: new[] { "job_id", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix_triggers_due",
                schema: "scheduler",
                table: "triggers",
                column: "next_fire_at",
                filter: "state = 'Scheduled' and next_fire_at is not null");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fires",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "inbox_state",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "job_state",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "outbox_message",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "run_state",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "triggers",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "outbox_state",
                schema: "scheduler");

            migrationBuilder.CreateTable(
                name: "jobs",
                schema: "scheduler",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    definition_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    schedule_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.job_id);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                schema: "scheduler",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    job_version = table.Column<int>(type: "integer", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    worker = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_runs", x => x.run_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status",
                schema: "scheduler",
                table: "jobs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_runs_job_id_scheduled_for",
                schema: "scheduler",
                table: "runs",
                columns: new[] { "job_id", "scheduled_for" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_runs_status_scheduled_for",
                schema: "scheduler",
                table: "runs",
                columns: new[] { "status", "scheduled_for" });
        }
    }
}
