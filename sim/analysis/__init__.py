"""Reading results: scenario comparison tables and the PDF report (no Qt)."""
