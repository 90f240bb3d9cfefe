using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// Outbox rows a consumer's transaction produced, written in two statements (outboxes, then messages, one round trip)
/// when its changes are saved instead of as tracked entities: a transaction that consumed a hundred messages would
/// otherwise have EF Core track, diff and insert every outbox row one by one.
/// </summary>
internal sealed class OutboxRows
{
    readonly Lock _lock = new();
    readonly List<OutboxState> _outboxes = [];
    readonly List<OutboxMessage> _messages = [];

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
                return _messages.Count == 0;
        }
    }

    public void Add(OutboxState outbox)
    {
        lock (_lock)
            _outboxes.Add(outbox);
    }

    public void Add(OutboxMessage message)
    {
        lock (_lock)
            _messages.Add(message);
    }

    /// <summary>Whether <see cref="WriteAsync"/> wrote messages: the delivery service has work once they commit.</summary>
    public bool Written { get; private set; }

    /// <summary>Inserts the rows added since the last write in <paramref name="db"/>'s current transaction.</summary>
    public async Task WriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        OutboxState[] outboxes;
        OutboxMessage[] messages;
        lock (_lock)
        {
            outboxes = [.. _outboxes];
            messages = [.. _messages];
            _outboxes.Clear();
            _messages.Clear();
        }

        if (outboxes.Length == 0 && messages.Length == 0)
            return;
        var tables = OutboxTables.For(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        if (outboxes.Length > 0)
        {
            batch.BatchCommands.Add(Command(tables.InsertOutboxes,
                Values(outboxes.Select(o => o.OutboxId)), Instants(outboxes.Select(o => (DateTimeOffset?)o.Created)),
                Values(outboxes.Select(o => o.InboxMessageId)), Values(outboxes.Select(o => o.InboxConsumerId))));
        }

        if (messages.Length > 0)
        {
            batch.BatchCommands.Add(Command(tables.InsertOutboxMessages,
                Values(messages.Select(m => m.OutboxId)), Values(messages.Select(m => m.MessageId)), Values(messages.Select(m => m.ConversationId)),
                Values(messages.Select(m => m.CorrelationId)), Values(messages.Select(m => m.InitiatorId)), Values(messages.Select(m => m.RequestId)),
                Texts(messages.Select(m => m.SourceAddress?.ToString())), Texts(messages.Select(m => m.DestinationAddress.ToString())),
                Texts(messages.Select(m => m.ResponseAddress?.ToString())), Texts(messages.Select(m => m.FaultAddress?.ToString())),
                Instants(messages.Select(m => (DateTimeOffset?)m.SentTime)), Instants(messages.Select(m => m.ExpirationTime)),
                Texts(messages.Select(m => m.ContentType)), Texts(messages.Select(m => m.MessageType)), Texts(messages.Select(m => m.Body)),
                Texts(messages.Select(m => m.Headers)), Texts(messages.Select(m => m.Properties))));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        Written |= messages.Length > 0;
    }

    static NpgsqlParameter Values(IEnumerable<Guid> ids) => new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    static NpgsqlParameter Values(IEnumerable<Guid?> ids) =>
        new() { Value = ids.Select(i => i is { } id ? (object)id : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    static NpgsqlParameter Texts(IEnumerable<string?> texts) =>
        new() { Value = texts.Select(t => (object?)t ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    static NpgsqlParameter Instants(IEnumerable<DateTimeOffset?> instants) =>
        new()
        {
            Value = instants.Select(i => i is { } instant ? (object)instant.UtcDateTime : DBNull.Value).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        };

    static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
