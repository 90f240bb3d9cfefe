using System.Runtime.ExceptionServices;
using MassTransit;

namespace Platform.Worker.Execution;

/// <summary>First filter of the worker endpoints' error pipe: a handed-back run is rethrown, so the transport returns it to
/// the queue (nack with requeue) rather than moving it to <c>_error</c>; every other fault takes the usual way.</summary>
internal sealed class HandBackErrorFilter : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (context.Exception is RunHandedBackException || context.Exception.GetBaseException() is RunHandedBackException)
            ExceptionDispatchInfo.Throw(context.Exception);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("platform-hand-back");
}
