"""Developer tools: the speed benchmark."""
