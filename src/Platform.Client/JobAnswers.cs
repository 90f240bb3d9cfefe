using MassTransit;
using Platform.Contracts;

namespace Platform.Client;

/// <summary>
/// The scheduler's answers (<see cref="JobAccepted"/>, <see cref="JobRejected"/>) for the jobs this process waits on. The
/// scheduler publishes them as events, so this process subscribes on a temporary queue of its own (auto-deleted with its
/// connection), connected to the bus on the first wait and bound before that job is published; answers are matched by
/// job id.
/// </summary>
internal sealed class JobAnswers(IBus bus) : IDisposable
{
    readonly Dictionary<Guid, List<TaskCompletionSource<object>>> _waiting = [];
    readonly Lock _lock = new();
    readonly SemaphoreSlim _connecting = new(1, 1);
    volatile bool _connected;

    /// <summary>Starts waiting for the answer about <paramref name="jobId"/>; dispose the result to stop waiting.</summary>
    public async Task<Expectation> ExpectAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        var answer = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (!_waiting.TryGetValue(jobId, out var waiters))
                _waiting[jobId] = waiters = [];
            waiters.Add(answer);
        }

        return new Expectation(this, jobId, answer);
    }

    async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connected)
            return;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connected)
                return;
            var handle = bus.ConnectReceiveEndpoint(new TemporaryEndpointDefinition("platform-client"), null, e =>
            {
                e.Handler<JobAccepted>(context => Answer(context.Message.JobId, context.Message));
                e.Handler<JobRejected>(context => Answer(context.Message.JobId, context.Message));
            });
            try
            {
                await handle.Ready.WaitAsync(cancellationToken);
            }
            catch
            {
                await handle.StopAsync(CancellationToken.None);
                throw;
            }

            _connected = true;
        }
        finally
        {
            _connecting.Release();
        }
    }

    Task Answer(Guid jobId, object answer)
    {
        lock (_lock)
        {
            if (_waiting.TryGetValue(jobId, out var waiters))
            {
                foreach (var waiter in waiters)
                    waiter.TrySetResult(answer);
            }
        }

        return Task.CompletedTask;
    }

    void Forget(Guid jobId, TaskCompletionSource<object> answer)
    {
        lock (_lock)
        {
            if (_waiting.TryGetValue(jobId, out var waiters) && waiters.Remove(answer) && waiters.Count == 0)
                _waiting.Remove(jobId);
        }
    }

    public void Dispose() => _connecting.Dispose();

    /// <summary>One caller waiting for the answer about one job.</summary>
    public sealed class Expectation(JobAnswers answers, Guid jobId, TaskCompletionSource<object> answer) : IDisposable
    {
        /// <summary>The <see cref="JobAccepted"/> or <see cref="JobRejected"/>.</summary>
        public Task<object> Answer => answer.Task;

        public void Dispose() => answers.Forget(jobId, answer);
    }
}
