using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Triggers;

/// <summary>Listens on <see cref="TriggerStore.NotificationChannel"/> and calls <paramref name="notified"/> on each
/// notification (a trigger became due within the lookahead), so the engine claims it without waiting for its poll.
/// Reconnects after a failure; the poll covers the gap.</summary>
internal sealed partial class TriggerNotifications<TDbContext>(IServiceScopeFactory scopes, TimeProvider clock, Action notified, ILogger logger)
    where TDbContext : DbContext
{
    public async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                string connectionString;
                await using (var scope = scopes.CreateAsyncScope())
                    connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()!;
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => notified();
                await using (var listen = new NpgsqlCommand($"listen {TriggerStore.NotificationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for trigger changes failed; polling only until reconnected")]
    partial void LogListenFailed(Exception exception);
}
