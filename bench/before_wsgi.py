"""The project as it answered the claim list and the article page before the lean
rows and the view-built article page, for bench/load.py --before: the same
application with bench/api.py's "before" paths put back in this process."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api  # noqa: E402

from attribution.wsgi import application  # noqa: E402  (sets Django up)

api._serializer_list().__enter__()
api._template_article_page().__enter__()

__all__ = ["application"]
