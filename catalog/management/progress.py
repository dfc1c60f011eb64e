"""A plain text progress bar for management commands (writes to the command's stdout)."""


class ProgressBar:
    def __init__(self, stdout, label: str, width: int = 30):
        self.stdout, self.label, self.width = stdout, label, width

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        bar = "█" * filled + "·" * (self.width - filled)
        self.stdout.write(f"\r{self.label} [{bar}] {done}/{total}", ending="\n" if done >= total else "")
        self.stdout.flush()
