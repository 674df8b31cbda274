# SPDX-License-Identifier: MIT
"""The problem-to-task ledger (问题台账 → 整治任务), kept across years in one SQLite file:
``tj.Ledger(path)``.

Every problem a check finds becomes an entry (location, indicator, 责任单位, 整治措施, deadline,
status 待整改 / 整改中 / 已销号, evidence, 底线型/提升型, 限时解决/尽力解决, priority, renewal
plan) with a history of every change. Next year's check resolves the entries whose indicator
meets its target at their location, reopens closed ones found again (反弹), flags the overdue,
the untouched and the recurred for a 问题整治督办单 and computes indicator 60 问题整治完成率 per
class. The statuses, the 销号 rule and how indicator 60 is counted are this library's (the
handbook defines none); they are documented in ``include/tijian/ledger.hpp`` and
``ledger_update.hpp``. The same operations as the command ``tijian ledger``; everything is
read, validated and written by the C++ core.

>>> import tijian as tj
>>> led = tj.Ledger.init("ledger.sqlite")                                     # doctest: +SKIP
>>> led.update("check-2024.json", as_of="2024-06-30").outcomes                # doctest: +SKIP
>>> led.export("lists.csv", level="district")                                    # doctest: +SKIP
>>> led.import_sheet("lists-edited.csv")                                     # doctest: +SKIP
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Any

from . import _core, _tables
from ._errors import argument_type

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Ledger", "LedgerUpdate"]



def _who(who: str | None) -> str:
    if who is not None:
        return str(who)
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name on this system
        return "tijian"


def _year(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise argument_type(f"year must be an integer year, not {type(value).__name__}")
    return int(value.__index__())


class LedgerUpdate:
    """What one :meth:`Ledger.update` did.

    Attributes
    ----------
    year, as_of : int, str
        The check year and the date the check was made (overdue is judged on it).
    counts : dict
        ``created``, ``found_again``, ``resolved``, ``recurred``, ``overdue``, ``supervise``.
    outcomes : DataFrame
        One row per entry the update touched or flagged: outcome, status before and after, flags.
    completion : DataFrame
        Indicator 60 问题整治完成率 per class (限时解决, 尽力解决): ``due`` (denominator),
        ``completed`` (numerator), ``late``, ``in_progress``, ``rate``.
    supervision : DataFrame
        The 问题整治督办单 of the ledger after the update.
    """

    def __init__(self, core: dict[str, Any]) -> None:
        fields = core["fields"]
        self.year: int = int(fields["year"])
        self.as_of: str = fields["as_of"]
        self.counts: dict[str, int] = dict(fields["counts"])
        tables = core["tables"]
        self.outcomes: pd.DataFrame = _tables.frame(tables["outcomes"])
        self.completion: pd.DataFrame = _tables.frame(tables["completion"])
        self.supervision: pd.DataFrame = _tables.frame(tables["supervision"])

    def __repr__(self) -> str:
        c = self.counts
        return (f"LedgerUpdate(year={self.year}, as_of={self.as_of!r}, created={c['created']}, "
                f"found_again={c['found_again']}, resolved={c['resolved']}, recurred={c['recurred']}, "
                f"overdue={c['overdue']}, supervise={c['supervise']})")


class Ledger:
    """A ledger file (SQLite). ``Ledger(path)`` opens an existing ledger; :meth:`init` makes one.

    Two processes may update the same file: each update and import is one transaction that takes
    the write lock first and waits up to ``busy_timeout_ms`` for another's.
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_ms: int = 30000,
                 _core_ledger: Any = None) -> None:
        self._l = _core_ledger if _core_ledger is not None else _core.Ledger(os.fspath(path), int(busy_timeout_ms))

    @classmethod
    def init(cls, path: str | os.PathLike[str], *, busy_timeout_ms: int = 30000) -> Ledger:
        """Create an empty ledger at ``path`` (an error if the file exists)."""
        return cls(path, _core_ledger=_core.Ledger.create(os.fspath(path), int(busy_timeout_ms)))

    @property
    def path(self) -> str:
        return self._l.path

    @property
    def schema_version(self) -> int:
        return self._l.schema_version

    def __repr__(self) -> str:
        return f"Ledger({self.path!r})"

    def update(self, problems: Any, *, status: str | os.PathLike[str] | None = None, year: int | None = None,
               source: str = "self_check", as_of: str | None = None, who: str | None = None,
               sheet: str | None = None) -> LedgerUpdate:
        """Apply one producer's check of one year (one transaction).

        Parameters
        ----------
        problems : CheckResult, or path
            A :class:`tijian.CheckResult` (its problems and status tables are read), a check's
            result as JSON (``tijian check --out x.json``), or a problem list (CSV) in the columns
            of the check's problems table, codes or labels, with optional ``level``,
            ``longitude`` / ``latitude``, ``problem``, ``survey_result``, ``rectification`` and
            ``source`` (self_check, third_party, residents).
        status : path, optional
            The check's status table (CSV): targets ``met`` resolve their open entries.
        year : int, optional
            The check year (default: the period of the list).
        source : str
            Who found the problems when the list does not say.
        as_of : str, optional
            The date of the check, YYYY-MM-DD (default: the 31 December of the year).
        who : str, optional
            Recorded in the history (default: the user name).
        """
        args = (os.fspath(status) if status is not None else "", _year(year), str(source), as_of or "", _who(who))
        core_check = getattr(problems, "_core", None)
        if core_check is not None and type(core_check).__name__ == "CheckResult":
            return LedgerUpdate(self._l.update_check(core_check, *args))
        return LedgerUpdate(self._l.update_files(os.fspath(problems), args[0], args[1], args[2], args[3], args[4],
                                                 sheet or ""))

    def import_sheet(self, path: str | os.PathLike[str], *, sheet: str | None = None, who: str | None = None,
                     as_of: str | None = None) -> dict[str, int]:
        """Read the team's edited sheet back (an exported list or the ledger): status,
        责任单位, 整治措施, deadline, evidence, class, priority and renewal plan by 台账编号.
        An unknown id, a bad date or status, a changed location or closing without evidence
        raises ``DataError`` naming the file, row and column, and nothing is changed.
        Returns the counts ``rows``, ``changed``, ``status_changes``."""
        return dict(self._l.import_sheet(os.fspath(path), sheet or "", _who(who), as_of or ""))

    def list(self, *, level: str | None = None, status: str | None = None, year_found: int | None = None,
             open: bool = False, overdue: bool = False, supervise: bool = False) -> pd.DataFrame:
        """The entries (the ledger table), optionally only those of a level, status or year,
        the open, the overdue or those flagged for a 督办单."""
        return _tables.frame(self._l.entries(level or "", status or "", _year(year_found), bool(open),
                                             bool(overdue), bool(supervise)))

    def history(self, id: str | None = None) -> pd.DataFrame:
        """The history of one entry, or of all (回头看): who changed what, when."""
        return _tables.frame(self._l.history(id or ""))

    def completion(self, year: int, *, as_of: str | None = None) -> pd.DataFrame:
        """Indicator 60 问题整治完成率 per class for the check of ``year``."""
        return _tables.frame(self._l.completion(_year(year), as_of or ""))

    def export(self, path: str | os.PathLike[str], *, what: str = "lists", level: str | None = None,
               status: str | None = None, year_found: int | None = None, open: bool = False,
               overdue: bool = False, supervise: bool = False, year: int | None = None,
               as_of: str | None = None, headers: str = "labels", lang: str = "zh",
               bom: bool = False) -> list[str]:
        """Write ``what`` (lists: 问题清单 and 整治建议清单 of a level in the official layouts;
        ledger; history; supervision; completion, with ``year``) as CSV (the first table to
        ``path``, each other beside it as ``<stem>-<table>.csv``), JSON, or one .xlsx workbook
        (every table a sheet), by the extension of ``path``. Returns the paths."""
        return list(self._l.export(os.fspath(path), what, level or "", status or "", _year(year_found), bool(open),
                                   bool(overdue), bool(supervise), _year(year), as_of or "", headers, lang,
                                   bool(bom)))
