using NUnit.Framework;

// Every fixture has its own virtual host and database (PlatformFixture), so fixtures run side by side; most of their time
// is waiting for due times and runs, not CPU. Fixtures that measure timing or listen to process-wide telemetry opt out
// with [NonParallelizable].
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
