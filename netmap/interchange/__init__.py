"""Files people bring and take: documents in other tools' formats, read and written
without the store (the caller writes what was read, and reads what is written)."""
