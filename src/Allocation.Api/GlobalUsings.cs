// Every feature maps routes and answers typed results or problem details: this is the vocabulary of all of them.
global using Allocation.Api.Problems;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Routing;
global using Microsoft.Extensions.Options;
global using Microsoft.AspNetCore.Authorization;
