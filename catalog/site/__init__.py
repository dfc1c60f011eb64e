"""The public site: what a citizen's request enters (views, URLs, feeds, statistics, elder
mode, facets, display helpers, the deadline calculator, export downloads)."""
