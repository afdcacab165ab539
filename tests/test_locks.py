"""The two locks: the image's runtime lock holds no development tool, and both pin with hashes."""

import re
import tomllib
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCKS = PROJECT_DIR / "requirements"
# Never in the image, whatever pyproject.toml's dev extra says today. (fpdf2 is a runtime
# dependency since issue 13: it writes the printable action plan.)
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "playwright",
    "schemathesis",
    "hypothesis",
    "factory-boy",
    "faker",
    "ruff",
    "aiosmtpd",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if match:
            found[canonical(match[1])] = match[2]
    return found


def dev_extra() -> set[str]:
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    return {
        canonical(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0])
        for spec in project["optional-dependencies"]["dev"]
    }


def test_the_runtime_lock_holds_no_development_package():
    runtime = pins(LOCKS / "runtime.lock")
    assert "django" in runtime and "celery" in runtime  # it was read
    assert set(runtime) & (TEST_TOOLS | dev_extra()) == set()


def test_the_dev_lock_is_the_runtime_lock_plus_the_dev_extra_at_the_same_pins():
    runtime, dev = pins(LOCKS / "runtime.lock"), pins(LOCKS / "dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
    assert dev_extra() <= set(dev)


def test_every_pin_carries_a_hash():
    for lock in ("runtime.lock", "dev.lock"):
        text = (LOCKS / lock).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text)
        for entry in entries:
            if "==" in entry:
                assert "--hash=sha256:" in entry, f"{lock}: {entry.splitlines()[0]} has no hash"
