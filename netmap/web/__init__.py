"""The Starlette application: GraphQL, health and readiness."""
