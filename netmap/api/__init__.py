"""The GraphQL API: Strawberry schema, resolvers, errors. The only place that knows GraphQL."""
