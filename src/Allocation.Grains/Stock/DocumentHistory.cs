using Allocation.Contracts;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

/// <summary>
/// Idempotency of movement documents for ever, not only while the stock book remembers them. The book answers repeats
/// of documents applied within <see cref="StockOptions.FinishedRetentionMinutes"/> from memory; a document it does not
/// remember is either new or older than that, and the ledger (the durable audit trail, which keeps every entry with its
/// document id) tells which before anything is applied. A repeat gets the answer of a repeat within the window:
/// AlreadyApplied when it is the same movement, Conflict when the id was used for a different one. Movements are rare
/// next to holds and the lookup is one probe of a partial index: holds, confirms and picks never take this path.
/// </summary>
internal static class DocumentHistory
{
    /// <summary>What to answer for a repeat of a document applied once, whenever the repeat comes.</summary>
    public static MovementDecision RepeatOf(DocumentRecord applied, LedgerEntryKind kind, int quantity, string? reason, string documentId, CountSet counts) =>
        applied.Kind == kind && applied.Quantity == quantity && applied.Reason == reason
            ? new MovementDecision(MovementOutcome.AlreadyApplied, counts, null)
            : new MovementDecision(MovementOutcome.Conflict, counts, $"document '{documentId}' was already applied as a different movement");

    /// <summary>
    /// The answer to <paramref name="request"/> when it repeats a document the book has forgotten; null when the book
    /// still remembers the document (it decides) or the ledger never applied it (it is new).
    /// </summary>
    public static async Task<MovementDecision?> RepeatOfForgottenAsync(ILedgerStore ledger, StockBook book, MovementRequest request, CancellationToken cancellationToken)
    {
        if (book.Sequence == 0 || book.Remembers(request.DocumentId) || (!Identifiers.IsValid(request.DocumentId) && !Identifiers.IsDerived(request.DocumentId)))
        {
            return null;
        }

        if (await ledger.FindDocumentAsync(book.Key, request.DocumentId, cancellationToken) is not { } entry)
        {
            return null;
        }

        var applied = new DocumentRecord(entry.Kind, entry.Quantity, entry.Reason, entry.OccurredAtUnixMilliseconds);
        return RepeatOf(applied, StockBook.ToEntryKind(request.Kind), request.Quantity, request.Reason, request.DocumentId, book.Counts);
    }
}
