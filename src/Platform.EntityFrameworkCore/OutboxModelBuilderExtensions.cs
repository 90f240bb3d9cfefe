using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>Maps the inbox and outbox tables into a DbContext's model.</summary>
public static class OutboxModelBuilderExtensions
{
    /// <summary>
    /// Adds <c>inbox_state</c>, <c>outbox_state</c> and <c>outbox_message</c> to the model, in the DbContext's default
    /// schema (<c>modelBuilder.HasDefaultSchema(...)</c>). Table and column names are snake_case whether or not the
    /// context uses a naming convention. Call it from <c>OnModelCreating</c> of every DbContext the outbox is registered
    /// for, then add a migration.
    /// </summary>
    public static ModelBuilder AddPlatformOutboxEntities(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxState>(inbox =>
        {
            inbox.ToTable("inbox_state");
            inbox.HasKey(i => new { i.MessageId, i.ConsumerId });
            inbox.Property(i => i.MessageId).HasColumnName("message_id");
            inbox.Property(i => i.ConsumerId).HasColumnName("consumer_id");
            inbox.Property(i => i.Consumed).HasColumnName("consumed");
            inbox.Property(i => i.ReceiveCount).HasColumnName("receive_count");
            inbox.HasIndex(i => i.Consumed).HasDatabaseName("ix_inbox_state_consumed");
        });

        modelBuilder.Entity<OutboxState>(outbox =>
        {
            outbox.ToTable("outbox_state");
            outbox.HasKey(o => o.OutboxId);
            outbox.Property(o => o.OutboxId).HasColumnName("outbox_id").ValueGeneratedNever();
            outbox.Property(o => o.Created).HasColumnName("created");
            outbox.Property(o => o.InboxMessageId).HasColumnName("inbox_message_id");
            outbox.Property(o => o.InboxConsumerId).HasColumnName("inbox_consumer_id");
            outbox.HasIndex(o => o.Created).HasDatabaseName("ix_outbox_state_created");
        });

        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("outbox_message");
            message.HasKey(m => m.SequenceNumber);
            message.Property(m => m.SequenceNumber).HasColumnName("sequence_number").UseIdentityByDefaultColumn();
            message.Property(m => m.OutboxId).HasColumnName("outbox_id");
            message.Property(m => m.MessageId).HasColumnName("message_id");
            message.Property(m => m.ConversationId).HasColumnName("conversation_id");
            message.Property(m => m.CorrelationId).HasColumnName("correlation_id");
            message.Property(m => m.InitiatorId).HasColumnName("initiator_id");
            message.Property(m => m.RequestId).HasColumnName("request_id");
            message.Property(m => m.SourceAddress).HasColumnName("source_address").HasMaxLength(1024);
            message.Property(m => m.DestinationAddress).HasColumnName("destination_address").HasMaxLength(1024);
            message.Property(m => m.ResponseAddress).HasColumnName("response_address").HasMaxLength(1024);
            message.Property(m => m.FaultAddress).HasColumnName("fault_address").HasMaxLength(1024);
            message.Property(m => m.SentTime).HasColumnName("sent_time");
            message.Property(m => m.ExpirationTime).HasColumnName("expiration_time");
            message.Property(m => m.ContentType).HasColumnName("content_type").HasMaxLength(256);
            message.Property(m => m.MessageType).HasColumnName("message_type");
            message.Property(m => m.Body).HasColumnName("body");
            message.Property(m => m.Headers).HasColumnName("headers");
            message.Property(m => m.Properties).HasColumnName("properties");
            message.HasIndex(m => new { m.OutboxId, m.SequenceNumber }).HasDatabaseName("ix_outbox_message_outbox_id_sequence_number");
            message.HasOne<OutboxState>().WithMany().HasForeignKey(m => m.OutboxId).OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_outbox_message_outbox_state_outbox_id");
        });

        return modelBuilder;
    }
}
