using Allocation.Api;
using Allocation.Host.Hosting;
using Allocation.Host.StorePage;
using Microsoft.Extensions.Options;

// First, before .NET sets up its signal handling: see InterruptSignal.
InterruptSignal.Reclaim();
try
{
    // Settings are read beside the binary, not from the working directory: a service manager or a shell elsewhere
    // would otherwise run the host without its appsettings.json (and without its log levels) and say nothing.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var options = builder.AddAllocationHost();
    var telemetry = builder.AddAllocationTelemetry();
    builder.Services.AddAllocationApi();
    await using var app = builder.Build();
    app.MapAllocationApi();
    app.MapAllocationHealth();
    app.MapAllocationOperations(telemetry).RequireAuthorization(Allocation.Api.Access.AccessPolicies.Operator);
    app.MapStorePage();
    await app.PrepareStorageAsync(options);
    await app.RunUntilStoppedAsync();
    return 0;
}
catch (HostConfigurationException exception)
{
    Console.Error.WriteLine("allocation: " + exception.Message);
    return 1;
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine("allocation: " + exception.Failures.First());
    return 1;
}
