"""schemathesis against our own OpenAPI schema: every operation, positive and
negative cases, no 5xx, and every response (status, content type, body,
headers) as the schema says.

A bounded number of examples per operation keeps this part of `make test`
to seconds. Half the positive cases aim at real objects (the owner's series,
part and draft), so that the 2xx answers are checked too, not only the 404s.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from posts.api.models import AccessToken, hash_token
from tests.factories import make_draft

EXAMPLES_PER_OPERATION = 20
IMPORT = "POST /api/v1/drafts/import"

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,  # the same cases every run: a failure can be replayed
)


# The world fixture stores this token's hash for the owner; schemathesis sends
# it as the schema's own auth, so its ignored_auth check knows it is valid and
# tries each operation again without it and with a wrong one (both must be 401).
SECRET = "pw_schemathesis-token-for-the-schema-tests-only"


@schema.auth(refresh_interval=None, retry_on=[])
class PipelineToken:
    def get(self, case, ctx):
        return SECRET

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def _keep_the_test_connection():
    """schemathesis calls the real WSGI handler, which closes the database
    connection after each request, and with it the test's transaction. Django's
    test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(user, series, part, draft, settings, _keep_the_test_connection) -> dict:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (10_000, 60)}
    make_draft(part, "Second draft, #AI")
    return {
        "token": AccessToken.objects.create(
            user=user,
            name="schemathesis",
            scope=AccessToken.Scope.WRITE,
            token_hash=hash_token(SECRET),
            prefix=SECRET[:10],
        ),
        "path": {"slug": series.slug, "part_id": part.pk, "draft_id": draft.pk},
    }


@schema.given(aim_at_real_objects=st.booleans())
@schema.parametrize()
# The objects are made once per operation and the cases pile up on them (in one
# rolled-back transaction): what a client's session of calls looks like anyway.
@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ]
)
def test_api_conforms_to_its_schema(case, world, aim_at_real_objects):
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if aim_at_real_objects and positive:
        for name in case.path_parameters or {}:
            case.path_parameters[name] = world["path"][name]
        if isinstance(case.body, dict) and case.body.get("series") is not None:
            case.body["series"] = world["path"]["slug"]
    response = case.call()
    if case.operation.label != IMPORT:
        case.validate_response(response)
        return
    # A schema-valid file the importer rejects (no series named, say) is a 422
    # that says so, and so is a key used before for another file; any other
    # refusal of valid input is still a failure.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    if positive and response.status_code == 422:
        detail = response.json()["detail"]
        assert detail.startswith(("Not imported: ", "This Idempotency-Key")), detail
