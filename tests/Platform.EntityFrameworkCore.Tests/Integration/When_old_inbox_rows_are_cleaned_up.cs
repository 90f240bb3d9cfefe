using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>The inbox cleanup service removes rows older than the duplicate-detection window and keeps the rest.</summary>
[TestFixture]
public sealed class When_old_inbox_rows_are_cleaned_up : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Should_remove_rows_older_than_the_window_and_keep_newer_ones()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        await Sql.Execute(ConnectionString, """
            insert into eftest.inbox_state (message_id, consumer_id, consumed, receive_count)
            select gen_random_uuid(), gen_random_uuid(), now() - interval '2 hours', 1 from generate_series(1, 5)
            union all
            select gen_random_uuid(), gen_random_uuid(), now() - interval '10 minutes', 1 from generate_series(1, 3)
            """);

        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:DuplicateDetectionWindow"] = "01:00:00";
        configuration["Platform:Outbox:InboxCleanupInterval"] = "00:00:00.200";
        configuration["Platform:Outbox:InboxCleanupBatchSize"] = "2";
        IHost? host = null;
        try
        {
            host = await TestHosts.StartAsync(configuration, ConnectionString, x => x.AddPlatformEntityFrameworkOutbox<TestDbContext>());
            await Eventually(async () => await Rows("consumed < now() - interval '1 hour'") == 0, Wait, "rows older than the window to be removed");
            Assert.That(await Rows("consumed >= now() - interval '1 hour'"), Is.EqualTo(3), "rows inside the window");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    Task<long> Rows(string condition) => Sql.Scalar<long>(ConnectionString, $"select count(*) from eftest.inbox_state where {condition}");
}
