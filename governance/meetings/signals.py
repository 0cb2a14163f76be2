"""What the meetings area asks, so that higher areas can refuse a change it cannot judge."""

from blinker import Namespace

_signals = Namespace()

#: Sent by `operations.withdraw_item` before anything is written. Sender: the AgendaItem.
#: A receiver refuses by raising DomainError (the decisions area does, for an item with a
#: recorded decision: the record must keep the item the decision was taken on).
item_withdrawal_asked = _signals.signal("item-withdrawal-asked")
