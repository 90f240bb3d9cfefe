using System.Globalization;
using Npgsql;
using Platform.Bench.Firing;

// Firing precision: for each rate, `seconds` worth of occurrences due at that rate (evenly spaced), fired by the trigger
// engine on PostgreSQL and by Quartz's RAM store (the reference), one after the other in the same run. Lateness is the
// instant an occurrence counted as fired minus its due instant. Usage:
//   dotnet run -c Release --project bench/Platform.Bench.Firing -- [--rates 100,1000,5000] [--seconds 10] [--quartz-ado]
//     [--admin "Host=127.0.0.1;Username=platform;Password=platform;Database=postgres"]
var rates = Arg("--rates", "100,1000,5000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
var seconds = double.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
var admin = Arg("--admin", "Host=127.0.0.1;Port=5432;Username=platform;Password=platform;Database=postgres");
var quartzAdo = args.Contains("--quartz-ado");
var lead = TimeSpan.FromSeconds(3);

var rows = new List<string>();
foreach (var rate in rates)
{
    var count = (int)(rate * seconds);
    var timeout = TimeSpan.FromSeconds(seconds + 120);

    var database = await CreateDatabaseAsync();
    var engine = new Lateness("engine (PostgreSQL)", rate, count);
    var warmUpCount = Math.Max(200, rate);
    await EngineBench.RunAsync(engine, new Lateness("warm-up", rate, warmUpCount), () => Schedule(warmUpCount, rate), () => Schedule(count, rate),
        Connection(database), timeout);
    rows.Add(engine.Row());
    Console.Error.WriteLine(engine.Phases());
    await DropDatabaseAsync(database);

    var ram = new Lateness("Quartz RAMJobStore", rate, count);
    await QuartzBench.RunAsync(ram, Schedule(count, rate), null, timeout);
    rows.Add(ram.Row());

    if (quartzAdo && rate <= 1000)
    {
        database = await CreateDatabaseAsync();
        var ado = new Lateness("Quartz AdoJobStore (PostgreSQL, clustered)", rate, count);
        await QuartzBench.RunAsync(ado, Schedule(count, rate), Connection(database), timeout);
        rows.Add(ado.Row());
        await DropDatabaseAsync(database);
    }

    Console.Error.WriteLine($"done: {rate}/s");
}

var output = Console.Out;
output.WriteLine($"Firing lateness, {seconds} s of occurrences per rate, {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
output.WriteLine();
output.WriteLine("| store | due/s | fired | p50 ms | p99 ms | max ms |");
output.WriteLine("|---|---|---|---|---|---|");
foreach (var row in rows)
    output.WriteLine(row);
return;

List<DateTimeOffset> Schedule(int count, int rate)
{
    // The occurrences are loaded (COPY) after this; the first must still be in the future when loading is done.
    var start = TimeProvider.System.GetUtcNow() + lead + TimeSpan.FromMilliseconds(count * 0.1);
    return Enumerable.Range(0, count).Select(i => start + TimeSpan.FromSeconds((double)i / rate)).ToList();
}

string Connection(string database) => new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 50, IncludeErrorDetail = true }.ConnectionString;

async Task<string> CreateDatabaseAsync()
{
    var name = $"bench_{Guid.NewGuid():N}";
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand($"create database {name}", connection);
    await command.ExecuteNonQueryAsync();
    return name;
}

async Task DropDatabaseAsync(string name)
{
    NpgsqlConnection.ClearAllPools();
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
    await command.ExecuteNonQueryAsync();
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
