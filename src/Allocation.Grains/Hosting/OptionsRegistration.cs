using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Hosting;

public static class OptionsRegistration
{
    /// <summary>Binds a configuration section and validates it when the host starts, not on first use.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new AnnotatedOptionsValidator<TOptions>(sectionName));
        return services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateOnStart();
    }
}
