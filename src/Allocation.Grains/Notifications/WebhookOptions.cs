using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Notifications;

public sealed class WebhookOptions
{
    public const string SectionName = "Allocation:Webhooks";

    /// <summary>How often each tenant's webhooks are given a delivery round.</summary>
    [Range(50, 60_000)]
    public int DeliveryIntervalMilliseconds { get; set; } = 1_000;

    /// <summary>The wait after a first failed delivery; it doubles with each failure in a row.</summary>
    [Range(10, 60_000)]
    public int RetryDelayMillisecondsInitial { get; set; } = 1_000;

    [Range(1, 86_400)]
    public int RetryDelaySecondsMax { get; set; } = 300;

    /// <summary>A receiver that does not answer within this is a failed delivery.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Lets webhooks reach non-public addresses (loopback, private, link-local: see WebhookDestinations). Off: a
    /// tenant's admin must not make the service call into its own network. An operator turns it on for receivers
    /// inside the network on purpose (and tests, whose receivers are on loopback).
    /// </summary>
    public bool AllowPrivateDestinations { get; set; }

    /// <summary>Tenants delivered to at once: a slow receiver holds up only its own tenant's round.</summary>
    [Range(1, 256)]
    public int TenantsInParallelMax { get; set; } = 16;

    /// <summary>Webhook rows read per statement while walking the tenants to deliver to (every tenant is reached, a page at a time).</summary>
    [Range(1, 10_000)]
    public int TenantPageRows { get; set; } = 1_000;

    /// <summary>Events posted per webhook per round at most.</summary>
    [Range(1, 1_000)]
    public int EventsPerRoundMax { get; set; } = 100;
}
