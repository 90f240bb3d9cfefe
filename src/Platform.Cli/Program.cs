using Platform.Cli;

using var http = new HttpClient();
return await new Cli(Console.In, Console.Out, Console.Error, http, Environment.GetEnvironmentVariable).RunAsync(args);
