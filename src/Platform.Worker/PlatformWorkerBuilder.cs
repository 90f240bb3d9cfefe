using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Worker;

/// <summary>Registers the job handlers a worker service runs.</summary>
public sealed class PlatformWorkerBuilder
{
    readonly IServiceCollection _services;

    internal PlatformWorkerBuilder(IServiceCollection services, JobHandlerRegistry registry)
    {
        _services = services;
        Registry = registry;
    }

    internal JobHandlerRegistry Registry { get; }

    /// <summary>Runs of <paramref name="jobType"/> are executed by <typeparamref name="THandler"/>, which reads the payload itself.</summary>
    public PlatformWorkerBuilder AddHandler<THandler>(string jobType)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        Registry.Add(jobType);
        _services.AddKeyedScoped<IJobHandler, THandler>(jobType);
        return this;
    }

    /// <summary>Runs of <paramref name="jobType"/> are executed by <typeparamref name="THandler"/> with the payload read as
    /// <typeparamref name="TPayload"/>.</summary>
    public PlatformWorkerBuilder AddHandler<THandler, TPayload>(string jobType)
        where THandler : class, IJobHandler<TPayload>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        Registry.Add(jobType);
        _services.TryAddScoped<THandler>();
        _services.AddKeyedScoped<IJobHandler, TypedJobHandler<THandler, TPayload>>(jobType);
        return this;
    }

    /// <summary>The platform's own job types for smoke tests, benchmarks and fault tests: <c>platform.noop</c>,
    /// <c>platform.sleep</c> (<c>{ "ms": n }</c>) and <c>platform.fail</c> (<c>{ "failTimes": n }</c>).</summary>
    public PlatformWorkerBuilder AddBuiltInHandlers() =>
        AddHandler<Handlers.NoopJobHandler>(Handlers.NoopJobHandler.JobType)
            .AddHandler<Handlers.SleepJobHandler, Handlers.SleepPayload>(Handlers.SleepJobHandler.JobType)
            .AddHandler<Handlers.FailJobHandler>(Handlers.FailJobHandler.JobType);
}
