"""Moments as a guide glancing at the side panel reads them: "3 days ago", "tomorrow 10:00", local time."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from guide_app.timeutil import local

# Beyond this many days "N days ago" alone is too vague to act on: the date is added.
DATED_AFTER_DAYS = 6


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _day(moment: datetime, now: datetime) -> str:
    return moment.strftime("%m-%d" if moment.year == now.year else "%Y-%m-%d")


def since(moment: datetime, now: datetime) -> str:
    """How long ago `moment` was: "just now", "25 min ago", "today 09:40", "yesterday 18:05", "3 days ago"."""
    seconds = (now - moment).total_seconds()
    then, today = local(moment), local(now)
    if seconds < 0:
        return f"{_day(then, today)} {_clock(then)}"  # a clock set wrong: say the moment itself
    if seconds < 60:
        return QCoreApplication.translate("PanelTime", "just now")
    if seconds < 3600:
        minutes = int(seconds // 60)  # a plain name: pyside6-lupdate skips a plural's expression
        return QCoreApplication.translate("PanelTime", "%n min ago", "", minutes)
    days = (today.date() - then.date()).days
    if days == 0:
        return QCoreApplication.translate("PanelTime", "today %1").replace("%1", _clock(then))
    if days == 1:
        return QCoreApplication.translate("PanelTime", "yesterday %1").replace("%1", _clock(then))
    ago = QCoreApplication.translate("PanelTime", "%n day(s) ago", "", days)
    return ago if days <= DATED_AFTER_DAYS else f"{ago} ({_day(then, today)})"


def due(moment: datetime, now: datetime) -> str:
    """When a follow-up is due: "today 10:00", "tomorrow 10:00", "12-03 10:00"; overdue ones say so."""
    then, today = local(moment), local(now)
    days = (then.date() - today.date()).days
    if moment < now:
        when = f"{_day(then, today)} {_clock(then)}" if days else _clock(then)
        return QCoreApplication.translate("PanelTime", "overdue since %1").replace("%1", when)
    if days == 0:
        return QCoreApplication.translate("PanelTime", "today %1").replace("%1", _clock(then))
    if days == 1:
        return QCoreApplication.translate("PanelTime", "tomorrow %1").replace("%1", _clock(then))
    return f"{_day(then, today)} {_clock(then)}"
