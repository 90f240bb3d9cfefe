using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "scheduler");

            migrationBuilder.CreateTable(
                name: "audit",
                schema: "scheduler",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    command = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sender = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted = table.Column<bool>(type: "boolean", nullable: false),
                    outcome = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                schema: "scheduler",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    definition_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    schedule_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_version = table.Column<int>(type: "integer", nullable: false),
                    job_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    worker = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_runs", x => x.run_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_job_id_received_at",
                schema: "scheduler",
                table: "audit",
                columns: new[] { "job_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_received_at",
                schema: "scheduler",
                table: "audit",
                column: "received_at");

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "jobs",
                schema: "scheduler");

            migrationBuilder.DropTable(
                name: "runs",
                schema: "scheduler");
        }
    }
}
