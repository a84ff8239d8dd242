"""Account use-cases: the password."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamstrong.store import Store


def change_password(store: "Store", *, user_id: int, password_hash: str) -> None:
    """Replace the user's password hash (the caller has checked the current password)."""
    store.set_password_hash(user_id, password_hash)
