"""A large, realistic data set for measuring the app at county scale (`flask bench-data`)."""
