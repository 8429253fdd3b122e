"""`make audit`: pip-audit over requirements.lock, and what it could check.

Reads the lock file (every pin, with its hashes) rather than the installed
environment, so that it audits what every install gets, without installing
anything (--disable-pip). Fails when a locked package has a known vulnerability.
pip-audit skips a package
it cannot look up (PyPI's JSON API unreachable, or a package PyPI does not hold,
such as the repackaged spaCy model) without failing; this says how many were
really checked, and when none were, says so loudly. AUDIT_STRICT=1 makes that a
failure too.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
LOCK = Path(__file__).resolve().parents[1] / "requirements.lock"


def main() -> int:
    run = subprocess.run(
        [
            str(PIP_AUDIT),
            "--requirement",
            str(LOCK),
            "--require-hashes",
            "--disable-pip",  # read the pins as they are: nothing to resolve
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1) or not run.stdout.strip():
        sys.stderr.write(run.stderr)
        print("audit: pip-audit did not run", file=sys.stderr)
        return run.returncode or 1
    dependencies = json.loads(run.stdout)["dependencies"]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(f"audit: {dep['name']} {dep['version']}: {vuln['id']} ({fixed})")
    checked = len(dependencies) - len(skipped)
    print(
        f"audit: {checked} of {len(dependencies)} locked packages checked, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    if vulnerable:
        return 1
    if checked == 0:
        print(
            "audit: NOTHING WAS CHECKED: pip-audit could look up none of the "
            "packages (is PyPI's JSON API reachable from here?)",
            file=sys.stderr,
        )
        return 1 if os.environ.get("AUDIT_STRICT") == "1" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
