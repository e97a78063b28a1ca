using Allocation.Api;
using Allocation.Host.Hosting;
using Microsoft.Extensions.Options;

// First, before .NET sets up its signal handling: see InterruptSignal.
InterruptSignal.Reclaim();
try
{
    var builder = WebApplication.CreateBuilder(args);
    var options = builder.AddAllocationHost();
    builder.Services.AddAllocationApi();
    await using var app = builder.Build();
    app.MapAllocationApi();
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
