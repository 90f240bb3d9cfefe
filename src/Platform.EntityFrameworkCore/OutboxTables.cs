using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// The SQL the outbox runs where LINQ has no words for it (an upsert, <c>FOR UPDATE SKIP LOCKED</c>), with table and
/// column names taken from the DbContext's model, so they follow its schema and naming. Built once per DbContext type.
/// </summary>
internal sealed class OutboxTables
{
    OutboxTables(DbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var (inbox, inboxColumn) = Table<InboxState>(db, sql);
        var (outbox, outboxColumn) = Table<OutboxState>(db, sql);

        RecordReceipt = $$"""
            insert into {{inbox}} as existing ({{inboxColumn(nameof(InboxState.MessageId))}}, {{inboxColumn(nameof(InboxState.ConsumerId))}}, {{inboxColumn(nameof(InboxState.Consumed))}}, {{inboxColumn(nameof(InboxState.ReceiveCount))}})
            values ({0}, {1}, {2}, 1)
            on conflict ({{inboxColumn(nameof(InboxState.MessageId))}}, {{inboxColumn(nameof(InboxState.ConsumerId))}})
            do update set {{inboxColumn(nameof(InboxState.ReceiveCount))}} = existing.{{inboxColumn(nameof(InboxState.ReceiveCount))}} + 1
            returning {{inboxColumn(nameof(InboxState.ReceiveCount))}} as "Value"
            """;

        RecordReceipts = $$"""
            insert into {{inbox}} as existing ({{inboxColumn(nameof(InboxState.MessageId))}}, {{inboxColumn(nameof(InboxState.ConsumerId))}}, {{inboxColumn(nameof(InboxState.Consumed))}}, {{inboxColumn(nameof(InboxState.ReceiveCount))}})
            select r.message_id, r.consumer_id, $3, r.deliveries from unnest($1::uuid[], $2::uuid[], $4::int[]) as r(message_id, consumer_id, deliveries)
            on conflict ({{inboxColumn(nameof(InboxState.MessageId))}}, {{inboxColumn(nameof(InboxState.ConsumerId))}})
            do update set {{inboxColumn(nameof(InboxState.ReceiveCount))}} = existing.{{inboxColumn(nameof(InboxState.ReceiveCount))}} + excluded.{{inboxColumn(nameof(InboxState.ReceiveCount))}}
            returning {{inboxColumn(nameof(InboxState.MessageId))}}, {{inboxColumn(nameof(InboxState.ConsumerId))}}, {{inboxColumn(nameof(InboxState.ReceiveCount))}}
            """;

        var (message, messageColumn) = Table<OutboxMessage>(db, sql);
        InsertOutboxes = $$"""
            insert into {{outbox}} ({{outboxColumn(nameof(OutboxState.OutboxId))}}, {{outboxColumn(nameof(OutboxState.Created))}}, {{outboxColumn(nameof(OutboxState.InboxMessageId))}}, {{outboxColumn(nameof(OutboxState.InboxConsumerId))}})
            select * from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[])
            """;
        string[] messageColumns =
        [
            nameof(OutboxMessage.OutboxId), nameof(OutboxMessage.MessageId), nameof(OutboxMessage.ConversationId), nameof(OutboxMessage.CorrelationId),
            nameof(OutboxMessage.InitiatorId), nameof(OutboxMessage.RequestId), nameof(OutboxMessage.SourceAddress), nameof(OutboxMessage.DestinationAddress),
            nameof(OutboxMessage.ResponseAddress), nameof(OutboxMessage.FaultAddress), nameof(OutboxMessage.SentTime), nameof(OutboxMessage.ExpirationTime),
            nameof(OutboxMessage.ContentType), nameof(OutboxMessage.MessageType), nameof(OutboxMessage.Body), nameof(OutboxMessage.Headers),
            nameof(OutboxMessage.Properties),
        ];
        // The sequence numbers follow the order of the arrays, which is the order the messages were sent in.
        InsertOutboxMessages = $$"""
            insert into {{message}} ({{string.Join(", ", messageColumns.Select(messageColumn))}})
            select {{string.Join(", ", Enumerable.Range(1, messageColumns.Length).Select(i => $"m.c{i}"))}}
            from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[],
                $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
                with ordinality as m({{string.Join(", ", Enumerable.Range(1, messageColumns.Length).Select(i => $"c{i}"))}}, n)
            order by m.n
            """;

        LockAndLoadOutboxes = $$"""
            with locked as (
                select {{outboxColumn(nameof(OutboxState.OutboxId))}} as outbox_id from {{outbox}}
                order by {{outboxColumn(nameof(OutboxState.Created))}}, {{outboxColumn(nameof(OutboxState.OutboxId))}}
                limit {0}
                for update skip locked)
            select m.* from {{message}} m
            where m.{{messageColumn(nameof(OutboxMessage.OutboxId))}} in (select outbox_id from locked)
            order by m.{{messageColumn(nameof(OutboxMessage.SequenceNumber))}}
            """;

    }

    /// <summary>Records one delivery of (message id {0}, consumer id {1}) at {2}; returns the receive count, 1 for the first.
    /// The row stays locked until the transaction ends, so a duplicate delivered concurrently waits and then sees it.</summary>
    public string RecordReceipt { get; }

    /// <summary>Records one delivery of each (message id $1[i], consumer id $2[i]) at $3, pairs distinct; returns each pair's
    /// receive count, 1 for the first. Rows stay locked until the transaction ends, like <see cref="RecordReceipt"/>'s.</summary>
    public string RecordReceipts { get; }

    /// <summary>Inserts outboxes from arrays: id $1, created $2, inbox message id $3, inbox consumer id $4.</summary>
    public string InsertOutboxes { get; }

    /// <summary>Inserts outbox messages from arrays, one per column of <see cref="OutboxMessage"/> but the sequence number,
    /// in the order of the arrays.</summary>
    public string InsertOutboxMessages { get; }

    /// <summary>Locks up to {0} outboxes no other delivery service holds, oldest first, and returns their messages in
    /// order (<see cref="OutboxMessage"/> rows).</summary>
    public string LockAndLoadOutboxes { get; }

    public static OutboxTables For<TDbContext>(TDbContext db)
        where TDbContext : DbContext =>
        Cache<TDbContext>.Tables ??= new OutboxTables(db);

    static (string Table, Func<string, string> Column) Table<TEntity>(DbContext db, ISqlGenerationHelper sql)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} does not map {typeof(TEntity).Name}: call modelBuilder.{nameof(OutboxModelBuilderExtensions.AddPlatformOutboxEntities)}() in OnModelCreating");
        var name = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var store = StoreObjectIdentifier.Table(name, schema);
        return (sql.DelimitIdentifier(name, schema), property => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(store)!));
    }

    static class Cache<TDbContext>
    {
        public static OutboxTables? Tables { get; set; }
    }
}
