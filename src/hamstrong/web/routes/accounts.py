"""Sign up, log in, log out, change or reset the password, delete the account: each one use-case of
``hamstrong.services.accounts``; this module only reads forms, sets cookies and renders. Too many
attempts (429) is no form's answer: the app's error handler renders it, like every error page."""

from fastapi import APIRouter, BackgroundTasks, Request
from starlette.responses import Response

from hamstrong.core.units import parse_unit
from hamstrong.errors import InvalidInput
from hamstrong.mail import Mailer, deliver
from hamstrong.services import accounts
from hamstrong.web.deps import (
    CallerDep,
    FormDep,
    PasswordWork,
    StoreDep,
    passwords_of,
    throttle_of,
)
from hamstrong.web.forms.accounts import (
    parse_forgot_form,
    parse_login_form,
    parse_password_form,
    parse_reset_form,
    parse_signup_form,
    reset_token,
)
from hamstrong.web.render import redirect, render
from hamstrong.web.security import SESSION_TOKEN, device_known, remember_device, rotate_csrf

router = APIRouter()
SIGNED_UP = (
    "If that email had no account, it has one now: log in with it to start. If it had one "
    "already, log in with its password."
)


@router.get("/signup")
def signup_page(request: Request) -> Response:
    return render(request, "pages/signup.html", {"problems": {}, "values": {}})


@router.post("/signup")
def signup(request: Request, store: StoreDep, form: FormDep, _work: PasswordWork) -> Response:
    try:
        credentials = parse_signup_form(form)
    except InvalidInput as error:
        values = {"email": form.get("email", "")}
        return render(
            request,
            "pages/signup.html",
            {"problems": error.problems, "values": values},
            status_code=422,
        )
    accounts.sign_up(
        store, passwords_of(request), email=credentials.email, password=credentials.password
    )
    # The same answer whether the email was free or not: the person logs in next.
    return render(
        request,
        "pages/login.html",
        {"problems": {}, "values": {"email": credentials.email}, "notice": SIGNED_UP},
    )


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "pages/login.html", {"problems": {}, "values": {}})


@router.post("/login")
def login(request: Request, store: StoreDep, form: FormDep, _work: PasswordWork) -> Response:
    values = {"email": form.get("email", "")}
    try:
        credentials = parse_login_form(form)
        signed_in = accounts.authenticate(
            store,
            passwords_of(request),
            throttle_of(request),
            email=credentials.email,
            password=credentials.password,
            address=_address(request),
            known_device=device_known(request, credentials.email),
        )
    except InvalidInput as error:
        return render(
            request, "pages/login.html", {"problems": error.problems, "values": values}, 422
        )
    request.session.clear()  # a fresh session at each sign-in: no fixation
    request.session.update(
        {SESSION_TOKEN: signed_in.token, "user_id": signed_in.user_id, "email": signed_in.email}
    )
    response = redirect(request, "/")
    rotate_csrf(request, response)
    remember_device(request, response, signed_in.email)
    return response


def _address(request: Request) -> str:
    return request.client.host if request.client else "-"


@router.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    return render(request, "pages/forgot.html", {"problems": {}, "values": {}})


@router.post("/password/forgot")
def forgot(
    request: Request, store: StoreDep, form: FormDep, background: BackgroundTasks
) -> Response:
    values = {"email": form.get("email", "")}
    try:
        email = parse_forgot_form(form)
    except InvalidInput as error:
        return render(
            request, "pages/forgot.html", {"problems": error.problems, "values": values}, 422
        )
    mailer: Mailer = request.app.state.mailer
    base = request.app.state.base_url or str(request.base_url).rstrip("/")
    accounts.request_password_reset(
        store,
        throttle_of(request),
        email=email,
        address=_address(request),
        link=lambda token: f"{base}/password/reset?token={token}",
        sender=mailer.sender,
        # sent after the answer, which is then as quick for an unknown email as a known one
        outbox=lambda message: background.add_task(deliver, mailer, message),
    )
    notice = (
        f"If {email} has an account, a mail with a link to choose a new password is on its "
        f"way. The link works once, for {accounts.RESET_MINUTES} minutes."
    )
    return render(request, "pages/forgot.html", {"problems": {}, "values": {}, "notice": notice})


def _link_gone(request: Request) -> Response:
    message = str(accounts.ResetLinkGone())
    context = {"problems": {}, "values": {}, "gone": message}
    return render(request, "pages/forgot.html", context, accounts.ResetLinkGone.status)


@router.get("/password/reset")
def reset_page(request: Request, store: StoreDep, token: str = "") -> Response:
    live = reset_token(token)
    if live is None or not accounts.reset_link_live(store, throttle_of(request), live):
        return _link_gone(request)
    return render(request, "pages/reset.html", {"problems": {}, "token": live})


@router.post("/password/reset")
def reset(request: Request, store: StoreDep, form: FormDep, _work: PasswordWork) -> Response:
    try:
        token, new = parse_reset_form(form)
        if token is None:
            raise accounts.ResetLinkGone
        accounts.reset_password(
            store,
            passwords_of(request),
            throttle_of(request),
            token=token,
            new=new,
            address=_address(request),
        )
    except InvalidInput as error:
        context = {"problems": error.problems, "token": reset_token(form.get("token")) or ""}
        return render(request, "pages/reset.html", context, 422)
    except accounts.ResetLinkGone:
        return _link_gone(request)
    request.session.clear()  # whoever was signed in here logs in afresh, like everyone else
    notice = "Password changed, and every device signed in to the account signed out. Log in."
    return render(request, "pages/login.html", {"problems": {}, "values": {}, "notice": notice})


@router.post("/logout")
def logout(request: Request, store: StoreDep) -> Response:
    token = request.session.get(SESSION_TOKEN)
    if isinstance(token, str):
        accounts.log_out(store, token)
    request.session.clear()
    response = redirect(request, "/login")
    rotate_csrf(request, response)
    return response


@router.get("/account")
def account(request: Request, caller: CallerDep) -> Response:
    return render(request, "pages/account.html", {"problems": {}, "done": None})


@router.post("/account/password")
def password(request: Request, caller: CallerDep, form: FormDep, _work: PasswordWork) -> Response:
    try:
        current, new = parse_password_form(form)
        accounts.change_password(
            caller.store,
            passwords_of(request),
            throttle_of(request),
            user_id=caller.user,
            token=request.session[SESSION_TOKEN],
            current=current,
            new=new,
        )
    except InvalidInput as error:
        return render(
            request, "pages/account.html", {"problems": error.problems, "done": None}, 422
        )
    done = "Password changed. Any other device signed in to your account is now signed out."
    return render(request, "pages/account.html", {"problems": {}, "done": done})


@router.post("/account/unit")
def unit(request: Request, caller: CallerDep, form: FormDep) -> Response:
    chosen = parse_unit(str(form.get("unit") or ""))
    if chosen is None:
        problems = {"unit": "pick kg or lb"}
        return render(request, "pages/account.html", {"problems": problems, "done": None}, 422)
    accounts.set_unit(caller.store, user_id=caller.user, unit=chosen)
    request.state.unit = chosen  # this page already shows the new unit
    done = f"Loads are now entered and shown in {chosen.value}; they stay stored exactly."
    return render(request, "pages/account.html", {"problems": {}, "done": done})


@router.post("/account/delete")
def delete_account(request: Request, caller: CallerDep, form: FormDep) -> Response:
    if form.get("confirm") != "delete":
        problems = {"confirm": "type the word delete to confirm"}
        return render(request, "pages/account.html", {"problems": problems, "done": None}, 422)
    accounts.delete_account(caller.store, user_id=caller.user)
    request.session.clear()
    return render(request, "pages/deleted.html")
