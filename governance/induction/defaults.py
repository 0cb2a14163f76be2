"""The default induction programme for parent seats.

Written from what parent representatives on partnership boards said they lacked: a clear
role, someone to ask, the jargon explained, and time to watch a meeting before joining in.
"""

from __future__ import annotations

from typing import NamedTuple

from governance.induction.models import StepKind

DEFAULT_TITLE = "Induction for new board members"


class DefaultStep(NamedTuple):
    title: str
    kind: StepKind
    due_offset_days: int
    description: str


DEFAULT_STEPS: tuple[DefaultStep, ...] = (
    DefaultStep(
        "Role description and what the board does", StepKind.TASK, 7,
        "Go through what a board member does, what the board decides and what it leaves to "
        "staff, and how much time it takes.",
    ),
    DefaultStep(
        "Welcome meeting with the chair or programme manager", StepKind.TASK, 14,
        "An informal chat: who is who, how meetings run, and what you would like help with.",
    ),
    DefaultStep(
        "Code of conduct agreed", StepKind.AGREEMENT, 14,
        "Read the board's code of conduct and tick to say you agree to keep to it.",
    ),
    DefaultStep(
        "Confidentiality agreement", StepKind.AGREEMENT, 14,
        "Some items and papers are confidential. Read what that means and tick to agree.",
    ),
    DefaultStep(
        "A buddy assigned", StepKind.BUDDY, 14,
        "An experienced member you can ask anything, before and after meetings.",
    ),
    DefaultStep(
        "Safeguarding briefing", StepKind.TASK, 28,
        "What to do if you are worried about a child, and who the safeguarding lead is.",
    ),
    DefaultStep(
        "Terms of reference read", StepKind.TASK, 28,
        "The board's terms of reference: its purpose, membership, quorum and powers.",
    ),
    DefaultStep(
        "The glossary", StepKind.TASK, 28,
        "The words and abbreviations you will meet in papers and meetings, in plain language.",
    ),
    DefaultStep(
        "How to read a board paper and the budget", StepKind.TASK, 42,
        "What to look for in a paper, what the board is being asked, and how to read the budget "
        "monitoring report.",
    ),
    DefaultStep(
        "First meeting observed and a debrief with your buddy", StepKind.TASK, 56,
        "Come to a meeting to watch, then talk it over with your buddy: what made sense, what did "
        "not.",
    ),
    DefaultStep(
        "Personal development plan", StepKind.TASK, 90,
        "Agree what training or support you would like, such as chairing skills or finance.",
    ),
    DefaultStep(
        "Six-month review", StepKind.TASK, 183,
        "Look back with the chair or programme manager: how it is going and what would help.",
    ),
)  # fmt: skip
