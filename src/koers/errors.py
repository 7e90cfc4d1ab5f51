"""The exceptions Koers raises on purpose, and the messages they carry.

The tree::

    KoersError                   anything Koers raises on purpose
    └── InputError               input from a user that cannot go on; says why in their language
        ├── MessageError         input error carrying one :class:`~koers.i18n.Msg`
        │   ├── SentenceError    a KPI sentence with nothing to propose (koers.domain.sentence)
        │   ├── PlanError        a funnel plan that cannot be computed (koers.domain.funnel)
        │   ├── UsageProblem     a command-line option that cannot be used (koers.cli)
        │   ├── MetricError      a metric request the engine cannot answer (koers.metrics.engine)
        │   ├── WarehouseBusy    the warehouse file is held by another process (koers.store.warehouse)
        │   ├── DatabaseError    the application database cannot be opened (koers.store.appdb)
        │   ├── UnknownWorkspaceError, UnstorableTextError     (koers.store.appdb)
        ├── ImportProblem        an export that cannot be imported, with its file, row and column
        │                        (koers.sources.base)
        ├── InvalidWorkspaceError  a workspace the application database refuses (koers.store.appdb)
        ├── RateError            a conversion rate not in (0%, 100%] (koers.domain.funnel)
        └── WorkspaceFileError   a workspace file (``koers.yaml``) that cannot be read: every
                                 problem found, each with its place (:class:`FileProblem`)

Programmer errors stay ordinary Python exceptions (``ValueError``, ``KeyError``...); only input
a user can fix raises an :class:`InputError`. Each error renders itself for a reader with
:meth:`KoersError.render`, so the CLI and the web app show the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from koers.i18n import Lang, Msg


class KoersError(Exception):
    """Base of every exception Koers raises on purpose."""

    def render(self, lang: Lang | str) -> str:
        """The error as a reader of ``lang`` should see it."""
        return str(self)


class InputError(KoersError):
    """Input from a user (a file, a sentence, an option) that cannot be used as it is."""


class MessageError(InputError):
    """An input error that says what is wrong in one message, in the reader's language.

    ``str(error)`` reads in English, for logs; :meth:`render` gives the reader's language.
    """

    def __init__(self, message: Msg) -> None:
        super().__init__(message.render(Lang.EN))
        self.message = message

    def render(self, lang: Lang | str) -> str:
        return self.message.render(lang)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One problem in a file: where it is and what is wrong.

    ``path`` names the place in the document the way the file reads (``goals[1].kpis[0].target``;
    empty for the document as a whole); ``line`` is 1-based, ``None`` when unknown.
    """

    path: str
    line: int | None
    message: Msg

    def render(self, lang: Lang | str, source: str) -> str:
        """``koers.yaml:12: goals[1].kpis[0].period.end: before start``."""
        place = f"{source}:{self.line}" if self.line is not None else source
        text = self.message.render(lang)
        return f"{place}: {self.path}: {text}" if self.path else f"{place}: {text}"


class WorkspaceFileError(InputError):
    """A workspace file that cannot be loaded, with every problem found in it."""

    def __init__(self, source: str, problems: Iterable[FileProblem]) -> None:
        self.source = source
        self.problems: list[FileProblem] = list(problems)
        # English in the exception text, so tracebacks and logs read without a language.
        super().__init__(self.render(Lang.EN))

    def lines(self, lang: Lang | str) -> list[str]:
        """One line per problem, compiler style: ``file:line: path: message``."""
        return [problem.render(lang, self.source) for problem in self.problems]

    def render(self, lang: Lang | str) -> str:
        """Every problem, one per line, in ``lang``."""
        return "\n".join(self.lines(lang))
