"""The pose adapter on real decoding and the real model (kept short: each second of clip costs
about a second of model time on a busy machine)."""

import gzip
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from hamstrong.core.formcheck import CannotCheck, Refusal
from hamstrong.core.formpose import distance, median, series_from_dict
from hamstrong.video import pose

ROOT = Path(__file__).resolve().parents[2]
GT = ROOT.parent / "shared" / "data" / "video-gt"
REAL = ROOT.parent / "shared" / "data" / "videos"
FIXTURES = ROOT / "tests" / "fixtures" / "formcheck"
BODY = [f"{side}_{part}" for side in ("left", "right") for part in ("shoulder", "hip", "knee")]


def _recorded(clip: str):
    return series_from_dict(
        json.loads(gzip.decompress((FIXTURES / f"{clip}.json.gz").read_bytes()))
    )


def test_the_model_reproduces_the_recorded_keypoints():
    # one tracker, about 15 analysed frames a second: the settings the recording was made with
    live = pose.estimate(GT / "bridge_side.mp4", limit=60, workers=1)
    recorded = _recorded("bridge_side")
    assert live.fps == recorded.fps == 15.0 and (live.width, live.height) == (640, 480)
    assert live.probes == 8 and live.others == 0
    gaps = [
        distance(a.point(j), b.point(j))
        for a, b in zip(live.frames, recorded.frames[:60], strict=True)
        for j in BODY
    ]
    assert max(gaps) < 1.0  # to the recording's 0.1 px


def test_two_trackers_in_two_processes_follow_the_recording():
    # 10 s of clip: the shortest that two trackers share (even and odd analysed frames, the odd
    # ones in a child process); each sees half the frames, so its points differ a little
    live = pose.estimate(GT / "bridge_side.mp4", limit=150, workers=2)
    recorded = _recorded("bridge_side")
    assert live.probes == 8 and live.others == 0
    gaps = []
    for a, b in zip(live.frames, recorded.frames[:150], strict=True):
        assert a is not None and b is not None
        gaps.append(max(distance(a.point(j), b.point(j)) for j in BODY))
    assert median(gaps) < 4.0 and max(gaps) < 10.0  # measured: 2.6 and 6.7 px of 640


def test_portrait_phone_footage_is_read_upright_at_15_frames_per_second():
    clip = REAL / "cam02.mp4"
    info = pose.probe(clip)
    assert (info.width, info.height, info.fps) == (1080, 1920, 60.0) and info.stride == 4
    series = pose.estimate(clip)
    assert series.fps == pytest.approx(15, abs=0.1)
    assert series.found == len(series.frames) == 25  # 100 frames, every fourth
    hips = series.frames[10].point("left_hip")
    assert 0 < hips[0] < 1080 and 0 < hips[1] < 1920


def test_a_rotation_tag_turns_the_frames_upright(tmp_path):
    rotated = ROOT / "tests" / "fixtures" / "formcheck" / "rotated90.mp4"
    info = pose.probe(rotated)
    assert info.rotation in (90, 270)
    first = next(pose.frames(rotated))
    assert first.shape[0] > first.shape[1]  # stored landscape, shown portrait


@pytest.mark.parametrize("name", ["clip.mov", "clip.webm"])
def test_phone_containers_decode(name):
    clip = FIXTURES / name
    info = pose.probe(clip)
    assert (info.fps, info.width, info.height) == (30.0, 160, 120)
    assert sum(1 for _ in pose.frames(clip)) == 60


def test_an_empty_scene_has_no_person(tmp_path, library):
    from hamstrong.services.formcheck import check_clip

    clip = tmp_path / "empty.mp4"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"mp4v"), 30, (320, 240))
    for i in range(75):
        writer.write(np.full((240, 320, 3), 90 + i % 3, np.uint8))
    writer.release()
    with pytest.raises(CannotCheck) as caught:
        check_clip(clip, "glute-bridge", library=library)
    assert caught.value.reason is Refusal.NO_PERSON


def test_a_text_file_is_not_a_video(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video")
    with pytest.raises(CannotCheck) as caught:
        pose.probe(fake)
    assert caught.value.reason is Refusal.NOT_VIDEO


def test_a_second_person_is_found(tmp_path):
    clip = tmp_path / "two.mp4"
    source = cv2.VideoCapture(str(GT / "rdl_side.mp4"))
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"mp4v"), 30, (960, 480))
    for _ in range(75):
        ok, frame = source.read()
        assert ok
        small = cv2.resize(frame, (480, 360))
        canvas = np.full((480, 960, 3), 150, np.uint8)
        canvas[60:420, :480] = small
        canvas[60:420, 480:] = small[:, ::-1]
        writer.write(canvas)
    writer.release()
    series = pose.estimate(clip)
    assert series.probes >= 6 and series.others >= series.probes - 1


def test_an_upload_gone_before_it_is_read_is_not_called_a_bad_video(tmp_path, library):
    """A stored clip cleared away before its check runs is not the user's fault, and its
    made-up stored name means nothing to them; a text file uploaded is "This clip"."""
    from hamstrong.services.formcheck import check_clip

    with pytest.raises(CannotCheck) as gone:
        check_clip(tmp_path / "a1b2c3.mp4", "glute-bridge", library=library, upload=True)
    assert str(gone.value) == "The clip is no longer kept here: upload it again."
    fake = tmp_path / "d4e5f6.mp4"
    fake.write_text("not a video")
    with pytest.raises(CannotCheck) as bad:
        check_clip(fake, "glute-bridge", library=library, upload=True)
    assert str(bad.value) == (
        "This clip is not a video this check can read; film an mp4, mov or webm clip."
    )
