"""The errors a person can see. Each carries one line that says what was wrong
and, for bad input, an example of what works."""

from __future__ import annotations


class StandupError(Exception):
    """Base class: anything that ends a command with a clear message."""

    exit_code = 1

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example

    def line(self) -> str:
        """The single line shown to the person."""
        if self.example:
            return f"{self.message} (example: {self.example})"
        return self.message


class BadInput(StandupError):
    """The person typed something we cannot use; nothing was written."""

    exit_code = 2


class StoreError(StandupError):
    """The board file cannot be used (damaged, too new, unsafe permissions, busy lock)."""

    exit_code = 3


class DamagedFile(StoreError):
    """The board file does not parse or is not a standup board; it is never written."""


class DamagedRecord(StoreError):
    """One record of a readable board is not what standup writes. It is kept exactly as
    it is, named wherever the board is shown, and any command aimed at it is refused.
    ``damage`` is the :class:`standup.model.Damage` (table, id, what is wrong)."""

    def __init__(self, message: str, example: str | None = None, damage: object = None) -> None:
        super().__init__(message, example)
        self.damage = damage


class NewerSchema(StoreError):
    """The board file was written by a newer standup."""


class UnsafePermissions(StoreError):
    """The board or lock file is world-writable."""


class LockBusy(StoreError):
    """Another process held the board's lock for too long."""


class NotRegularFile(StoreError):
    """The board, lock or backup path is a directory, FIFO, device or symbolic link."""


class WrittenNotSynced(StoreError):
    """The change *was* written, but the system refused to flush the directory after.

    Exit code 4, not 0 and not 3: the file everyone reads already holds the change
    (``os.replace`` succeeded), but the promise that a power cut cannot undo it was not
    kept, which a person or a script should hear about. It differs from every code that
    means "nothing was written" (2, 3), because running the command again would do the
    change twice (a second question, a second note).
    """

    exit_code = 4
