namespace Allocation.Grains.Picking;

[GenerateSerializer, Alias("allocation.pick-schedule-state.v1")]
internal sealed class PickScheduleState
{
    [Id(0)] public List<PickBookingRecord> Bookings { get; set; } = [];
}
