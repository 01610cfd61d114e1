"""The input contract: parameter specs, the TOML loader, overrides, JSON Schema, bundled scenarios."""
