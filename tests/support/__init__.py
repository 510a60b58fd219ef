"""What the tests share: clients, store probes, worlds and builders.

Test modules import from here, never from conftest.py or from one another;
conftest.py holds the fixtures only and builds them from these modules."""
