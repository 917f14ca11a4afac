"""Administration screens: retention (and, beside it, safekeeping)."""
