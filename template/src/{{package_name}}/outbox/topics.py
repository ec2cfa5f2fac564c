"""What the service records in the outbox, by topic."""

from __future__ import annotations

from typing import Final

ACCOUNT_REGISTERED: Final = "account.registered"
MAIL_REQUESTED: Final = "mail.requested"
SESSION_REVOKED: Final = "session.revoked"
ITEM_CREATED: Final = "item.created"
ITEM_UPDATED: Final = "item.updated"
ITEM_DELETED: Final = "item.deleted"
EXPORT_FINISHED: Final = "export.finished"
# One webhook message for one endpoint, sent and retried apart from the others.
WEBHOOK_DELIVERY: Final = "webhook.delivery"

# Payloads that carry a secret (a mail holds its verification or reset link): emptied once
# the event is delivered, so the table keeps no usable link.
EMPTIED_ON_DELIVERY: Final = frozenset({MAIL_REQUESTED})
