namespace Platform.Testing;

/// <summary>Where the real servers for a test run are, and the administrator credentials that create a virtual host and a
/// database per fixture. <see cref="RabbitNodes"/>: the nodes of a RabbitMQ cluster as <c>host:port</c> (the broker fault
/// drills), empty for a single broker.</summary>
public sealed record ServerEndpoints(
    string RabbitHost,
    int RabbitPort,
    Uri RabbitManagement,
    string RabbitUser,
    string RabbitPassword,
    string PostgresHost,
    int PostgresPort,
    string PostgresUser,
    string PostgresPassword)
{
    public IReadOnlyList<string> RabbitNodes { get; init; } = [];

    public string PostgresConnectionString(string database) =>
        $"Host={PostgresHost};Port={PostgresPort};Database={database};Username={PostgresUser};Password={PostgresPassword};Include Error Detail=true";
}
