"""Reading commits with the ``git`` command: one ``git log`` per repository, bounded.

:func:`read_log` runs ``git -C REPO log --all --no-merges --since=… --until=…`` with a
NUL-separated format, once per repository whatever the number of people asking (the
caller filters the commits by author in Python). Each run has a time limit (the whole
process group is killed when it passes: a hung filesystem, a FIFO where a file should
be, a repository too large to walk) and a cap on the bytes read; a missing, non-git,
unreadable or too-slow repository gives a :class:`Skipped` note — never a traceback,
never a hang.

git's own protection stays on: a repository owned by another user is refused by git
("dubious ownership") until the reader trusts it (``git config --global --add
safe.directory PATH``); standup does not override that, since a repository's own config
is written by whoever owns it. Settings that could run a program on ``git log``
(``log.showSignature`` with a ``gpg.program``) are turned off on the command line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
from datetime import UTC, datetime

import msgspec

from standup.text import one_line

TIMEOUT_S = 5.0  # per repository; $STANDUP_GIT_TIMEOUT overrides it (tests set it low)
MAX_BYTES = 8 * 1024 * 1024  # output read from one repository
MAX_COMMITS = 20000  # git stops there by itself
_FIELDS = 5  # sha, author name, author email, author time, subject
_FORMAT = "%H%x00%aN%x00%aE%x00%at%x00%s"


class RawCommit(msgspec.Struct, frozen=True):
    """One commit as ``git log`` printed it."""

    repo: str
    sha: str
    author: str
    email: str
    at: datetime
    subject: str


class Skipped(msgspec.Struct, frozen=True):
    """A repository that could not be read (wholly or in part), and why."""

    repo: str
    why: str

    @property
    def line(self) -> str:
        return one_line(f"skipped {self.repo}: {self.why}")


def timeout_s() -> float:
    """The time limit of one ``git`` run: ``$STANDUP_GIT_TIMEOUT`` (seconds) or 5 s."""
    try:
        value = float(os.environ.get("STANDUP_GIT_TIMEOUT", ""))
    except ValueError:
        return TIMEOUT_S
    return value if 0 < value <= 600 else TIMEOUT_S


def _git_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S +0000")


def read_log(
    repo: str,
    since: datetime,
    until: datetime,
    *,
    git: str = "git",
    timeout: float | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[list[RawCommit], Skipped | None]:
    """The commits of every branch of ``repo`` committed in ``[since, until]``, newest
    first, and a note when the repository was skipped or cut short."""
    timeout = timeout_s() if timeout is None else timeout
    if not os.path.isdir(repo):
        what = "no such directory" if not os.path.exists(repo) else "not a directory"
        return [], Skipped(repo, what)
    argv = [
        git, "-c", "log.showSignature=false", "-c", "core.quotePath=false", "-C", repo,
        "log", "--all", "--no-merges", "--no-color", "-z", f"--max-count={MAX_COMMITS}",
        f"--since={_git_time(since)}", f"--until={_git_time(until)}", f"--format={_FORMAT}",
    ]  # fmt: skip
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",  # never ask for a password
        "GIT_NO_LAZY_FETCH": "1",  # a partial clone never fetches while we read it
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_PAGER": "cat",
        "LC_ALL": "C",
    }
    out, code, err, why = _run(argv, env, timeout, max_bytes)
    if why is not None and not out:
        return [], Skipped(repo, why)
    if code != 0 and why is None:
        return [], Skipped(repo, _git_error(err))
    return _parse(repo, out), (Skipped(repo, why) if why else None)


def _run(
    argv: list[str], env: dict[str, str], timeout: float, max_bytes: int
) -> tuple[bytes, int, bytes, str | None]:
    """Run ``argv``: (stdout up to ``max_bytes``, exit code, stderr's start, why it was
    cut short or could not run). The process runs in a group of its own, killed whole
    at the time limit, so a child that holds the pipe open cannot make us wait."""
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=err,
                env=env,
                start_new_session=True,
            )
        except FileNotFoundError:
            return b"", 127, b"", "git is not installed (no git command on PATH)"
        except OSError as exc:
            return b"", 126, b"", f"cannot run git ({exc.strerror or exc})"
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            _kill(proc)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            assert proc.stdout is not None
            out = proc.stdout.read(max_bytes + 1)
            too_much = len(out) > max_bytes
            if too_much:
                _kill(proc)
            proc.stdout.close()
            code = proc.wait()
        finally:
            timer.cancel()
        err.seek(0)
        stderr = err.read(4096)
    if timed_out.is_set():
        return out, code, stderr, f"git took longer than {timeout:g} s (read what came in time)"
    if too_much:
        return out[:max_bytes], code, stderr, f"more than {max_bytes // 1048576} MB of log, cut"
    return out, code, stderr, None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(proc.pid, signal.SIGKILL)


def _git_error(stderr: bytes) -> str:
    """git's own reason, on one line: the first line that says something."""
    text = stderr.decode("utf-8", "replace")
    if "dubious ownership" in text:
        return (
            "git refuses a repository owned by someone else "
            "(to trust it: git config --global --add safe.directory PATH)"
        )
    if "not a git repository" in text:
        return "not a git repository"
    for line in text.splitlines():
        line = one_line(line.removeprefix("fatal: ").removeprefix("error: "))
        if line:
            return line[:200]
    return "git failed"


def _parse(repo: str, out: bytes) -> list[RawCommit]:
    fields = out.split(b"\0")[:-1]  # each field ends in NUL: a cut one is left out
    commits = []
    for i in range(0, len(fields) - _FIELDS + 1, _FIELDS):
        part = fields[i : i + _FIELDS]
        sha, author, email, at, subject = (f.decode("utf-8", "replace") for f in part)
        sha = sha.strip()
        try:
            moment = datetime.fromtimestamp(int(at), UTC)
        except (ValueError, OverflowError, OSError):
            continue
        commits.append(RawCommit(repo, sha, author, email, moment, subject))
    return commits
