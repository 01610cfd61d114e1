"""The ``innovsim`` command line."""
