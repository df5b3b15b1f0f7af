"""Build-time SVG diagrams and charts: the same picture in the site and in the books.

Pure functions, model in and SVG text out, byte-for-byte deterministic. Plain inline SVG: no
script, no external reference, no web font; every word is real SVG text (searchable, selectable,
extractable from a PDF), wrapped to fit its box by the shipped font's metrics.

Colours work in both renderers from one string. Each element carries its print colours as
presentation attributes; a `<style>` block maps the same classes to Material's CSS custom
properties (light and dark "slate" schemes) inside `@media screen`. WeasyPrint 70's SVG renderer
ignores `@media` blocks and cannot resolve `var()` (a `var()` rule paints black there), and a
browser printing the page skips the screen block as well, so print always gets the plain colours.

Sizes come from the viewBox: the picture scales down to its container, never beyond 1:1. Wide
diagrams keep a legible minimum width on screen (again only inside `@media screen`), so the
caller places them in `scroll_container()`: on a phone the diagram scrolls sideways inside its
own box and the page never does.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.model import Handbook, Process, Role
from generator.render.common import Labels, Locale
from generator.render.text_metrics import Weight, Wrapped, ellipsize, text_width, wrap

FONT_FAMILY = '"Be Vietnam Pro", "Noto Sans", sans-serif'
# Wrap a little short of the box: a browser without Be Vietnam Pro substitutes its own sans-serif,
# which can be a few per cent wider.
_FIT = 0.94
# Below this scale text gets too small to read on a phone; wider diagrams scroll instead.
_MIN_SCALE = 0.72
_PHONE_WIDTH = 358  # a 390 px phone less Material's content padding

Number = float | Decimal


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: `value` None means no data (no bar, a dash instead of a figure)."""

    label: str
    value: Number | None
    secondary: str | None = None  # e.g. "12 đạt / 3 không đạt"
    url: str | None = None


@dataclass(frozen=True)
class Point:
    """One month of a trend: `month` is "YYYY-MM"; `value` None leaves a gap in the line."""

    month: str
    value: Number | None


# --- Paints: print colours as attributes, screen colours from Material's custom properties ----


@dataclass(frozen=True)
class _Paint:
    attributes: tuple[tuple[str, str], ...]
    screen: str


def _fill(colour: str, variable: str) -> _Paint:
    return _Paint((("fill", colour),), f"fill:var({variable},{colour})")


def _stroke(colour: str, variable: str) -> _Paint:
    return _Paint((("fill", "none"), ("stroke", colour)), f"stroke:var({variable},{colour})")


_TEXT, _MUTED, _PRIMARY = "#1f2328", "#5f6368", "#00897b"
_PAINTS: dict[str, _Paint] = {
    "text": _fill(_TEXT, "--md-default-fg-color"),
    "muted": _fill(_MUTED, "--md-default-fg-color--light"),
    "link": _fill("#00796b", "--md-typeset-a-color"),
    "box": _Paint(
        (("fill", "#f6f8fa"), ("stroke", "#aab2bb")),
        "fill:var(--md-code-bg-color,#f6f8fa);stroke:var(--md-default-fg-color--lighter,#aab2bb)",
    ),
    "box-focus": _Paint(
        (("fill", "#e0f2f1"), ("stroke", _PRIMARY)),
        "fill:var(--md-accent-fg-color--transparent,#e0f2f1);"
        f"stroke:var(--md-primary-fg-color,{_PRIMARY})",
    ),
    "lane": _fill("#f1f3f4", "--md-default-fg-color--lightest"),
    "lane-head": _fill("#e3e7ea", "--md-default-fg-color--lightest"),
    "rule": _stroke("#d0d5da", "--md-default-fg-color--lightest"),
    "edge": _stroke("#80868b", "--md-default-fg-color--light"),
    "arrow": _fill("#80868b", "--md-default-fg-color--light"),
    "badge": _fill(_PRIMARY, "--md-primary-fg-color"),
    "badge-text": _fill("#ffffff", "--md-primary-bg-color"),
    "bar": _fill(_PRIMARY, "--md-primary-fg-color"),
    # Below target: a fixed orange that reads on white paper and on the dark scheme alike.
    "bar-low": _Paint((("fill", "#e8710a"),), "fill:#e8710a"),
    "track": _fill("#e8eaed", "--md-default-fg-color--lightest"),
    "line": _stroke(_PRIMARY, "--md-primary-fg-color"),
    "dot": _Paint(
        (("fill", _PRIMARY), ("stroke", "#ffffff")),
        f"fill:var(--md-primary-fg-color,{_PRIMARY});stroke:var(--md-default-bg-color,#fff)",
    ),
    "target": _stroke("#5f6368", "--md-default-fg-color--light"),
    "plate": _fill("#ffffff", "--md-default-bg-color"),
}

_STYLE = (
    "<style>@media screen{"
    "svg.hbd{min-width:var(--hbd-min-width,0)}"
    + "".join(f".hbd .hbd-{name}{{{paint.screen}}}" for name, paint in _PAINTS.items())
    + ".hbd a:hover .hbd-box,.hbd a:focus .hbd-box,.hbd a:hover .hbd-box-focus,"
    ".hbd a:focus .hbd-box-focus{stroke:var(--md-accent-fg-color,#526cfe);stroke-width:2}"
    ".hbd a:hover .hbd-link,.hbd a:focus .hbd-link{text-decoration:underline}"
    "}</style>"
)

# Department colours (Okabe-Ito based: distinguishable with colour-blindness, on light and dark).
_DEPARTMENT_COLOURS = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#8e6bbf",
    "#7f8c8d",
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    return html.escape(_XML_INVALID.sub("", text), quote=True)


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- Writing SVG ------------------------------------------------------------------------------


class _Canvas:
    """Collects SVG elements; every coordinate is rounded to 0.1 so output is stable."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def element(self, tag: str, paint: str | None, **attributes: float | str) -> None:
        self._parts.append(f"<{tag}{_attributes(paint, attributes)}/>")

    def rect(self, x: float, y: float, w: float, h: float, paint: str, radius: float = 0) -> None:
        extra: dict[str, float | str] = {"rx": radius} if radius else {}
        self.element("rect", paint, x=x, y=y, width=w, height=h, **extra)

    def path(self, d: str, paint: str, **attributes: float | str) -> None:
        if d:
            self.element("path", paint, d=d, **attributes)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        paint: str = "text",
        size: float = 13,
        weight: Weight = "regular",
        anchor: str = "start",
    ) -> None:
        attributes: dict[str, float | str] = {"x": x, "y": y}
        if size != 13:
            attributes["font-size"] = size
        if weight == "semibold":
            attributes["font-weight"] = "600"
        if anchor != "start":
            attributes["text-anchor"] = anchor
        self._parts.append(f"<text{_attributes(paint, attributes)}>{_escape(content)}</text>")

    def tooltip(self, text: str) -> None:
        self._parts.append(f"<title>{_escape(text)}</title>")

    @contextmanager
    def group(self, url: str | None, tooltip: str | None = None, **data: str) -> Iterator[None]:
        """A link when `url` is given, else a plain group; the tooltip first, as SVG wants it.
        `data` become `data-*` attributes naming what the group shows (read by tests)."""
        marks = "".join(f' data-{name}="{_escape(value)}"' for name, value in data.items())
        self._parts.append(f'<a href="{_escape(url)}"{marks}>' if url else f"<g{marks}>")
        if tooltip:
            self.tooltip(tooltip)
        yield
        self._parts.append("</a>" if url else "</g>")

    def svg(
        self, *, kind: str, width: float, height: float, label: str, scrolls: bool = True
    ) -> str:
        """The document; `scrolls`: keep a legible minimum width on screen (wide diagrams)."""
        width, height = math.ceil(width), math.ceil(height)
        style = f"display:block;max-width:{width}px;height:auto"
        if scrolls and width * _MIN_SCALE > _PHONE_WIDTH:
            style += f";--hbd-min-width:{math.floor(width * _MIN_SCALE)}px"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="hbd hbd-{kind}"'
            f' viewBox="0 0 {width} {height}" width="100%" style="{style}"'
            f' role="img" aria-label="{_escape(label)}"'
            f' font-family="{_escape(FONT_FAMILY)}" font-size="13">'
        )
        return "\n".join([head, f"<title>{_escape(label)}</title>", _STYLE, *self._parts, "</svg>"])


def _attributes(paint: str | None, attributes: Mapping[str, float | str]) -> str:
    items: list[tuple[str, str]] = []
    if paint:
        items.append(("class", f"hbd-{paint}"))
        items.extend(_PAINTS[paint].attributes)
    for name, value in attributes.items():
        items.append((name.replace("_", "-"), value if isinstance(value, str) else _num(value)))
    return "".join(f' {name}="{_escape(value)}"' for name, value in items)


def scroll_container(svg: str) -> str:
    """The diagram in a box that scrolls sideways on its own: a phone page never does."""
    return f'<div class="hbd-scroll" style="overflow-x:auto;overflow-y:hidden">\n{svg}\n</div>'


def _text_block(
    canvas: _Canvas,
    x: float,
    top: float,
    lines: Sequence[str],
    *,
    size: float,
    line_height: float,
    paint: str = "text",
    weight: Weight = "regular",
    anchor: str = "start",
) -> None:
    """Lines whose first line box starts at `top` (baseline placed for Vietnamese capitals)."""
    for index, line in enumerate(lines):
        baseline = top + index * line_height + (line_height + 0.7 * size) / 2
        canvas.text(x, baseline, line, paint=paint, size=size, weight=weight, anchor=anchor)


def _fit(text: str, width: float, size: float, weight: Weight, max_lines: int) -> Wrapped:
    return wrap(text, width * _FIT, size, weight, max_lines)


# --- Reporting tree ---------------------------------------------------------------------------

_TITLE_SIZE, _TITLE_LINE = 13.0, 16.5
_DEPT_SIZE, _DEPT_LINE = 11.0, 14.0
_NODE_PAD_X, _NODE_PAD_Y, _STRIPE, _TITLE_GAP = 12.0, 9.0, 4.0, 4.0
_TIDY_BOX = 176.0
_OUTLINE_WIDTH = 352.0  # the indented list fits a 390 px phone at full size
_SIBLING_GAP, _LEVEL_GAP = 20.0, 36.0
_INDENT, _ROW_GAP, _COLUMN_GAP = 24.0, 10.0, 32.0
# Widest top-down chart: about a desktop content column, and an A4 text width at 0.85 scale.
_TIDY_MAX_WIDTH = 760.0


@dataclass(frozen=True)
class _OrgNode:
    id: str
    title: Wrapped
    department: str
    tooltip: str
    colour: str
    url: str | None
    focused: bool


_Segment = tuple[str, float, float, float, float]  # manager id, then a horizontal or vertical line


@dataclass
class _Block:
    """A laid-out part of the tree; `anchor` is where the connector from above meets its top."""

    width: float
    height: float
    anchor: float
    boxes: list[tuple[str, float, float, float]]  # role id, x, y, height
    segments: list[_Segment]

    def shift(self, dx: float, dy: float) -> _Block:
        return _Block(
            self.width,
            self.height,
            self.anchor + dx,
            [(node, x + dx, y + dy, height) for node, x, y, height in self.boxes],
            [(m, x1 + dx, y1 + dy, x2 + dx, y2 + dy) for m, x1, y1, x2, y2 in self.segments],
        )


@dataclass(frozen=True)
class _Tree:
    roots: tuple[str, ...]
    children: Mapping[str, tuple[str, ...]]

    def depth(self) -> int:
        deepest, stack = 0, [(root, 0) for root in self.roots]
        while stack:
            node, level = stack.pop()
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in self.children[node])
        return deepest

    def preorder(self) -> list[tuple[str, int, str | None]]:
        """(node, level, parent) in reading order."""
        rows: list[tuple[str, int, str | None]] = []
        stack: list[tuple[str, int, str | None]] = [(r, 0, None) for r in reversed(self.roots)]
        while stack:
            node, level, parent = stack.pop()
            rows.append((node, level, parent))
            stack.extend((child, level + 1, node) for child in reversed(self.children[node]))
        return rows


@dataclass(frozen=True)
class _Sizes:
    """Box width, each box's own height (from its text) and one height per depth: boxes in a
    top-down row share their level's height so the row lines up; listed boxes use their own."""

    box: float
    own: dict[str, float]
    level: tuple[float, ...]

    @staticmethod
    def of(tree: _Tree, box: float, nodes: Mapping[str, _OrgNode]) -> _Sizes:
        own = {role_id: _node_height(node) for role_id, node in nodes.items()}
        level: dict[int, float] = {}
        for node, depth, _ in tree.preorder():
            level[depth] = max(level.get(depth, 0.0), own[node])
        return _Sizes(box, own, tuple(level[depth] for depth in range(len(level))))


def _reporting_tree(handbook: Handbook, locale: Locale, focus: str | None) -> _Tree:
    roles = handbook.roles
    ordered = locale.sorted(roles.values(), lambda role: role.title, lambda role: role.id)
    children: dict[str, list[str]] = {role.id: [] for role in ordered}
    roots: list[str] = []
    for role in ordered:
        manager = role.reports_to
        if manager is not None and manager in roles and manager != role.id:
            children[manager].append(role.id)
        else:
            roots.append(role.id)
    _break_cycles(roots, children, [role.id for role in ordered])
    if focus is None:
        return _Tree(tuple(roots), {node: tuple(kids) for node, kids in children.items()})
    chain = [focus]
    while (manager := roles[chain[-1]].reports_to) is not None:
        if manager not in roles or manager in chain:
            break
        chain.append(manager)
    chain.reverse()
    focused: dict[str, tuple[str, ...]] = {
        upper: (lower,) for upper, lower in itertools.pairwise(chain)
    }
    focused[focus] = tuple(children[focus])
    for report in children[focus]:
        focused[report] = ()
    return _Tree((chain[0],), focused)


def _break_cycles(roots: list[str], children: dict[str, list[str]], ordered: list[str]) -> None:
    """Validation forbids cycles; should one slip through, its roles still get drawn once."""
    reached: set[str] = set()
    pending = list(roots)
    while True:
        while pending:
            node = pending.pop()
            if node not in reached:
                reached.add(node)
                pending.extend(children[node])
        missing = next((node for node in ordered if node not in reached), None)
        if missing is None:
            return
        for kids in children.values():
            if missing in kids:
                kids.remove(missing)
        roots.append(missing)
        pending.append(missing)


def org_chart_svg(
    handbook: Handbook,
    locale: Locale,
    url_for: Callable[[str], str | None] | None = None,
    *,
    focus: str | None = None,
    max_rows: int | None = None,
) -> str:
    """The reporting tree from `Role.reports_to`; several roots allowed.

    Each node shows the role's title (wrapped, up to three lines) and department name, with a
    department colour stripe, and links to `url_for(role_id)` when that gives a URL.

    Layout: a top-down tree when it fits `_TIDY_MAX_WIDTH` (leaves that share a manager are
    stacked under it, and below some depth whole branches become indented lists, whichever is
    the deepest top-down part that fits); otherwise an indented list, which grows only downwards
    and reads at full size on a 390 px phone however large the organisation is.

    `focus`: draw only that role's line of managers up to the top and its direct reports, with
    the role highlighted (a role page, a book chapter). `max_rows`: in the indented layout, flow
    the list into side-by-side columns of at most this many roles (a printed page).
    """
    labels = Labels(locale.language)
    tree = _reporting_tree(handbook, locale, focus)
    title = handbook.roles[focus].title if focus else handbook.organisation.display_name
    label = f"{labels('reporting_tree')}: {title}"
    canvas = _Canvas()
    if not tree.roots:
        return canvas.svg(kind="org", width=_TIDY_BOX, height=1, label=label)
    colours = {
        department.id: _DEPARTMENT_COLOURS[index % len(_DEPARTMENT_COLOURS)]
        for index, department in enumerate(handbook.organisation.departments)
    }

    def nodes_for(box_width: float) -> dict[str, _OrgNode]:
        return {
            role_id: _org_node(
                handbook, handbook.roles[role_id], box_width, colours, url_for, focus
            )
            for role_id in tree.children
        }

    nodes = nodes_for(_TIDY_BOX)
    sizes = _Sizes.of(tree, _TIDY_BOX, nodes)
    block: _Block | None = None
    # Listing more branches only narrows the tree: when even the most listed top-down form is
    # too wide, skip straight to the indented list (large organisations stay linear).
    if _forest_top_down(tree, 1, sizes).width <= _TIDY_MAX_WIDTH:
        for cutoff in range(tree.depth(), 0, -1):
            candidate = _forest_top_down(tree, cutoff, sizes)
            if candidate.width <= _TIDY_MAX_WIDTH:
                block = candidate
                break
    if block is None:
        box_width = max(_TIDY_BOX, _OUTLINE_WIDTH - tree.depth() * _INDENT)
        nodes = nodes_for(box_width)
        sizes = _Sizes.of(tree, box_width, nodes)
        block = _indented(tree, sizes.box, sizes.own, max_rows)
    _draw_connectors(canvas, block.segments)
    for role_id, x, y, height in block.boxes:
        _draw_org_node(canvas, nodes[role_id], x, y, sizes.box, height)
    return canvas.svg(kind="org", width=block.width, height=block.height, label=label)


def _org_node(
    handbook: Handbook,
    role: Role,
    box_width: float,
    colours: Mapping[str, str],
    url_for: Callable[[str], str | None] | None,
    focus: str | None,
) -> _OrgNode:
    department = handbook.organisation.department(role.department).name
    inner = box_width - _STRIPE - 2 * _NODE_PAD_X
    return _OrgNode(
        id=role.id,
        title=_fit(role.title, inner, _TITLE_SIZE, "semibold", 3),
        department=ellipsize(department, inner * _FIT, _DEPT_SIZE),
        tooltip=f"{role.title} — {department}",
        colour=colours.get(role.department, _DEPARTMENT_COLOURS[-1]),
        url=url_for(role.id) if url_for else None,
        focused=role.id == focus,
    )


def _node_height(node: _OrgNode) -> float:
    return 2 * _NODE_PAD_Y + len(node.title.lines) * _TITLE_LINE + _TITLE_GAP + _DEPT_LINE


def _draw_org_node(
    canvas: _Canvas, node: _OrgNode, x: float, y: float, width: float, height: float
) -> None:
    with canvas.group(node.url, node.tooltip, role=node.id):
        canvas.rect(x, y, width, height, "box-focus" if node.focused else "box", radius=6)
        stripe_x, stripe_y = x + _STRIPE / 2 + 1, y + _STRIPE
        canvas.element(
            "rect",
            None,
            x=stripe_x,
            y=stripe_y,
            width=_STRIPE,
            height=height - 2 * _STRIPE,
            rx=_STRIPE / 2,
            fill=node.colour,
        )
        left = x + _STRIPE + _NODE_PAD_X
        top = y + _NODE_PAD_Y
        _text_block(
            canvas,
            left,
            top,
            node.title.lines,
            size=_TITLE_SIZE,
            line_height=_TITLE_LINE,
            weight="semibold",
        )
        department_top = y + height - _NODE_PAD_Y - _DEPT_LINE
        _text_block(
            canvas,
            left,
            department_top,
            [node.department],
            size=_DEPT_SIZE,
            line_height=_DEPT_LINE,
            paint="muted",
        )


def _draw_connectors(canvas: _Canvas, segments: Sequence[_Segment]) -> None:
    """One path per manager, joining the manager's box to each direct report's box."""
    paths: dict[str, list[str]] = {}
    for manager, x1, y1, x2, y2 in segments:
        line = f"M{_num(x1)} {_num(y1)}{'V' + _num(y2) if x1 == x2 else 'H' + _num(x2)}"
        paths.setdefault(manager, []).append(line)
    for manager, lines in paths.items():
        canvas.path("".join(lines), "edge", stroke_width=1.5, data_from=manager)


def _forest_top_down(tree: _Tree, cutoff: int, sizes: _Sizes) -> _Block:
    blocks = [_top_down(tree, root, 0, cutoff, sizes) for root in tree.roots]
    return _side_by_side(blocks, 2 * _SIBLING_GAP)[0]


def _top_down(tree: _Tree, node: str, depth: int, cutoff: int, sizes: _Sizes) -> _Block:
    box, height = sizes.box, sizes.level[depth]
    kids = tree.children[node]
    if not kids:
        return _Block(box, height, box / 2, [(node, 0, 0, height)], [])
    if depth >= cutoff or not any(tree.children[kid] for kid in kids):
        heights = ChainMap({node: height}, sizes.own)
        return _indented(_Tree((node,), tree.children), box, heights, None)
    leaves = [kid for kid in kids if not tree.children[kid]]
    blocks = [_leaf_stack(node, leaves, box, sizes.own)] if len(leaves) > 1 else []
    blocks += [
        _top_down(tree, kid, depth + 1, cutoff, sizes)
        for kid in kids
        if tree.children[kid] or len(leaves) == 1
    ]
    row, anchors = _side_by_side(blocks, _SIBLING_GAP)
    centre = (anchors[0] + anchors[-1]) / 2
    # The manager's box is centred over its reports; push the row right if it would stick out.
    shift = max(0.0, box / 2 - centre)
    row = row.shift(shift, height + _LEVEL_GAP)
    anchors = [anchor + shift for anchor in anchors]
    centre += shift
    bus = height + _LEVEL_GAP / 2
    segments: list[_Segment] = [
        (node, centre, height, centre, bus),
        (node, min(anchors[0], centre), bus, max(anchors[-1], centre), bus),
    ]
    segments += [(node, anchor, bus, anchor, bus + _LEVEL_GAP / 2) for anchor in anchors]
    return _Block(
        width=max(row.width + shift, centre + box / 2),
        height=height + _LEVEL_GAP + row.height,
        anchor=centre,
        boxes=[(node, centre - box / 2, 0, height), *row.boxes],
        segments=segments + row.segments,
    )


def _side_by_side(blocks: Sequence[_Block], gap: float) -> tuple[_Block, list[float]]:
    """The blocks in a row, tops aligned, and where each block's anchor ended up."""
    boxes: list[tuple[str, float, float, float]] = []
    segments: list[_Segment] = []
    anchors: list[float] = []
    x = 0.0
    for block in blocks:
        moved = block.shift(x, 0)
        boxes += moved.boxes
        segments += moved.segments
        anchors.append(moved.anchor)
        x += block.width + gap
    height = max(block.height for block in blocks)
    return _Block(x - gap, height, anchors[0], boxes, segments), anchors


def _leaf_stack(
    manager: str, leaves: Sequence[str], box: float, heights: Mapping[str, float]
) -> _Block:
    """Leaves under a manager who also has branches: one column hanging from the bus."""
    spine = _INDENT / 2
    boxes: list[tuple[str, float, float, float]] = []
    segments: list[_Segment] = []
    y = 0.0
    for leaf in leaves:
        boxes.append((leaf, _INDENT, y, heights[leaf]))
        segments.append((manager, spine, y + heights[leaf] / 2, _INDENT, y + heights[leaf] / 2))
        y += heights[leaf] + _ROW_GAP
    last_middle = segments[-1][2]
    segments.append((manager, spine, 0.0, spine, last_middle))
    return _Block(_INDENT + box, y - _ROW_GAP, spine, boxes, segments)


def _indented(
    tree: _Tree, box: float, heights: Mapping[str, float], max_rows: int | None
) -> _Block:
    """The tree as an indented list: each role one row, its reports below it, one step in."""
    rows = tree.preorder()
    starts = _column_starts(rows, max_rows)
    deepest = max(level for _, level, _ in rows)
    column_width = deepest * _INDENT + box
    place: dict[str, tuple[int, float, float]] = {}
    boxes: list[tuple[str, float, float, float]] = []
    bottoms: list[float] = []
    column, y = -1, 0.0
    for index, (node, level, _) in enumerate(rows):
        if column + 1 < len(starts) and starts[column + 1] == index:
            column, y = column + 1, 0.0
        x = column * (column_width + _COLUMN_GAP) + level * _INDENT
        place[node] = (column, x, y)
        boxes.append((node, x, y, heights[node]))
        y += heights[node]
        bottoms.append(y)
        y += _ROW_GAP
    segments: list[_Segment] = []
    spine_end: dict[tuple[str, int], float] = {}
    for node, _, parent in rows:
        if parent is None:
            continue
        column, x, y = place[node]
        middle = y + heights[node] / 2
        spine_end[(parent, column)] = middle
        segments.append((parent, x - _INDENT / 2, middle, x, middle))
    for (parent, column), end in spine_end.items():
        parent_column, parent_x, parent_y = place[parent]
        # A list continued in the next column starts its spine at the column's top edge.
        start = parent_y + heights[parent] if parent_column == column else 0.0
        spine = parent_x + _INDENT / 2 + (column - parent_column) * (column_width + _COLUMN_GAP)
        segments.append((parent, spine, start, spine, end))
    columns = len(starts)
    return _Block(
        width=columns * column_width + (columns - 1) * _COLUMN_GAP,
        height=max(bottoms),
        anchor=box / 2,
        boxes=boxes,
        segments=segments,
    )


def _column_starts(rows: Sequence[tuple[str, int, str | None]], max_rows: int | None) -> list[int]:
    """Row indexes where columns begin: even columns, broken before the shallowest row nearby."""
    if not max_rows or len(rows) <= max_rows:
        return [0]
    columns = math.ceil(len(rows) / max_rows)
    starts = [0]
    for column in range(1, columns):
        ideal = round(len(rows) * column / columns)
        earliest = max(starts[-1] + 1, ideal - 3, len(rows) - (columns - column) * max_rows)
        window = range(earliest, min(ideal, starts[-1] + max_rows) + 1)
        starts.append(min(window, key=lambda index: (rows[index][1], -index)))
    return starts


# --- Process flow -----------------------------------------------------------------------------

_LANE, _LANE_PAD = 196.0, 10.0
_HEAD_SIZE, _HEAD_LINE = 12.5, 16.0
_STEP_SIZE, _STEP_LINE = 12.5, 16.0
_SOP_SIZE, _SOP_LINE = 11.0, 14.0
_BADGE_RADIUS, _BADGE_SPACE = 11.0, 36.0
_STEP_GAP = 26.0
_ARROW = 7.0


@dataclass(frozen=True)
class _StepBox:
    number: int
    role: str
    title: Wrapped
    full_title: str
    sop_id: str | None
    sop_text: str
    sop_lines: Wrapped
    top: float
    height: float


def process_flow_svg(
    handbook: Handbook,
    process: Process,
    locale: Locale,
    url_for: Callable[[str, str], str | None] | None = None,
    *,
    highlight_role: str | None = None,
) -> str:
    """The process as swimlanes: one column per role in order of first appearance in the steps
    (headed by the role title), each step in its role's lane and on its own row, numbered, with
    its title and its SOP (code and title, linked to `url_for("sop", id)`), arrows step to step.

    Lanes run downwards so the picture grows with the number of steps, not sideways: a phone
    scrolls it like the page. `highlight_role`: that role's steps drawn highlighted (a book).
    """
    labels = Labels(locale.language)
    lanes = list(dict.fromkeys(step.role for step in process.steps))
    heads = {
        role: _fit(_role_title(handbook, role), _LANE - 16, _HEAD_SIZE, "semibold", 3)
        for role in lanes
    }
    head_height = 16 + max((len(head.lines) for head in heads.values()), default=1) * _HEAD_LINE
    steps = _step_boxes(handbook, process, head_height + 16)
    height = (steps[-1].top + steps[-1].height if steps else head_height) + 16
    canvas = _Canvas()

    def link(kind: str, item: str) -> str | None:
        return url_for(kind, item) if url_for else None

    for index, role in enumerate(lanes):
        if index % 2 == 0:
            canvas.rect(index * _LANE, 0, _LANE, height, "lane")
        canvas.rect(index * _LANE, 0, _LANE, head_height, "lane-head")
        with canvas.group(link("role", role), _role_title(handbook, role), lane=role):
            _text_block(
                canvas,
                index * _LANE + _LANE / 2,
                8,
                heads[role].lines,
                size=_HEAD_SIZE,
                line_height=_HEAD_LINE,
                weight="semibold",
                anchor="middle",
            )
    separators = "".join(f"M{_num(i * _LANE)} 0V{_num(height)}" for i in range(1, len(lanes)))
    canvas.path(separators, "rule")
    column = {role: index for index, role in enumerate(lanes)}
    _draw_arrows(canvas, steps, [column[step.role] * _LANE + _LANE / 2 for step in steps])
    for step in steps:
        x = column[step.role] * _LANE + _LANE_PAD
        _draw_step(canvas, step, x, step.role == highlight_role, link("sop", step.sop_id or ""))
    label = f"{labels('flow')}: {process.title}"
    return canvas.svg(kind="flow", width=len(lanes) * _LANE, height=height, label=label)


def _step_boxes(handbook: Handbook, process: Process, top: float) -> list[_StepBox]:
    """Each step on its own row, as tall as its wrapped title and SOP need."""
    inner = _LANE - 2 * _LANE_PAD
    boxes = []
    for step in process.steps:
        title = _fit(step.title, inner - _BADGE_SPACE - _LANE_PAD, _STEP_SIZE, "semibold", 3)
        sop = handbook.sops.get(step.sop) if step.sop else None
        sop_text = f"{sop.code} · {sop.title}" if sop else ""
        sop_lines = _fit(sop_text, inner - 2 * _LANE_PAD, _SOP_SIZE, "regular", 3)
        height = max(2 * _BADGE_RADIUS, len(title.lines) * _STEP_LINE) + 2 * _LANE_PAD
        if sop:
            height += 6 + len(sop_lines.lines) * _SOP_LINE
        boxes.append(
            _StepBox(
                number=step.number,
                role=step.role,
                title=title,
                full_title=step.title,
                sop_id=sop.id if sop else None,
                sop_text=sop_text,
                sop_lines=sop_lines,
                top=top,
                height=height,
            )
        )
        top += height + _STEP_GAP
    return boxes


def _draw_arrows(canvas: _Canvas, steps: Sequence[_StepBox], centres: Sequence[float]) -> None:
    """Step to next step: straight down in one lane, else down, across the gap, and down."""
    lines = []
    for a, b, x_a, x_b in zip(steps, steps[1:], centres, centres[1:], strict=False):
        bottom, tip = a.top + a.height, b.top - _ARROW
        if x_a == x_b:
            lines.append(f"M{_num(x_a)} {_num(bottom)}V{_num(tip)}")
        else:
            middle = bottom + _STEP_GAP / 2
            lines.append(f"M{_num(x_a)} {_num(bottom)}V{_num(middle)}H{_num(x_b)}V{_num(tip)}")
        canvas.element(
            "polygon", "arrow", points=_points((x_b - 5, tip), (x_b + 5, tip), (x_b, b.top))
        )
    canvas.path("".join(lines), "edge", stroke_width=1.5, stroke_linejoin="round")


def _draw_step(
    canvas: _Canvas, step: _StepBox, x: float, focused: bool, sop_url: str | None
) -> None:
    width = _LANE - 2 * _LANE_PAD
    tooltip = f"{step.number}. {step.full_title}" if step.title.truncated else None
    with canvas.group(None, tooltip, step=str(step.number)):
        canvas.rect(x, step.top, width, step.height, "box-focus" if focused else "box", 6)
        badge_x = x + _LANE_PAD + _BADGE_RADIUS - 2
        badge_y = step.top + _LANE_PAD + _BADGE_RADIUS
        canvas.element("circle", "badge", cx=badge_x, cy=badge_y, r=_BADGE_RADIUS)
        canvas.text(
            badge_x,
            badge_y + 4,
            str(step.number),
            paint="badge-text",
            size=11.5,
            weight="semibold",
            anchor="middle",
        )
        _text_block(
            canvas,
            x + _BADGE_SPACE,
            step.top + _LANE_PAD + max(0.0, _BADGE_RADIUS - _STEP_LINE / 2),
            step.title.lines,
            size=_STEP_SIZE,
            line_height=_STEP_LINE,
            weight="semibold",
        )
    if step.sop_id is None:
        return
    with canvas.group(sop_url, step.sop_text, sop=step.sop_id):
        _text_block(
            canvas,
            x + _LANE_PAD,
            step.top + step.height - _LANE_PAD - len(step.sop_lines.lines) * _SOP_LINE,
            step.sop_lines.lines,
            size=_SOP_SIZE,
            line_height=_SOP_LINE,
            paint="link" if sop_url else "muted",
        )


def _points(*corners: tuple[float, float]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)


def _role_title(handbook: Handbook, role_id: str) -> str:
    role = handbook.roles.get(role_id)
    return role.title if role else role_id


# --- Charts -----------------------------------------------------------------------------------

# Charts fit a phone without scrolling (scale 0.8 at 358 px) and an A4 column at 1:1.
_CHART_WIDTH = 440.0
_LABEL_SIZE, _LABEL_LINE = 13.0, 17.0
_SMALL_SIZE, _SMALL_LINE = 11.0, 14.0
_BAR_HEIGHT, _BAR_GAP = 12.0, 16.0
_LEGEND_HEIGHT = 24.0
_PLOT_HEIGHT, _AXIS_HEIGHT = 180.0, 34.0


def _figure(value: Number, unit: str, locale: Locale) -> str:
    """A value rounded half up to one decimal ('71,4%'), without a trailing ',0'."""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return locale.quantity(number, unit)


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    max_value: float = 100,
    unit: str = "%",
    locale: Locale,
    title: str,
    target: float | None = None,
) -> str:
    """Horizontal bars (audit adherence by SOP, step, role or branch), in the order given.

    Each row: the label (up to two lines, cut with an ellipsis and kept whole in a tooltip),
    the figure, the bar, and the optional secondary text; the label links to `Bar.url`.
    `target`: a marker on every bar, and bars below it drawn in orange.
    """
    labels = Labels(locale.language)
    canvas = _Canvas()
    figures = [None if bar.value is None else _figure(bar.value, unit, locale) for bar in bars]
    widest = max(
        text_width(figure, _LABEL_SIZE, "semibold")
        for figure in [_figure(max_value, unit, locale), *filter(None, figures)]
    )
    y = 0.0
    if target is not None:
        _target_legend(canvas, f"{labels('target')}: {_figure(target, unit, locale)}")
        y = _LEGEND_HEIGHT
    if not bars:
        canvas.text(0, y + 14, labels("no_records"), paint="muted")
        y += 22 + _BAR_GAP
    scale = _CHART_WIDTH / max_value if max_value > 0 else 0.0
    for bar, figure in zip(bars, figures, strict=True):
        y = _draw_bar(canvas, bar, figure, y, _CHART_WIDTH - widest - 16, scale, target)
    return canvas.svg(
        kind="bars", width=_CHART_WIDTH, height=y - _BAR_GAP + 4, label=title, scrolls=False
    )


def _draw_bar(
    canvas: _Canvas,
    bar: Bar,
    figure: str | None,
    y: float,
    label_width: float,
    scale: float,
    target: float | None,
) -> float:
    """One row from its top `y`; returns the next row's top."""
    wrapped = _fit(bar.label, label_width, _LABEL_SIZE, "regular", 2)
    with canvas.group(bar.url, bar.label if wrapped.truncated else None):
        paint = "link" if bar.url else "text"
        _text_block(
            canvas, 0, y, wrapped.lines, size=_LABEL_SIZE, line_height=_LABEL_LINE, paint=paint
        )
    baseline = y + (_LABEL_LINE + 0.7 * _LABEL_SIZE) / 2
    canvas.text(_CHART_WIDTH, baseline, figure or "–", weight="semibold", anchor="end")
    y += len(wrapped.lines) * _LABEL_LINE + 3
    canvas.rect(0, y, _CHART_WIDTH, _BAR_HEIGHT, "track", radius=_BAR_HEIGHT / 2)
    if bar.value is not None and bar.value > 0:
        length = min(_CHART_WIDTH, max(_BAR_HEIGHT, float(bar.value) * scale))
        low = target is not None and float(bar.value) < target
        paint = "bar-low" if low else "bar"
        canvas.rect(0, y, length, _BAR_HEIGHT, paint, radius=_BAR_HEIGHT / 2)
    if target is not None:
        x = min(_CHART_WIDTH, target * scale)
        marker = f"M{_num(x)} {_num(y - 3)}V{_num(y + _BAR_HEIGHT + 3)}"
        canvas.path(marker, "target", stroke_width=1.5, stroke_dasharray="3 2")
    y += _BAR_HEIGHT
    if bar.secondary:
        secondary = ellipsize(bar.secondary, _CHART_WIDTH * _FIT, _SMALL_SIZE)
        _text_block(
            canvas,
            0,
            y + 2,
            [secondary],
            size=_SMALL_SIZE,
            line_height=_SMALL_LINE,
            paint="muted",
        )
        y += _SMALL_LINE + 2
    return y + _BAR_GAP


def _target_legend(canvas: _Canvas, legend: str) -> None:
    """A dashed sample and "Target: 90%" at the chart's top right."""
    marker = _CHART_WIDTH - text_width(legend, _SMALL_SIZE) - 6
    canvas.path(
        f"M{_num(marker - 18)} 8H{_num(marker)}",
        "target",
        stroke_width=1.5,
        stroke_dasharray="4 3",
    )
    canvas.text(_CHART_WIDTH, 12, legend, paint="muted", size=_SMALL_SIZE, anchor="end")


def _months(points: Sequence[Point]) -> list[tuple[str, Number | None]]:
    """Every month from the first to the last point, None where there is no data."""
    values: dict[str, Number | None] = {}
    for point in points:
        if point.value is not None or point.month not in values:
            values[point.month] = point.value
    first, last = min(values), max(values)
    year, month = int(first[:4]), int(first[5:7])
    months: list[tuple[str, Number | None]] = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append((key, values.get(key)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ticks(low: float, high: float) -> list[float]:
    """Round gridline values from `low` to `high`, four to six of them."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


@dataclass(frozen=True)
class _Plot:
    """Where values land: x from `left` to `right` for the months, y from `low` to `high`."""

    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def y(self, value: Number) -> float:
        clamped = min(max(float(value), self.low), self.high)
        share = (clamped - self.low) / ((self.high - self.low) or 1.0)
        return self.bottom - share * (self.bottom - self.top)

    def xs(self, count: int) -> list[float]:
        if count == 1:
            return [(self.left + self.right) / 2]
        pitch = (self.right - self.left) / (count - 1)
        return [self.left + index * pitch for index in range(count)]


def line_chart_svg(
    points: Sequence[Point],
    *,
    locale: Locale,
    title: str,
    min_value: float = 0,
    max_value: float = 100,
    target: float | None = None,
    unit: str = "%",
) -> str:
    """A monthly trend: one dot per month with data, joined by a line that breaks where a month
    has none; x labels like "08/2026" (vi) or "Aug 2026" (en), a dashed target line if given.
    Months missing between the first and the last point count as months without data."""
    labels = Labels(locale.language)
    canvas = _Canvas()
    top = 20.0
    if target is not None:
        _target_legend(canvas, f"{labels('target')}: {_figure(target, unit, locale)}")
        top += _LEGEND_HEIGHT
    height = top + _PLOT_HEIGHT + _AXIS_HEIGHT
    ticks = _ticks(min_value, max_value)
    tick_labels = [_figure(tick, unit, locale) for tick in ticks]
    axis = max(text_width(text, _SMALL_SIZE) for text in tick_labels) + 10
    months = _months(points) if points else []
    month_labels = [locale.month(month) for month, _ in months]
    label_width = max((text_width(text, _SMALL_SIZE) for text in month_labels), default=0)
    plot = _Plot(
        left=axis + label_width / 2 + 4,
        right=_CHART_WIDTH - label_width / 2 - 4,
        top=top,
        bottom=top + _PLOT_HEIGHT,
        low=min_value,
        high=max_value,
    )
    for tick, text in zip(ticks, tick_labels, strict=True):
        canvas.path(f"M{_num(axis)} {_num(plot.y(tick))}H{_num(_CHART_WIDTH)}", "rule")
        canvas.text(axis - 6, plot.y(tick) + 4, text, paint="muted", size=_SMALL_SIZE, anchor="end")
    if target is not None:
        line = f"M{_num(axis)} {_num(plot.y(target))}H{_num(_CHART_WIDTH)}"
        canvas.path(line, "target", stroke_width=1.5, stroke_dasharray="6 4")
    if not months:
        middle = ((axis + _CHART_WIDTH) / 2, (plot.top + plot.bottom) / 2)
        canvas.text(*middle, labels("no_records"), paint="muted", anchor="middle")
    else:
        xs = plot.xs(len(months))
        pitch = xs[1] - xs[0] if len(xs) > 1 else plot.right - plot.left
        every = math.ceil((label_width + 3) / pitch)  # thin the labels out when they would touch
        for index, (x, text) in enumerate(zip(xs, month_labels, strict=True)):
            if index % every == 0:
                canvas.text(x, height - 12, text, paint="muted", size=_SMALL_SIZE, anchor="middle")
        _draw_series(canvas, plot, xs, months, month_labels, unit, locale)
    return canvas.svg(kind="trend", width=_CHART_WIDTH, height=height, label=title, scrolls=False)


def _draw_series(
    canvas: _Canvas,
    plot: _Plot,
    xs: Sequence[float],
    months: Sequence[tuple[str, Number | None]],
    month_labels: Sequence[str],
    unit: str,
    locale: Locale,
) -> None:
    """The line (broken at months without data), a dot per value and its figure above it."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, (_, value) in zip(xs, months, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, plot.y(value)))
    line = "".join(
        "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in run) for run in runs if len(run) > 1
    )
    canvas.path(line, "line", stroke_width=2.5, stroke_linejoin="round", stroke_linecap="round")
    figures = [None if value is None else _figure(value, unit, locale) for _, value in months]
    widest = max((text_width(f, _SMALL_SIZE, "semibold") for f in figures if f), default=0.0)
    pitch = xs[1] - xs[0] if len(xs) > 1 else plot.right - plot.left
    for x, (_, value), text, figure in zip(xs, months, month_labels, figures, strict=True):
        if value is None or figure is None:
            continue
        y = plot.y(value)
        with canvas.group(None, f"{text}: {figure}"):
            canvas.element("circle", "dot", cx=x, cy=y, r=4, stroke_width=1.5)
            if pitch >= widest + 4:
                # A backing plate keeps the figure readable where it crosses a line.
                width = text_width(figure, _SMALL_SIZE, "semibold")
                canvas.rect(x - width / 2 - 2, y - 21, width + 4, 15, "plate", 3)
                canvas.text(
                    x, y - 9.5, figure, size=_SMALL_SIZE, weight="semibold", anchor="middle"
                )
