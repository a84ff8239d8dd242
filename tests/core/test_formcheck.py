"""The form check on synthetic keypoint series: every measure, finding, refusal and clean-up step."""

import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hamstrong.core import formcheck as fc
from hamstrong.core import formreps
from hamstrong.core.formpose import (
    angle,
    fill_gaps,
    keep_one_person,
    repair_sides,
    series_from_dict,
    series_to_dict,
    smooth,
)
from hamstrong.core.formreps import segment
from tests.core import formsynth as fs


def hinge_clip(lean=70.0, knee=(10.0, 20.0), away=3.0, reps=5, yaw=0.0):
    q, truth = fs.timeline(reps, away, 0.5, 1.0, 0.5)
    pose = lambda v: fs.hinge(lean * v, knee[0] + (knee[1] - knee[0]) * v)  # noqa: E731
    return fs.clip(pose, q, q.duration, yaw_deg=yaw), truth


def bridge_clip(sag=0.0):
    q, truth = fs.timeline(5, 1.0, 1.0, 2.0, 1.0)
    return fs.clip(lambda v: fs.bridge(v, sag), q, q.duration), truth


def nordic_clip(lean=65.0, hip_bend=0.0, fall_from=None):
    q, truth = fs.timeline(4, 3.0, 0.3, 1.5, 1.0)

    def pose(v):
        angle_now = lean * v
        if fall_from is not None and v > 0:
            # controlled to fall_from degrees over most of the lowering, then a fast drop
            share = fall_from / lean
            angle_now = fall_from * min(v / 0.85, 1) + (lean - fall_from) * max(
                0, (v - 0.85) / 0.15
            )
            angle_now = min(angle_now, lean) if share < 1 else angle_now
        return fs.nordic(angle_now, hip_bend * v)

    return fs.clip(pose, q, q.duration), truth


def curl_clip(hip_drop=0.0):
    q, truth = fs.timeline(4, 3.0, 0.0, 1.0, 1.0)
    return fs.clip(lambda v: fs.curl(v, hip_drop), q, q.duration), truth


# ---- hinges --------------------------------------------------------------------------------------
def test_hinge_counts_times_and_measures_the_reps(library):
    series, truth = hinge_clip()
    result = fc.check(series, library.get("romanian-deadlift"))
    assert len(result.reps) == 5
    for rep, (a0, a1, _, _) in zip(result.reps, truth, strict=True):
        assert rep.lowering_s == pytest.approx(a1 - a0, abs=0.15)
        assert [p.name for p in rep.phases] == ["lowering", "pause", "rising"]
        assert rep.measure("hinge_deg") == pytest.approx(70, abs=1)
        assert rep.measure("hip_flexion_deg") == pytest.approx(80, abs=1)
        assert rep.measure("knee_bend_deg") == pytest.approx(20, abs=1)
        assert rep.measure("hips_first_s") == pytest.approx(0, abs=0.1)
    assert result.findings == ()
    assert result.tempo_lowering_s == 3


def test_hinge_with_bent_knees_is_the_squat_mistake(library):
    series, _ = hinge_clip(knee=(10, 70))
    result = fc.check(series, library.get("barbell-romanian-deadlift"))
    (finding,) = result.findings
    assert finding.fault is fc.Fault.SQUATTING
    assert finding.mistake == "Turning it into a squat: keep the knee bend small and constant."
    assert finding.cue == "Keep the knee bend small and constant."
    assert finding.reps == (1, 2, 3, 4, 5)
    assert "70°" in finding.seen


def test_rushed_lowering_maps_to_the_rushing_mistake(library):
    series, _ = hinge_clip(away=1.0)
    result = fc.check(series, library.get("single-leg-rdl"), side="left")
    faults = {f.fault for f in result.findings}
    assert faults == {fc.Fault.RUSHED}
    assert result.findings[0].mistake.startswith("Rushing and losing balance")
    assert result.reps[0].lowering_s == pytest.approx(1.0, abs=0.15)


def test_back_rounding_is_named_as_not_judged(library):
    series, _ = hinge_clip()
    result = fc.check(series, library.get("romanian-deadlift"))
    assert len(result.limits) == 1
    assert result.limits[0].startswith("Back rounding is not judged")
    assert "Rounding the back to reach lower" in result.limits[0]


def test_hips_rising_before_the_chest_is_timed():
    q, _ = fs.timeline(3, 3.0, 0.3, 1.6, 0.8)
    fps = 30.0
    frames = [
        fs.figure(fs.hinge(70 * q(i / fps), 40 * q(i / fps)))
        for i in range(round(q.duration * fps))
    ]
    angles = fc.angles_of(frames, None, 0.0)
    _, timings = segment(angles.trunk, fps, 20)
    assert [fc._hips_first(angles, t, fps) for t in timings] == [pytest.approx(0, abs=0.1)] * 3
    # the knees straighten 0.2 s ahead of the trunk: the hips rise first
    early = fc.Angles(
        angles.hip, angles.knee[6:] + angles.knee[-1:] * 6, angles.trunk, angles.thigh, angles.lift
    )
    assert [fc._hips_first(early, t, fps) for t in timings] == [pytest.approx(0.2, abs=0.08)] * 3


# ---- bridges, Nordics, curls ---------------------------------------------------------------------
def test_sagging_bridge_is_flagged_and_a_straight_one_is_not(library):
    exercise = library.get("glute-bridge")
    clean_result = fc.check(bridge_clip()[0], exercise)
    sag_result = fc.check(bridge_clip(sag=25)[0], exercise)
    assert clean_result.findings == ()
    assert clean_result.summary_value("top_hip_deg") == pytest.approx(180, abs=1)
    (finding,) = sag_result.findings
    assert finding.fault is fc.Fault.HIP_SAG
    assert finding.mistake.startswith("Hips sagging at the top")
    assert sag_result.summary_value("sag_deg") == pytest.approx(25, abs=2)


def test_bridge_phases_rise_hold_lower_with_hold_time(library):
    series, truth = bridge_clip()
    result = fc.check(series, library.get("glute-bridge"))
    assert len(result.reps) == 5
    for rep, (_a0, a1, b0, b1) in zip(result.reps, truth, strict=True):
        assert [p.name for p in rep.phases] == ["rising", "pause", "lowering"]
        assert rep.lowering_s == pytest.approx(b1 - b0, abs=0.15)
        assert rep.measure("hold_s") == pytest.approx(b0 - a1, abs=0.2)


def test_nordic_break_angle_hips_and_control(library):
    exercise = library.get("nordic-hamstring-curl")
    controlled = fc.check(nordic_clip()[0], exercise)
    assert controlled.findings == ()
    assert controlled.summary_value("break_deg") == pytest.approx(65, abs=2)
    assert controlled.summary_value("controlled") == 1
    bent = fc.check(nordic_clip(hip_bend=40)[0], exercise)
    assert [f.fault for f in bent.findings] == [fc.Fault.HIPS_BENT]
    assert bent.summary_value("hip_bend_deg") == pytest.approx(40, abs=2)
    fell = fc.check(nordic_clip(lean=80, fall_from=35)[0], exercise)
    assert [f.fault for f in fell.findings] == [fc.Fault.RUSHED]
    assert fell.findings[0].mistake.startswith("Speeding up halfway")
    assert fell.summary_value("break_deg") == pytest.approx(35, abs=6)
    assert fell.summary_value("controlled") == 0


def test_ball_curl_hip_sag(library):
    exercise = library.get("stability-ball-leg-curl")
    assert fc.check(curl_clip()[0], exercise).findings == ()
    sag = fc.check(curl_clip(hip_drop=30)[0], exercise)
    assert [f.fault for f in sag.findings] == [fc.Fault.HIP_SAG]
    assert sag.findings[0].mistake.startswith("Hips sagging as the ball rolls out")


def test_one_leg_side_is_found_and_sides_compare(library):
    q, _ = fs.timeline(4, 3.0, 0.3, 1.0, 0.5)
    frames = []
    for i in range(round(q.duration * 30)):
        v = q(i / 30)
        # the right leg swings back and up: it is the free leg, the left one works
        frames.append(
            fs.figure(
                fs.hinge(70 * v, 15),
                moves={"right_ankle": (-0.5 * v, 0.4 * v), "right_knee": (-0.25 * v, 0.1 * v)},
            )
        )
    result = fc.check(fs.series(frames), library.get("single-leg-rdl"))
    assert result.side == "left"
    right, _ = hinge_clip(away=2.0, reps=4)
    other = fc.check(right, library.get("single-leg-rdl"), side="right")
    comparison = fc.compare_sides(result, other)
    assert comparison.sides == ("left", "right")
    assert comparison.difference("lowering_s") == pytest.approx(-1.0, abs=0.2)
    assert comparison.summary.startswith("The right side lowers 3")


# ---- views and refusals --------------------------------------------------------------------------
def test_thirty_degrees_off_is_judged_with_corrected_angles(library):
    result = fc.check(hinge_clip(yaw=30)[0], library.get("romanian-deadlift"))
    # the estimate mixes world depth (30°) with the shoulders' apparent width (a body prior)
    assert result.view.off_side_deg == pytest.approx(30, abs=4)
    assert result.summary_value("hip_flexion_deg") == pytest.approx(80, abs=3)


def test_sixty_degrees_off_is_refused_with_the_view_message(library):
    with pytest.raises(fc.CannotCheck) as caught:
        fc.check(hinge_clip(yaw=60)[0], library.get("romanian-deadlift"))
    assert caught.value.reason is fc.Refusal.WRONG_VIEW
    assert str(caught.value).endswith("film from the side, phone at hip height.")


@pytest.mark.parametrize(
    ("make", "exercise", "reason", "words"),
    [
        (
            lambda: fs.series([fs.figure(fs.hinge(0, 10))] * 30),
            "romanian-deadlift",
            fc.Refusal.TOO_SHORT,
            "The clip is 1.0 s long",
        ),
        (
            lambda: fs.series([fs.figure(fs.hinge(0, 10))] * (121 * 30)),
            "romanian-deadlift",
            fc.Refusal.TOO_LONG,
            "The clip is 121 s long",
        ),
        (
            lambda: fs.series([None] * 200 + [fs.figure(fs.hinge(0, 10))] * 10),
            "romanian-deadlift",
            fc.Refusal.NO_PERSON,
            "No person was found",
        ),
        (
            lambda: fs.series([fs.figure(fs.hinge(0, 10))] * 200, probes=8, others=5),
            "romanian-deadlift",
            fc.Refusal.SEVERAL_PEOPLE,
            "More than one person",
        ),
        (
            lambda: fs.series([fs.figure(fs.hinge(0, 10))] * 200),
            "romanian-deadlift",
            fc.Refusal.NO_REPS,
            "No complete rep of romanian deadlift (dumbbells) was seen",
        ),
        (
            lambda: hinge_clip()[0],
            "march",
            fc.Refusal.NOT_COVERED,
            "The form check does not cover Marching on the spot yet",
        ),
    ],
)
def test_refusals_say_why_in_one_sentence(library, make, exercise, reason, words):
    with pytest.raises(fc.CannotCheck) as caught:
        fc.check(make(), library.get(exercise))
    assert caught.value.reason is reason
    assert str(caught.value).startswith(words)
    assert "\n" not in str(caught.value)


def test_every_fault_checked_maps_to_a_catalogue_mistake(library):
    for exercise_id, family in fc.FAMILIES.items():
        exercise = library.get(exercise_id)
        assert fc.family_of(exercise) is family
        for fault in fc.faults_checked(exercise):
            mistake, cue = fc.mistake_for(exercise, fault)
            assert mistake in exercise.mistakes and cue
    # the faults the ground-truth clips test are looked for where they must be
    assert fc.Fault.HIP_SAG in fc.faults_checked(library.get("glute-bridge"))
    assert fc.Fault.HIPS_BENT in fc.faults_checked(library.get("nordic-hamstring-curl"))


def test_result_has_a_json_form(library):
    result = fc.check(bridge_clip(sag=25)[0], library.get("glute-bridge"))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["rep_count"] == 5
    assert data["worst_rep"] in range(1, 6)
    assert data["findings"][0]["fault"] == "hip_sag"
    assert data["view"]["ok"] is True
    assert data["reps"][0]["lowering_s"] > 1.5
    assert {m["key"] for m in data["summary"]} >= {"sag_deg", "hold_s", "lowering_s"}


# ---- clean-up steps ------------------------------------------------------------------------------
def test_single_frame_left_right_swaps_are_undone():
    q, _ = fs.timeline(2, 2.0, 0.2, 1.0, 0.5)
    frames = [
        fs.figure(
            fs.hinge(60 * q(i / 30), 20),
            yaw_deg=20,
            moves={"right_knee": (0.2, 0), "right_ankle": (0.3, 0)},
        )
        for i in range(150)
    ]
    broken = list(frames)
    for i in (20, 21, 80):
        broken[i] = frames[i].swapped(("knee", "ankle", "heel", "foot"))
    repaired = repair_sides(broken)
    assert repaired == frames


def test_a_jump_to_someone_else_keeps_the_longer_person():
    me = [fs.figure(fs.hinge(10 * (i % 5), 10)) for i in range(100)]
    other = [fs.figure(fs.hinge(0, 10), shift=1.5)] * 30
    kept = keep_one_person(me[:70] + other + me[70:])
    assert kept[:70] == me[:70] and all(f is None for f in kept[70:])


def test_gaps_fill_only_when_short():
    nan = math.nan
    assert fill_gaps([0, nan, nan, 3], 2) == [0, 1, 2, 3]
    filled = fill_gaps([0, nan, nan, nan, 4], 2)
    assert filled[0] == 0 and all(math.isnan(v) for v in filled[1:4])


def test_smoothing_keeps_lines_and_their_slope():
    line = [2.0 * i + 1 for i in range(40)]
    assert smooth(line, 4) == pytest.approx(line)
    assert smooth(line, 4, derivative=1) == pytest.approx([2.0] * 40)


def test_angle_is_180_for_a_straight_line_and_nan_for_a_point():
    assert angle((0, 0), (1, 1), (2, 2)) == pytest.approx(180)
    assert angle((0, 1), (0, 0), (1, 0)) == pytest.approx(90)
    assert math.isnan(angle((0, 0), (0, 0), (1, 0)))


def test_the_compact_form_round_trips():
    series, _ = hinge_clip(reps=1)
    series = fs.series([None, *series.frames[:10]], probes=3, others=1)
    back = series_from_dict(json.loads(json.dumps(series_to_dict(series))))
    assert back.frames[0] is None and back.probes == 3 and back.others == 1
    flat = [v for point in back.frames[1].image for v in point]
    assert flat == pytest.approx([v for point in series.frames[1].image for v in point], abs=0.05)


# ---- segmentation property -----------------------------------------------------------------------
def _noise(seed: int, sigma: float):
    def value(i: int) -> float:
        # a fixed pseudo-random sequence from the seed (no random module in the tested code)
        x = math.sin(i * 12.9898 + seed * 78.233) * 43758.5453
        return sigma * 2 * (x - math.floor(x) - 0.5)

    return value


def test_the_noise_floor_reads_the_speed_that_jitter_alone_gives():
    # Jitter must not stretch a phase: the edge sits at a multiple of this estimate, which an
    # earlier white-noise formula read at half the true spread (a lowering then read 0.34 s long).
    for seed in (0, 366, 5):
        raw = [_noise(seed, 1.0)(i) for i in range(3000)]
        filled = formreps._no_zigzag(raw)
        speed = smooth(filled, 6, derivative=1)[10:-10]
        spread = math.sqrt(sum(v * v for v in speed) / len(speed))
        estimate = formreps._speed_noise(filled, smooth(filled, 6), 6)
        assert estimate == pytest.approx(spread, rel=0.15)


@settings(max_examples=40, deadline=None)
@example(reps=2, away=1.5, hold=1.5, back=1.5, rest=0.875, depth=30.0, sigma=1.0, seed=366)
@given(
    reps=st.integers(1, 8),
    away=st.floats(0.8, 4.0),
    hold=st.floats(0.0, 1.5),
    back=st.floats(0.6, 2.5),
    rest=st.floats(0.3, 1.5),
    depth=st.floats(30, 90),
    sigma=st.floats(0, 2.0),
    seed=st.integers(0, 10_000),
)
def test_reps_found_equal_reps_made(reps, away, hold, back, rest, depth, sigma, seed):
    q, truth = fs.timeline(reps, away, hold, back, rest)
    fps = 30.0
    noise = _noise(seed, sigma)
    signal = [depth * q(i / fps) + noise(i) for i in range(round(q.duration * fps))]
    _, timings = segment(signal, fps, 20)
    assert len(timings) == reps
    # A phase is timed from its speed, so its length can only be read when the movement outruns
    # the jitter: ±sigma degrees per frame gives the smoothed speed a spread of about sigma / 25
    # degrees per frame and the edge sits at three times that; it must stay under a third of the
    # lowering's own speed (depth / away degrees per second). Pose jitter of about 1.5 degrees on a
    # 60-90 degree hinge lowered in 3 s is well inside this; the count must hold regardless.
    timed = sigma * away <= depth / 10.8
    for t, (a0, a1, _b0, _b1) in zip(timings, truth, strict=True):
        if timed:
            assert t.away_end / fps - t.away_start / fps == pytest.approx(a1 - a0, abs=0.3)
        assert t.away_start <= t.away_end <= t.back_start <= t.back_end
