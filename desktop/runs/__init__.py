"""Running the model off the GUI thread."""
