"""Video input for the form check: OpenCV decodes the clip, BlazePose (mediapipe) finds the body.

This package needs the optional ``video`` extra; everything else in HamStrong runs without it.
``require()`` turns a missing install into one clear sentence instead of an ImportError.
"""

from hamstrong.errors import HamstrongError

INSTALL_HINT = (
    "The form check needs the video extra: run `make install`, or "
    "`pip install 'hamstrong[video]'` then `pip install --no-deps mediapipe==0.10.21`."
)


class VideoUnavailable(HamstrongError):
    """The optional video packages are not installed: the server's setup, not the user's input."""

    status = 503

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(f"{INSTALL_HINT} (missing: {missing})")


def require() -> None:
    """Raise VideoUnavailable unless OpenCV, numpy and mediapipe import."""
    for module in ("numpy", "cv2", "mediapipe"):
        try:
            __import__(module)
        except ImportError:
            raise VideoUnavailable(module) from None
