"""Database triggers that keep a confirmed decision as it was confirmed.

The ORM guard in decisions/models.py gives the person a message; these make both databases
refuse the change whatever client issues it. A confirmed decision may only be marked
superseded (status and superseded_by_id, once); a superseded one, and the deletion of
either, is refused.
"""

#: Every column of `decision` but the two that supersession sets. SQLite has no row
#: comparison, so its trigger names them; tests/test_migrations.py checks the list against
#: the model so that a new column cannot slip past.
UNCHANGING = (
    "id",
    "board_id",
    "agenda_item_id",
    "number",
    "year",
    "sequence",
    "resolution",
    "rationale",
    "alternatives",
    "no_alternatives_reason",
    "method",
    "votes_for",
    "votes_against",
    "abstentions",
    "dissent",
    "is_recommendation",
    "supersedes_id",
    "relation",
    "quorum_snapshot",
    "quorate",
    "declarations_snapshot",
    "relied_on_late_papers",
    "taken_at",
    "recorded_by_id",
    "confirmed_at",
    "published",
    "created_at",
)

MESSAGE = "a confirmed decision never changes; record a correction instead"

_SAME = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in UNCHANGING)
_SUPERSEDING = (
    "OLD.status = 'confirmed' AND NEW.status = 'superseded' "
    "AND OLD.superseded_by_id IS NULL AND NEW.superseded_by_id IS NOT NULL"
)

SQLITE = [
    f"""CREATE TRIGGER decision_settled_no_update BEFORE UPDATE ON decision
       WHEN OLD.status <> 'recorded' AND NOT ({_SUPERSEDING} AND {_SAME})
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER decision_settled_no_delete BEFORE DELETE ON decision
       WHEN OLD.status <> 'recorded'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION decision_refuse_settled_change() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'recorded' THEN
           RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
         END IF;
         IF TG_OP = 'UPDATE' AND {_SUPERSEDING}
            AND (to_jsonb(NEW) - 'status' - 'superseded_by_id')
                = (to_jsonb(OLD) - 'status' - 'superseded_by_id') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION '{MESSAGE}';
       END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER decision_settled_no_update BEFORE UPDATE OR DELETE ON decision
       FOR EACH ROW EXECUTE FUNCTION decision_refuse_settled_change()""",
]

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS decision_settled_no_update",
        "DROP TRIGGER IF EXISTS decision_settled_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS decision_settled_no_update ON decision",
        "DROP FUNCTION IF EXISTS decision_refuse_settled_change()",
    ],
}


def create_statements(dialect: str) -> list[str]:
    """The statements that install the triggers on `dialect`."""
    if dialect == "sqlite":
        return SQLITE
    if dialect == "postgresql":
        return POSTGRESQL
    raise RuntimeError(f"no decision triggers written for {dialect}")
