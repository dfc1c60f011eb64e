"""Reading the files people upload, before anything knows what they mean.

One text-decoding policy (`text.decode_text`) and one CSV/XLSX reader (`sheets`) shared by
the catalogue importer and the auditors' lateness check, and `spool.Spool`, a list kept as
pickles (in memory, then in a temporary file) for the rows of long files. Plain Python, no Django and no
domain knowledge: the callers decide what the cells are. Every refusal is an
`UnreadableFile` whose message is Chinese and says what to do.
"""


class UnreadableFile(ValueError):
    """The bytes cannot be read as the kind of file they claim to be (message in Chinese)."""
