"""Everything that speaks Cypher: the driver, the embedded server, migrations, repositories."""
