namespace Platform.Deploy.Tests;

/// <summary>Paths in the repository these tests check (found from the test assembly's folder upwards).</summary>
public static class RepositoryFiles
{
    static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
