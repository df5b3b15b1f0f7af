"""The reporting tree (org chart) from `Role.reports_to`."""

from __future__ import annotations

import itertools
import math
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.model.handbook import Handbook, Role
from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.diagrams.svg import FIT, Canvas, fit, num, text_block
from generator.render.diagrams.text_metrics import Wrapped, ellipsize

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
    canvas = Canvas()
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
        title=fit(role.title, inner, _TITLE_SIZE, "semibold", 3),
        department=ellipsize(department, inner * FIT, _DEPT_SIZE),
        tooltip=f"{role.title} — {department}",
        colour=colours.get(role.department, _DEPARTMENT_COLOURS[-1]),
        url=url_for(role.id) if url_for else None,
        focused=role.id == focus,
    )


def _node_height(node: _OrgNode) -> float:
    return 2 * _NODE_PAD_Y + len(node.title.lines) * _TITLE_LINE + _TITLE_GAP + _DEPT_LINE


def _draw_org_node(
    canvas: Canvas, node: _OrgNode, x: float, y: float, width: float, height: float
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
        text_block(
            canvas,
            left,
            top,
            node.title.lines,
            size=_TITLE_SIZE,
            line_height=_TITLE_LINE,
            weight="semibold",
        )
        department_top = y + height - _NODE_PAD_Y - _DEPT_LINE
        text_block(
            canvas,
            left,
            department_top,
            [node.department],
            size=_DEPT_SIZE,
            line_height=_DEPT_LINE,
            paint="muted",
        )


def _draw_connectors(canvas: Canvas, segments: Sequence[_Segment]) -> None:
    """One path per manager, joining the manager's box to each direct report's box."""
    paths: dict[str, list[str]] = {}
    for manager, x1, y1, x2, y2 in segments:
        line = f"M{num(x1)} {num(y1)}{'V' + num(y2) if x1 == x2 else 'H' + num(x2)}"
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
