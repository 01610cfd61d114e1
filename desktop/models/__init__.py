"""Qt-free state behind the window: the scenario document."""
