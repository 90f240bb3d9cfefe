using System.Linq.Expressions;

namespace Platform.Api.ReadModel;

/// <summary>The listings' optional filters: each applies only when its parameter was given.</summary>
internal static class QueryFilters
{
    /// <summary><paramref name="filter"/> for a text (or other reference) parameter, when it was given.</summary>
    public static IQueryable<T> WhereGiven<T, TValue>(this IQueryable<T> source, TValue? value, Func<TValue, Expression<Func<T, bool>>> filter)
        where TValue : class =>
        value is null ? source : source.Where(filter(value));

    /// <summary><paramref name="filter"/> for an id, instant or flag parameter, when it was given.</summary>
    public static IQueryable<T> WhereGiven<T, TValue>(this IQueryable<T> source, TValue? value, Func<TValue, Expression<Func<T, bool>>> filter)
        where TValue : struct =>
        value is { } given ? source.Where(filter(given)) : source;

    /// <summary><paramref name="filter"/> for a list parameter (states, kinds), when it names at least one value.</summary>
    public static IQueryable<T> WhereAnyOf<T>(this IQueryable<T> source, IReadOnlyList<string> values, Func<IReadOnlyList<string>, Expression<Func<T, bool>>> filter) =>
        values.Count == 0 ? source : source.Where(filter(values));
}
