using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Platform.Testing;

/// <summary>Logs of in-process hosts go to NUnit's progress output (shown with <c>--logger "console;verbosity=detailed"</c>
/// and kept in the TRX), so a failing integration test shows what the services said.</summary>
public static class TestLogging
{
    public static ILoggingBuilder AddTestLogging(this ILoggingBuilder logging, LogLevel minimum = LogLevel.Warning)
    {
        logging.ClearProviders();
        logging.AddProvider(new ProgressLoggerProvider());
        logging.SetMinimumLevel(Environment.GetEnvironmentVariable("PLATFORM_TEST_LOG") is { } level ? Enum.Parse<LogLevel>(level) : minimum);
        return logging;
    }

    sealed class ProgressLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ProgressLogger(categoryName);

        public void Dispose()
        {
        }
    }

    sealed class ProgressLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
            if (exception is not null)
                line += Environment.NewLine + exception;
            TestContext.Progress.WriteLine(line);
        }
    }
}
