"""What create_app is handed is what the routes use."""

from hamstrong.services.plans import PlanCache
from tests.web.conftest import TestClient, make_app, onboard, post, sign_up


def test_the_web_app_plans_with_the_cache_it_was_given(settings, clock):
    plans = PlanCache()
    app = make_app(settings, plans=plans, clock=clock)
    assert app.state.plans is plans
    with TestClient(app, base_url="http://testserver") as client:
        sign_up(client)
        onboard(client)
        assert post(client, "/onboarding/start", follow_redirects=False).status_code == 303
        for page in ("/", "/programme", "/progress"):
            assert client.get(page).status_code == 200
    assert len(plans) == 1


def test_templates_are_given_no_core_decider(app):
    """The globals and filters templates call: services, phrasing and types, never a function
    that decides a rule (a page shows what its service or route decided)."""
    from tests.test_layers import CORE_TYPES, CORE_WORDS

    env = app.state.templates.env
    deciders = sorted(
        f"{name}: {module}.{value.__name__}"
        for name, value in [*env.globals.items(), *env.filters.items()]
        if callable(value)
        and (module := getattr(value, "__module__", None) or "").startswith("hamstrong.core.")
        and (core := module.split(".")[2]) not in CORE_TYPES
        and value.__name__ not in CORE_WORDS.get(core, set())
    )
    assert deciders == []
