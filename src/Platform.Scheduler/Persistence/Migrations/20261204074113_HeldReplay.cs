using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HeldReplay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "held_replay",
                schema: "scheduler",
                table: "run_state",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "held_replay",
                schema: "scheduler",
                table: "run_state");
        }
    }
}
