"""schemathesis against the API's own schema, in-process (WSGI), as each role.

For every operation it generates requests from the schema - valid ones, and (negative mode)
ones that break it - and checks that none gets a server error and every response matches
the schema. Path parameters come both from real rows (so the real views run with odd
query strings and bodies) and from the generator (so unknown ids and URNs are tried).
Bounded by MAX_EXAMPLES so that it stays a few minutes on two cores.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from compliance.api.tokens import KEY_PREFIX, PREFIX_LENGTH, hash_key
from compliance.services.evidence import EvidenceUpload
from compliance.services.lifecycle import add_evidence
from providers.models import ApiToken

pytestmark = pytest.mark.django_db

# The app as compliance.wsgi builds it, without that module's start-up refusal of the
# development SECRET_KEY that tests run with.
application = get_wsgi_application()

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
ROLES = [
    "manager",
    "responsible_individual",
    "registered_manager",
    "regulator",
    "admin",
    "outsider",
]
CHECKS = [not_a_server_error, response_schema_conformance]
HIGH_ID = 10**9  # the role's own token: far from ids the generator tries to revoke


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django closes database connections at the end of each WSGI request; the test client
    stops that, and so must we, or the test's own transaction would go with it."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.API_THROTTLE_USER = None
    settings.API_THROTTLE_ANON = None
    settings.API_THROTTLE_IMPORT = None
    settings.API_CHANGES_DELAY_SECONDS = 0


def token_for(user, number: int) -> str:
    key = f"{KEY_PREFIX}fuzz-{user.username}-{number}"
    ApiToken.objects.create(
        pk=HIGH_ID + number,
        user=user,
        name="schemathesis",
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
    )
    return key


def real_path_parameters(world, findings) -> dict[str, str]:
    evidence_event = add_evidence(
        requirement=findings.due_soon,
        user=world.manager,
        files=[EvidenceUpload(name="log.txt", content=b"drill done\n")],
    )
    return {
        "/api/v1/homes/": {"urn": world.home.urn},
        "/api/v1/providers/": {"id": world.provider.pk},
        "/api/v1/inspections/": {"id": findings.due_soon.inspection_id},
        "/api/v1/requirements/": {
            "id": findings.due_soon.pk,
            "evidence_id": evidence_event.files.get().pk,
        },
        "/api/v1/recommendations/": {"id": 1},
        "/api/v1/regulations/": {"number": 12},
        "/api/v1/people/": {"id": world.home.registered_manager_id},
        "/api/v1/tokens/": {"id": 1},
    }


def fixed_parameters(operation, known) -> dict:
    names = {p.name for p in operation.path_parameters}
    for prefix, values in known.items():
        if operation.path.startswith(prefix):
            return {name: value for name, value in values.items() if name in names}
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_no_request_gets_a_server_error_or_breaks_the_schema(
    role, world, findings, unthrottled, wsgi_keeps_the_test_connection
):
    from tests.factories import RecommendationFactory

    RecommendationFactory(inspection=findings.due_soon.inspection)
    user = getattr(world, role)
    headers = {"Authorization": f"Token {token_for(user, ROLES.index(role))}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    schema.config.generation.update(with_security_parameters=False, allow_x00=True)
    known = real_path_parameters(world, findings)

    failures: list[str] = []
    runs = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        real = fixed_parameters(operation, known) or None
        variants = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, real)]
        if real:
            variants.append((GenerationMode.POSITIVE, real))
        for mode, path_parameters in variants:
            try:
                try:
                    run(operation, mode, path_parameters, headers)
                except Unsatisfiable:
                    if mode is GenerationMode.POSITIVE or path_parameters is None:
                        raise
                    run(operation, mode, None, headers)  # nothing but the path to break
                runs += 1
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # only "nothing to break" is allowed
            except Exception as failure:  # collect them all, then report
                failures.append(f"{operation.label} [{mode.value}]: {failure}")
    assert runs > 60
    assert not failures, "\n\n".join(failures)


def run(operation, mode, path_parameters, headers) -> None:
    strategy = operation.as_strategy(
        generation_mode=mode, headers=headers, path_parameters=path_parameters
    )

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
