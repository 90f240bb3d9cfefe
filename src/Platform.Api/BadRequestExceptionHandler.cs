using Microsoft.AspNetCore.Diagnostics;

namespace Platform.Api;

/// <summary>A request ASP.NET Core refuses while it is read (a body over the size limit: 413; a malformed request: 400)
/// is answered with its own status code and problem details, not as a server error.</summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.Message,
            },
        });
    }
}
