"""The monthly ledgers (月度台账) and the year summary, as PDF and as Excel.

:mod:`.data` reads what each ledger shows (masking ID numbers, phones and addresses unless
full data is asked for); :mod:`.pdf` prints it, :mod:`.excel` writes the same tables to a
workbook for people who adjust before printing.  Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import DomainError


@dataclass(frozen=True)
class LedgerKind:
    key: str  # the name used on the command line
    title: str  # the printed title
    landscape: bool


LEDGERS: dict[str, LedgerKind] = {
    k.key: k
    for k in (
        LedgerKind("activities", "活动台账", False),
        LedgerKind("signin", "签到簿", False),
        LedgerKind("records", "写实册", False),
        LedgerKind("roster", "人员信息台账", True),
        LedgerKind("visits", "走访慰问台账", True),
        LedgerKind("volunteer", "志愿服务台账", True),
        LedgerKind("stats", "月度统计", False),
    )
}
MONTHLY: tuple[str, ...] = tuple(LEDGERS)
YEARLY_TITLE = "年度统计"


def resolve_ledgers(names: Iterable[str] | None) -> tuple[str, ...]:
    """The ledger keys for names given by key (``signin``) or title (``签到簿``), in print order.

    None or nothing given means every monthly ledger.  Raises :class:`DomainError` for an
    unknown name, listing the known ones.
    """
    wanted: set[str] = set()
    by_title = {k.title: k.key for k in LEDGERS.values()}
    for name in names or ():
        key = name.strip()
        key = by_title.get(key, key.lower())
        if key not in LEDGERS:
            known = "、".join(f"{k.key}（{k.title}）" for k in LEDGERS.values())
            raise DomainError(f"没有名为“{name}”的台账。可选：{known}。")
        wanted.add(key)
    return tuple(k for k in MONTHLY if k in wanted) if wanted else MONTHLY
