"""Lay out an attribution graph (speakers -> outlets -> articles) for an SVG template.

Columns run left to right from the speakers to the articles; an outlet sits as many
columns from its article as its deepest place in a via chain. The template draws the
boxes and curves from the coordinates computed here; no JavaScript is involved.
"""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from attribution.models import Claim

# The graph is laid out to fill the page's content width (1200 px less padding):
# fewer columns get wider boxes, and labels wrap onto two lines before they are cut.
WIDTH = 1166
GAP = 56
NODE_W = 180  # the narrowest box
MAX_NODE_W = 320
NODE_H = 48
ROW = NODE_H + 14
MARGIN = 16
CHAR_PX = 7.4  # the width of an average character of the 13 px label font
LINES = 2


@dataclass
class Node:
    key: tuple
    kind: str  # speaker, outlet or article
    label: str
    url: str
    layer: int = 0
    x: int = 0
    y: int = 0
    title: str = ""
    claims: int = 0
    lines: list[str] = field(default_factory=list)


def label_lines(label: str, width: int) -> list[str]:
    """The label wrapped to the box's width on at most LINES lines, the last cut
    with an ellipsis when the label is longer still."""
    chars = max(8, int((width - 20) / CHAR_PX))
    lines = textwrap.wrap(label, chars, break_long_words=True) or [""]
    if len(lines) > LINES:
        rest = " ".join(lines[LINES - 1 :])
        lines = [*lines[: LINES - 1], rest[: chars - 1].rstrip() + "…"]
    return lines


@dataclass
class Edge:
    source: Node
    target: Node
    claims: int = 0
    path: str = ""
    width: int = 1


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0
    node_w: int = NODE_W
    node_h: int = NODE_H


def attribution_graph(claims: Iterable[Claim]) -> Graph:
    """Nodes and edges of the paths speaker -> innermost ... outermost -> article."""
    nodes: dict[tuple, Node] = {}
    edges: dict[tuple, Edge] = {}

    def node(key: tuple, **kwargs) -> Node:
        if key not in nodes:
            nodes[key] = Node(key=key, **kwargs)
        return nodes[key]

    for claim in claims:
        chain = claim.via_chain
        article = claim.article
        path = [
            node(
                ("article", article.pk),
                kind="article",
                label=str(article),
                url=reverse("web:article-detail", args=[article.pk]),
            )
        ]
        for position, outlet in enumerate(chain):
            outlet_node = node(
                ("outlet", outlet.pk),
                kind="outlet",
                label=outlet.name,
                url=reverse("web:outlet-detail", args=[outlet.slug]),
            )
            outlet_node.layer = max(outlet_node.layer, position + 1)
            path.append(outlet_node)
        speaker = claim.speaker
        path.append(
            node(
                ("speaker", speaker.pk if speaker else None),
                kind="speaker",
                label=speaker.name if speaker else "Unknown speaker",
                url=(
                    reverse("web:speaker-detail", args=[speaker.slug])
                    if speaker
                    else ""
                ),
            )
        )
        for item in path:
            item.claims += 1
        for target, source in zip(path, path[1:], strict=False):
            edge = edges.setdefault(
                (source.key, target.key), Edge(source=source, target=target)
            )
            edge.claims += 1

    return _layout(list(nodes.values()), list(edges.values()))


def _layout(nodes: list[Node], edges: list[Edge]) -> Graph:
    if not nodes:
        return Graph()
    last = max((n.layer for n in nodes if n.kind == "outlet"), default=0) + 1
    for n in nodes:
        if n.kind == "speaker":
            n.layer = last
    columns: dict[int, list[Node]] = {}
    for n in nodes:
        columns.setdefault(n.layer, []).append(n)
    count = last + 1
    node_w = (WIDTH - 2 * MARGIN - (count - 1) * GAP) // count
    node_w = max(NODE_W, min(MAX_NODE_W, node_w))
    column_w = node_w + GAP
    tallest = max(len(column) for column in columns.values())
    height = tallest * ROW + MARGIN
    for layer, column in columns.items():
        column.sort(key=lambda n: (-n.claims, n.label))
        top = (height - len(column) * ROW) // 2 + MARGIN // 2
        for i, n in enumerate(column):
            n.x = MARGIN + (last - layer) * column_w
            n.y = top + i * ROW
            n.title = f"{n.label}: {n.claims} claim{'s' if n.claims != 1 else ''}"
            n.lines = label_lines(n.label, node_w)
    for e in edges:
        x1, y1 = e.source.x + node_w, e.source.y + NODE_H // 2
        x2, y2 = e.target.x, e.target.y + NODE_H // 2
        bend = (x2 - x1) // 2
        e.path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        e.width = 1 + min(e.claims, 6)
    return Graph(
        nodes=nodes,
        edges=edges,
        width=count * column_w - GAP + 2 * MARGIN,
        height=height + MARGIN,
        node_w=node_w,
    )
