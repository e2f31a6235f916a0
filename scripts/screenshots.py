"""The README's screenshots of each role's home page, from the browser test that checks them.

Runs tests/browser/test_design.py::test_each_role_home_page_shows_its_work with
SCREENSHOT_DIR=docs, so the pictures show exactly what the test asserts (the test's own
data, at 1280 px) and stay current: run it again after changing the home page.

    DATABASE_URL=postgresql://... .venv/bin/python scripts/screenshots.py [--out docs]
"""

import argparse
import os
import subprocess  # nosec B404 (runs pytest from this checkout)
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/browser/test_design.py::test_each_role_home_page_shows_its_work"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs", help="folder for home-<role>.png")
    args = parser.parse_args()
    out = (ROOT / args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SCREENSHOT_DIR": str(out)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST]
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603  # nosec B603
    if result.returncode == 0:
        for png in sorted(out.glob("home-*.png")):
            print(png.relative_to(ROOT))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
