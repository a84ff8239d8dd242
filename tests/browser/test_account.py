"""Forms that say what is wrong; import a log, edit a set; a wrong current password; delete the account."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, Members, check_a11y, log_in_new, screenshot

STRONG_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "strong.csv"


def test_account_import_edit_and_delete(page: Page, viewport: str, members: Members) -> None:
    page.goto("/signup")
    page.get_by_label("Email").fill("not an email")
    page.get_by_label("Password (at least 10 characters)").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("must be an email address like you@example.com")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    check_a11y(page, "sign up with errors")

    # Signed up through the services (the sign-up page's own walk: test_first_session)
    email = log_in_new(page, members, "account")

    page.goto("/import")
    expect(page.get_by_role("heading", name="Import your training log")).to_be_visible()
    check_a11y(page, "import")
    page.get_by_label("CSV file").set_input_files(STRONG_CSV)
    page.get_by_role("button", name="Import").click()
    report = page.get_by_role("status").filter(has_text="Import report")
    expect(report.get_by_role("paragraph").first).to_have_text(
        "Imported 7 new sets from a strong export; 0 already there; 2 rows skipped: "
        "2 that are not sets (rest timers, notes, cardio)."
    )
    check_a11y(page, "import report")

    page.goto("/history")
    edits = page.get_by_role("link", name="Edit")
    logged = edits.count()
    assert logged > 0
    edits.first.click()
    expect(page.get_by_role("heading", name="Edit a set of")).to_be_visible()
    check_a11y(page, "edit a set")
    page.get_by_label("Reps (or seconds for a hold)").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("is required")).to_be_visible()
    check_a11y(page, "edit a set with errors")
    page.get_by_label("Reps (or seconds for a hold)").fill("9")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(logged)

    page.goto("/account")
    page.get_by_label("Current password").fill("wrong password!")
    page.get_by_label("New password (at least 10 characters)").fill("another long password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("is not your current password")).to_be_visible()
    check_a11y(page, "account with errors")

    page.get_by_label('Type "delete" to confirm').fill("delete")
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_role("heading", name="Account deleted")).to_be_visible()
    check_a11y(page, "account deleted")
    screenshot(page, "deleted", viewport)
    page.goto("/history")
    expect(page).to_have_url("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    check_a11y(page, "log in with errors")
