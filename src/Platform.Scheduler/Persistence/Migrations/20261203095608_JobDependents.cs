using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JobDependents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "has_dependents",
                schema: "scheduler",
                table: "job_state",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Jobs that other jobs already depend on.
            migrationBuilder.Sql("""
                update scheduler.job_state set has_dependents = true
                where correlation_id in (select distinct (jsonb_array_elements_text(depends_on))::uuid from scheduler.job_state where depends_on is not null)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "has_dependents",
                schema: "scheduler",
                table: "job_state");
        }
    }
}
