namespace Allocation.Grains.Ledger;

/// <summary>One record of an owner: a reservation has one item (empty key), a store's pick schedule one per booking.</summary>
internal readonly record struct RecordKey(RecordOwner Owner, string ItemKey);
