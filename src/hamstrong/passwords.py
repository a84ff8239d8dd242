"""Password hashing with argon2, behind one object the app is handed (tests hand a cheap one)."""

from threading import Lock

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """Hash and verify passwords with one argon2 ``PasswordHasher``.

    The default hasher uses argon2-cffi's recommended parameters (RFC 9106, low memory); tests
    pass ``PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)`` so a sign-up costs
    microseconds. An unknown email is verified against a dummy hash made with the same
    parameters, so a wrong email takes as long as a wrong password; the dummy is made on first
    use, never at import time.
    """

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher if hasher is not None else PasswordHasher()
        self._dummy: str | None = None
        self._dummy_lock = Lock()

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; ``None`` (no such account) costs the same and is False."""
        try:
            ok = self.hasher.verify(password_hash or self._dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False
        return ok and password_hash is not None

    def _dummy_hash(self) -> str:
        with self._dummy_lock:
            if self._dummy is None:
                self._dummy = self.hasher.hash("not a password of anyone's")
            return self._dummy
