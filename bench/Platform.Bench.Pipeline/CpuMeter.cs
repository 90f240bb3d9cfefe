using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Pipeline;

/// <summary>CPU time spent by this process, PostgreSQL and RabbitMQ (read from /proc), so a phase's cost can be given per
/// job or run: steadier than throughput on a machine whose other load comes and goes.</summary>
public static class CpuMeter
{
    public readonly record struct Sample(double Bench, double Postgres, double RabbitMq)
    {
        public static Sample operator -(Sample a, Sample b) => new(a.Bench - b.Bench, a.Postgres - b.Postgres, a.RabbitMq - b.RabbitMq);

        public double Total => Bench + Postgres + RabbitMq;

        /// <summary>"total (this process + PostgreSQL + RabbitMQ)" in CPU milliseconds per <paramref name="count"/>.</summary>
        public string Per(int count) => count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture,
                $"{Total * 1000 / count:F2} ms ({Bench * 1000 / count:F2} + {Postgres * 1000 / count:F2} + {RabbitMq * 1000 / count:F2})");
    }

    public static Sample Now()
    {
        double postgres = 0, rabbit = 0;
        var tick = 100.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
                continue;
            try
            {
                var name = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                if (name is not ("postgres" or "beam.smp"))
                    continue;
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / tick;
                if (name == "postgres")
                    postgres += seconds;
                else
                    rabbit += seconds;
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }

        return new Sample(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postgres, rabbit);
    }
}
