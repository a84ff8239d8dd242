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
