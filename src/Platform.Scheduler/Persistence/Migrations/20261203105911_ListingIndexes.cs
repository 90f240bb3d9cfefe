using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ListingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The API's job listings at a million jobs (docs/api.md): newest first, by type, owner or state, by tag
            // (containment in the definition), by text (ILIKE on type, owner or id: trigram indexes) and by next run.
            // Written in SQL: EF Core's model has no words for operator classes on expressions.
            migrationBuilder.Sql("""
                create extension if not exists pg_trgm;
                create index ix_job_state_listing on scheduler.job_state (created_at desc, correlation_id desc);
                create index ix_job_state_listing_job_type on scheduler.job_state (job_type, created_at desc, correlation_id desc);
                create index ix_job_state_listing_owner on scheduler.job_state (owner, created_at desc, correlation_id desc);
                create index ix_job_state_listing_state on scheduler.job_state (current_state, created_at desc, correlation_id desc);
                create index ix_job_state_definition on scheduler.job_state using gin (definition jsonb_path_ops);
                create index ix_job_state_job_type_text on scheduler.job_state using gin (job_type gin_trgm_ops);
                create index ix_job_state_owner_text on scheduler.job_state using gin (owner gin_trgm_ops);
                create index ix_job_state_id_text on scheduler.job_state using gin ((correlation_id::text) gin_trgm_ops);
                create index ix_triggers_next_fire_at on scheduler.triggers (next_fire_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                drop index scheduler.ix_job_state_listing;
                drop index scheduler.ix_job_state_listing_job_type;
                drop index scheduler.ix_job_state_listing_owner;
                drop index scheduler.ix_job_state_listing_state;
                drop index scheduler.ix_job_state_definition;
                drop index scheduler.ix_job_state_job_type_text;
                drop index scheduler.ix_job_state_owner_text;
                drop index scheduler.ix_job_state_id_text;
                drop index scheduler.ix_triggers_next_fire_at;
                """);
        }
    }
}
