"""Moving the training log in and out: export as CSV or JSON, import another app's export."""

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from hamstrong.errors import InvalidInput, NotFound
from hamstrong.services.transfer import export_pieces, import_text
from hamstrong.web.deps import CallerDep, FormDep, then_prepare
from hamstrong.web.render import render
from hamstrong.web.security import MAX_UPLOAD_BYTES

router = APIRouter()


@router.get("/export.{fmt}")
def export_file(fmt: str, caller: CallerDep) -> Response:
    if fmt not in ("csv", "json"):
        raise NotFound("export format", fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return StreamingResponse(
        export_pieces(caller.store, user_id=caller.user, fmt=fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="hamstrong-export.{fmt}"'},
    )


@router.get("/import")
def import_page(request: Request, caller: CallerDep) -> Response:
    return render(request, "pages/import.html", {"problems": {}, "report": None})


@router.post("/import")
def import_upload(request: Request, caller: CallerDep, form: FormDep) -> Response:
    upload = form.get("file")
    unit = str(form.get("unit") or caller.unit.value)
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput({"file": "choose a CSV file exported from Strong, Hevy or Fitbod"})
        raw = upload.file.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise InvalidInput({"file": f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB"})
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput({"file": "is not a UTF-8 text file"}) from None
        if unit not in ("kg", "lb", "lbs"):
            raise InvalidInput({"unit": "must be kg or lbs"})
        report = import_text(
            caller.store,
            user_id=caller.user,
            text=text,
            library=caller.library,
            today=caller.today,
            weight_unit=unit,
        )
    except InvalidInput as error:
        return render(
            request, "pages/import.html", {"problems": error.problems, "report": None}, 422
        )
    page = render(request, "pages/import.html", {"problems": {}, "report": report})
    return then_prepare(page, caller)
