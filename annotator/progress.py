"""Progress bars for long commands: counts and time left on a terminal; silent when not a terminal or quiet."""
import sys

import click


class _Silent:
    """What a bar does when nobody watches: nothing (a log or a pipe must not fill with redrawn lines)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, steps: int, current_item=None):
        pass


def _terminal():
    """Where bars are drawn: stderr, since stdout may be the export itself."""
    return sys.stderr


def progress_bar(length: int, label: str, quiet: bool = False, file=None):
    """A click progress bar with counts and time left on stderr when it is a terminal, else a silent one."""
    file = _terminal() if file is None else file
    if quiet or not getattr(file, "isatty", lambda: False)():
        return _Silent()
    return click.progressbar(length=max(length, 0), label=label, file=file, show_pos=True, show_eta=True)


class Counter:
    """A callback taking a running total (as export_chunks' progress does) that moves a bar by the difference."""

    def __init__(self, bar):
        self.bar, self.seen = bar, 0

    def __call__(self, total: int):
        if total > self.seen:
            self.bar.update(total - self.seen)
            self.seen = total


def quiet_option(command):
    """--quiet: no progress bar (there is none anyway when stderr is not a terminal)."""
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress bar (none is drawn when stderr is not a terminal either).")(command)
