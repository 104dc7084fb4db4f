"""The work programme in the database: its tables (`models`), reading them (`queries`), the
low-level writes the services call (`writes`) and loading the shipped catalogue (`reference`)."""
