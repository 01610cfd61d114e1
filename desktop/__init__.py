"""innovsim desktop app (PySide6): views over ``sim``; no numbers of its own."""
