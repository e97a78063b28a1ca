using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Hosting;

/// <summary>Checks an options class against its [Range]/[Required] attributes at start-up, naming the setting that is wrong.</summary>
internal sealed class AnnotatedOptionsValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(result =>
            $"{sectionName}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}"));
    }
}
