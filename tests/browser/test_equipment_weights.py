"""The wizard's equipment step asks for the unit and the dumbbells you have; a weight that is
not a number is refused next to its field, and what you typed is kept."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import Members, check_a11y, log_in_new, screenshot


def test_the_equipment_step_takes_the_weights_you_have(
    page: Page, viewport: str, members: Members
) -> None:
    log_in_new(page, members, "weights")
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    page.get_by_role("radio", name="Beginner").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="What do you have?")).to_be_visible()
    dumbbell = page.get_by_role("checkbox", name="Dumbbell", exact=True)
    expect(dumbbell).to_have_accessible_description(re.compile(r"^one or two dumbbells"))
    dumbbell.check()
    page.get_by_label("lb (pounds)").check()
    weights = page.get_by_label("Dumbbell weights you have")
    weights.fill("15, twenty")
    page.get_by_role("button", name="Next").click()
    expect(
        page.get_by_text("write the weights as numbers with commas between them")
    ).to_be_visible()
    expect(weights).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("lb (pounds)")).to_be_checked()
    check_a11y(page, "equipment with a bad weight")
    screenshot(page, "equipment-weights", viewport)
    weights.fill("15, 20, 25")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="What are you training for?")).to_be_visible()
    page.goto("/onboarding/equipment")
    expect(page.get_by_label("Dumbbell weights you have")).to_have_value("15, 20, 25")
