namespace Allocation.Load.Profiles;

public enum TopUpSkus
{
    Hot = 1,
    All = 2,
}
