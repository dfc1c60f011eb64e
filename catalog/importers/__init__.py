"""Importing source catalogues: parse (text -> raw rows), normalise (raw rows -> item
records), load (records -> database). Only `load` touches Django."""
