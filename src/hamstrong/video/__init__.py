"""Video input for the form check: OpenCV decodes the clip, BlazePose (mediapipe) finds the body.

This package needs the optional ``video`` extra; everything else in HamStrong runs without it.
``require()`` turns a missing install into one plain sentence instead of an ImportError.
"""

from hamstrong.errors import HamstrongError, Next


class VideoUnavailable(HamstrongError):
    """The optional video packages are not installed: the server's setup, not the user's input.

    The message says only that; how to install them is ``Next.VIDEO_EXTRA``, which the command
    line turns into the install commands; ``missing`` names the package for the operator's log.
    """

    status = 503

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(
            "The form check is not available on this installation.", next=Next.VIDEO_EXTRA
        )


def require() -> None:
    """Raise VideoUnavailable unless OpenCV, numpy and mediapipe import."""
    for module in ("numpy", "cv2", "mediapipe"):
        try:
            __import__(module)
        except ImportError:
            raise VideoUnavailable(module) from None
