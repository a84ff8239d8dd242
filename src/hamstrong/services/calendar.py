"""The private calendar feed: which version of the address is current, and making a new one."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamstrong.store import Store


def feed_version(store: "Store", *, user_id: int) -> int | None:
    """The version signed into the feed address; None when the account is gone."""
    return store.feed_version(user_id)


def renew_feed(store: "Store", *, user_id: int) -> int:
    """A new feed address: the old one stops working at once."""
    return store.revoke_feed(user_id)
