"""Sign up, log in, log out, change password, delete the account."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from hamstrong.errors import InvalidInput
from hamstrong.passwords import Passwords
from hamstrong.services.accounts import change_password
from hamstrong.web.deps import CurrentUser, FormDep, StoreDep, password_mark
from hamstrong.web.forms import parse_login_form, parse_password_form, parse_signup_form
from hamstrong.web.render import redirect, render
from hamstrong.web.security import Throttle

router = APIRouter()
WRONG_LOGIN = "That email and password do not match an account."
THROTTLED = (
    "Too many failed attempts for this email from here. Wait 15 minutes and try again; "
    "nothing is locked for good."
)


def _passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


def _sign_in(request: Request, user_id: int, email: str, password_hash: str) -> None:
    request.session.clear()  # a fresh session at each sign-in: no fixation
    request.session.update(
        {"user_id": user_id, "email": email, "password": password_mark(password_hash)}
    )


@router.get("/signup")
def signup_page(request: Request) -> Response:
    return render(request, "pages/signup.html", {"problems": {}, "values": {}})


@router.post("/signup")
def signup(request: Request, store: StoreDep, form: FormDep) -> Response:
    try:
        credentials = parse_signup_form(form)
        password_hash = _passwords(request).hash(credentials.password)
        user_id = store.create_user(credentials.email, password_hash)
    except InvalidInput as error:
        values = {"email": form.get("email", "")}
        return render(
            request,
            "pages/signup.html",
            {"problems": error.problems, "values": values},
            status_code=422,
        )
    _sign_in(request, user_id, credentials.email, password_hash)
    return redirect(request, "/onboarding")


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "pages/login.html", {"problems": {}, "values": {}})


@router.post("/login")
def login(request: Request, store: StoreDep, form: FormDep) -> Response:
    values = {"email": form.get("email", "")}
    try:
        credentials = parse_login_form(form)
    except InvalidInput as error:
        return render(
            request, "pages/login.html", {"problems": error.problems, "values": values}, 422
        )
    throttle: Throttle = request.app.state.throttle
    key = f"{credentials.email}|{request.client.host if request.client else '-'}"
    failures = throttle.failures(key)
    if failures >= throttle.limit:
        return render(request, "errors/429.html", {"message": THROTTLED}, status_code=429)
    found = store.find_user_by_email(credentials.email)
    ok = _passwords(request).verify(found[1] if found else None, credentials.password)
    if found is None or not ok:
        throttle.fail(key)
        return render(
            request,
            "pages/login.html",
            {"problems": {"password": WRONG_LOGIN}, "values": values},
            status_code=422,
        )
    if failures:
        throttle.clear(key)
    _sign_in(request, found[0], credentials.email, found[1])
    return redirect(request, "/")


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return redirect(request, "/login")


@router.get("/account")
def account(request: Request, user: CurrentUser) -> Response:
    return render(request, "pages/account.html", {"problems": {}, "done": None})


@router.post("/account/password")
def password(request: Request, user: CurrentUser, store: StoreDep, form: FormDep) -> Response:
    try:
        current, new = parse_password_form(form)
        found = store.find_user_by_email(request.session["email"])
        passwords = _passwords(request)
        if found is None or not passwords.verify(found[1], current):
            raise InvalidInput({"current": "is not your current password"})
        new_hash = passwords.hash(new)
        change_password(store, user_id=user, password_hash=new_hash)
    except InvalidInput as error:
        return render(
            request, "pages/account.html", {"problems": error.problems, "done": None}, 422
        )
    request.session["password"] = password_mark(new_hash)  # this session stays; others end
    done = "Password changed. Any other device signed in to your account is now signed out."
    return render(request, "pages/account.html", {"problems": {}, "done": done})


@router.post("/account/delete")
def delete_account(request: Request, user: CurrentUser, store: StoreDep, form: FormDep) -> Response:
    if form.get("confirm") != "delete":
        problems = {"confirm": "type the word delete to confirm"}
        return render(request, "pages/account.html", {"problems": problems, "done": None}, 422)
    store.delete_user(user)
    request.session.clear()
    return render(request, "pages/deleted.html")
