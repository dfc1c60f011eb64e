"""The staff admin, in Chinese: items and the review queue, vocabularies, staff scopes, uploads."""
