"""Check my form over HTTP: the upload's limits and messages, the job's pages, and that every
page of a check is its owner's only."""

import os
import stat
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from hamstrong.services import formjobs
from tests.clips import sag_bridge
from tests.web.conftest import TODAY, make_app, post, sign_up
from tests.web.soup import csrf_token, field_error, lines, one, parse, text

DAY = TODAY.isoformat()
NEW = f"/form-checks/new?exercise=glute-bridge&day={DAY}"


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return sag_bridge(tmp_path_factory.mktemp("clips"))


def _upload(client, clip_bytes: bytes, *, name="set.mp4", keep=False, **fields):
    form = {"exercise": "glute-bridge", "day": DAY} | fields
    if keep:
        form["keep"] = "yes"
    form["csrftoken"] = csrf_token(client.get(NEW).text)
    files = {"clip": (name, clip_bytes, "video/mp4")}
    return client.post("/form-checks", data=form, files=files, follow_redirects=False)


def _clips(app) -> list[str]:
    folder = app.state.clips.folder
    return sorted(os.listdir(folder)) if folder.exists() else []


def _store(app):
    return app.state.store


def test_the_session_page_offers_a_form_check_for_covered_exercises_only(member, library):
    page = parse(member.get(f"/session/{DAY}").text)
    for station in page.select("section.station"):
        exercise = library.get(station["id"].removeprefix("ex-"))
        offered = [a for a in station.select("a") if text(a) == "Check my form"]
        assert len(offered) == formjobs.covers(exercise)
        if offered:
            assert offered[0]["href"] == f"/form-checks/new?exercise={exercise.id}&day={DAY}"
    assert page.select('a[href^="/form-checks/new"]')


def test_progress_says_how_to_check_form_before_any_check(member):
    section = one(parse(member.get("/progress").text), "section#form-checks")
    assert text(one(section, "p")) == (
        'No form checks yet. On a session\'s page, "Check my form" under an exercise checks a '
        "clip of one set: reps, lowering time against the tempo and the common mistakes."
    )


def test_the_form_records_with_the_camera_or_takes_a_file(member):
    page = parse(member.get(NEW).text)
    form = one(page, "form#check-form")
    inputs = form.select('input[type="file"][name="clip"]')
    assert [i.get("capture") for i in inputs] == ["environment", None]
    assert all(i["accept"] == "video/*" for i in inputs)
    # the token comes first: the server reads it before the clip streams in
    assert form.select("input")[0]["name"] == "csrftoken"
    assert form["hx-encoding"] == "multipart/form-data"


def test_a_clip_is_streamed_to_a_private_file_and_queued(app, member, clip):
    response = _upload(member, clip.read_bytes(), keep=True)
    assert response.status_code == 303
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    job = _store(app).form_check(job_id, user_id=None)
    assert (job.state, job.exercise, job.day, job.keep_clip) == (
        "queued",
        "glute-bridge",
        TODAY,
        True,
    )
    path = app.state.clips.path(job.clip)
    assert path.read_bytes() == clip.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert app.state.queue.pending() == 1
    status = member.get(f"/form-checks/{job_id}/status").text
    assert [text(p) for p in parse(status).select("p")] == [
        "Waiting for its turn: another check is running.",
        "This takes about half the clip's length. You can leave this page: the result will be in "
        "Progress.",
    ]
    assert one(parse(status), "#check-status")["hx-trigger"] == "load delay:1s"


def test_a_plain_form_post_streams_too(app, member, clip):
    """Without htmx the token is read from the body's first part (no header): the clip after
    it is not read into memory by the CSRF guard, and the upload still lands."""
    token = csrf_token(member.get(NEW).text)
    big = clip.read_bytes() * 8  # well past the 64 KB the guard reads
    boundary = "b0undary"
    body = b"".join(
        [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrftoken"\r\n\r\n{token}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="exercise"\r\n\r\nglute-bridge\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="day"\r\n\r\n{DAY}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="clip"; filename="s.mp4"\r\n'.encode(),
            b"Content-Type: video/mp4\r\n\r\n" + big + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
    )
    response = member.post(
        "/form-checks",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    job = _store(app).form_check(int(response.headers["location"].rsplit("/", 1)[1]), user_id=None)
    assert app.state.clips.path(job.clip).stat().st_size == len(big)


def test_a_file_that_is_not_a_video_gets_a_message_next_to_the_field(app, member):
    response = _upload(member, b"name,reps\nbridge,10\n" * 50, name="log.csv")
    assert response.status_code == 422
    assert (
        field_error(response.text, "clip")
        == "This file is not a video; film an mp4, mov or webm clip."
    )
    assert _clips(app) == []  # nothing kept
    assert _store(app).form_checks(_store(app).find_user_by_email("ria@example.com").id) == []


def test_no_clip_chosen_gets_a_message(app, member):
    response = _upload(member, b"", name="")  # what a browser sends for an empty file input
    assert response.status_code == 422
    assert field_error(response.text, "clip") == "Choose or record a clip of one set first."


def test_an_exercise_the_check_does_not_cover_is_refused(app, member, clip):
    assert member.get(f"/form-checks/new?exercise=hamstring-stretch&day={DAY}").status_code == 404
    response = _upload(member, clip.read_bytes(), exercise="no-such-exercise")
    assert response.status_code == 404
    assert _clips(app) == []


def test_a_clip_over_the_limit_is_refused_before_it_is_stored(settings, clock, clip):
    from starlette.testclient import TestClient

    small = make_app(replace(settings, clip_max_mb=1), today=lambda: TODAY, clock=clock)
    with TestClient(small, base_url="http://testserver") as client:
        sign_up(client)
        response = _upload(client, b"\x00\x00\x00\x18ftypmp42" + bytes(2 * 1024 * 1024))
        assert response.status_code == 413
        assert text(one(parse(response.text), '[role="alert"]')) == (
            "This clip is larger than HamStrong accepts (1 MB), so nothing was kept. Film one set "
            "from the side, or a shorter clip, and try again."
        )
        assert _clips(small) == []
        # a clip under the limit still goes through on the same app
        assert _upload(client, clip.read_bytes()).status_code == 303


def test_signed_out_uploads_write_nothing(app, client, clip):
    token = csrf_token(client.get("/login").text)
    response = client.post(
        "/form-checks",
        data={"csrftoken": token, "exercise": "glute-bridge", "day": DAY},
        files={"clip": ("s.mp4", clip.read_bytes(), "video/mp4")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert _clips(app) == []


def _checked(app, content: bytes, library, *, keep: bool = False) -> tuple[int, int, str]:
    """A check of ``content`` run to its end by the worker's own task (in this process): the
    job's id, its user's id and the name the clip was stored under."""
    store = _store(app)
    user = store.find_user_by_email("ria@example.com").id
    name, handle = app.state.clips.create()
    with handle:
        handle.write(content)
    job_id = store.add_form_check(
        user, day=TODAY, exercise="glute-bridge", side=None, keep_clip=keep, clip=name
    )
    formjobs.run_check(
        job_id, store=store, library=library, clips=app.state.clips, now=lambda: datetime.now(UTC)
    )
    return job_id, user, name


def _finished_check(app, clip, library) -> int:
    """A check of the clip file run to its end: its job's id."""
    return _checked(app, clip.read_bytes(), library)[0]


def test_the_result_page_shows_verdict_reps_mistake_cue_and_picture_to_its_owner_only(
    app, member, clip, library
):
    """One check run to its end (BlazePose over the clip: the costly part) serves both: what
    its owner sees, and that nobody else sees any page of it."""
    job_id = _finished_check(app, clip, library)
    assert _clips(app) == []  # analysed, not kept: deleted
    page = parse(member.get(f"/form-checks/{job_id}").text)
    result = _store(app).form_check(job_id, user_id=None).result
    lowering = f"{result['reps'][0]['lowering_s']:.1f} s"
    assert (
        text(one(page, ".verdict"))
        == result["verdict"]
        == (f"1 rep. Lowering {lowering} against the 2 s tempo. Hips sagging at the top (rep 1).")
    )
    rows = page.select("table[aria-labelledby=h-reps] tbody tr")
    assert len(rows) == 1 and [text(td) for td in rows[0].select("td")][:2] == [lowering, "2 s"]
    [seen] = [f["seen"] for f in result["findings"]]
    assert [lines(li) for li in page.select("ul.findings li")] == [
        [
            f"Hips sagging at the top: {seen}.",
            "Cue: Squeeze your glutes until knees, hips and shoulders make one line.",
        ]
    ]
    assert not page.select("#check-status[hx-get]")  # finished: no more polling
    picture = member.get(f"/form-checks/{job_id}/picture.png")
    assert picture.headers["content-type"] == "image/png" and picture.content[:4] == b"\x89PNG"
    # stored with the session's day, and on progress with a link back to it
    section = one(parse(member.get("/progress").text), "section#form-checks")
    assert text(one(section, "h3")) == "Glute bridge"
    assert text(one(section, ".reading")) == (
        f"Lowering {lowering}, against the 2 s the tempo asks (1 check so far)."
    )
    (row,) = section.select("tbody tr")
    assert text(row.th) == "Mon 7 Dec 2026"
    assert one(row, "a")["href"] == f"/form-checks/{job_id}"
    _only_its_owner_sees(app, member, job_id)


def _only_its_owner_sees(app, member, job_id: int) -> None:
    from starlette.testclient import TestClient

    assert member.get(f"/form-checks/{job_id}").status_code == 200
    with TestClient(app, base_url="http://testserver") as other:
        sign_up(other, "sam@example.com")
        for path in ("", "/status", "/picture.png", "/clip"):
            response = other.get(f"/form-checks/{job_id}{path}")
            assert response.status_code == 404, path
        response = post(other, f"/form-checks/{job_id}/clip/delete", page="/")
        assert response.status_code == 404
        assert other.get("/form-checks/999999999999999999999").status_code == 404


def test_a_kept_clip_can_be_downloaded_and_deleted(app, member, clip, library):
    response = _upload(member, clip.read_bytes(), keep=True)
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert member.get(f"/form-checks/{job_id}/clip").status_code == 404  # not checked yet
    formjobs.run_check(
        job_id,
        store=_store(app),
        library=library,
        clips=app.state.clips,
        now=lambda: datetime.now(UTC),
    )
    assert len(_clips(app)) == 1
    assert member.get(f"/form-checks/{job_id}/clip").content == clip.read_bytes()
    deleted = post(member, f"/form-checks/{job_id}/clip/delete", page="/", follow_redirects=False)
    assert deleted.status_code == 303
    assert _clips(app) == []
    assert member.get(f"/form-checks/{job_id}/clip").status_code == 404
    kept = parse(member.get(f"/form-checks/{job_id}").text)  # the result stays
    verdict = _store(app).form_check(job_id, user_id=None).result["verdict"]
    assert text(one(kept, ".verdict")) == verdict and verdict.startswith("1 rep. Lowering ")


def test_a_refused_clip_says_why_on_the_page(app, member, library):
    content = b"\x00\x00\x00\x18ftypmp42 but nothing after"
    job_id, user, name = _checked(app, content, library, keep=True)
    job = _store(app).form_check(job_id, user_id=user)
    assert (job.state, job.reason) == ("refused", "not_video")
    alert = text(one(parse(member.get(f"/form-checks/{job_id}").text), '[role="alert"]'))
    # the stored file's made-up name means nothing to the user: the page says "This clip"
    assert (
        alert
        == job.message
        == "This clip is not a video this check can read; film an mp4, mov or webm clip."
    )
    assert name not in member.get(f"/form-checks/{job_id}").text


def test_a_server_without_the_video_packages_says_so_plainly(
    app, member, library, monkeypatch, caplog
):
    """What the visitor reads names no command to type: installing is the operator's task,
    and the worker's log says what is missing."""
    monkeypatch.setitem(sys.modules, "mediapipe", None)  # import mediapipe: ImportError
    with caplog.at_level("ERROR", logger="hamstrong.formjobs"):
        job_id, user, _ = _checked(app, b"\x00\x00\x00\x18ftypmp42", library)
    assert [r.getMessage() for r in caplog.records] == [
        f"form check {job_id}: the video packages are not installed (mediapipe missing)"
    ]
    job = _store(app).form_check(job_id, user_id=user)
    assert job.state == "failed"
    page = parse(member.get(f"/form-checks/{job_id}").text)
    assert (
        text(one(page, '[role="alert"]'))
        == job.message
        == "The form check is not available on this installation."
    )
    assert _clips(app) == []


def test_reps_lowered_too_fast_for_the_tempo_are_marked(app, member):
    """The service decides which reps were rushed (under 60% of the tempo's lowering); the
    page marks those."""
    store = _store(app)
    user = store.find_user_by_email("ria@example.com").id
    reps = [
        {"number": n, "lowering_s": lowering, "measures": []}
        for n, lowering in ((1, 1.7), (2, 1.8), (3, 3.2))
    ]
    result = {
        "verdict": "3 reps.",
        "reps": reps,
        "tempo_lowering_s": 3.0,
        "findings": [],
        "limits": [],
        "view": {"off_side_deg": 5.0},
        "duration_s": 12.0,
        "worst_rep": 0,
    }
    job_id = store.add_form_check(
        user,
        day=TODAY,
        exercise="romanian-deadlift",
        side=None,
        keep_clip=False,
        clip=None,
        state="done",
        result=result,
        now=datetime.now(UTC),
    )
    assert formjobs.rushed_reps(store.form_check(job_id, user_id=user)) == {1}
    page = parse(member.get(f"/form-checks/{job_id}").text)
    rows = page.select("table[aria-labelledby=h-reps] tbody tr")
    assert [[text(td) for td in row.select("td")] for row in rows] == [
        ["1.7 s", "3 s (too fast)"],
        ["1.8 s", "3 s"],
        ["3.2 s", "3 s"],
    ]
