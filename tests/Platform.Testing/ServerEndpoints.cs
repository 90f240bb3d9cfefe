namespace Platform.Testing;

/// <summary>Where the real servers for a test run are, and the administrator credentials that create a virtual host and a
/// database per fixture.</summary>
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
    public string PostgresConnectionString(string database) =>
        $"Host={PostgresHost};Port={PostgresPort};Database={database};Username={PostgresUser};Password={PostgresPassword};Include Error Detail=true";
}
