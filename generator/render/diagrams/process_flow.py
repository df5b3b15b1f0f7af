"""A process as swimlanes: one lane per role, steps in order, linking to their SOPs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.model.handbook import Handbook, Process
from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.diagrams.svg import Canvas, fit, num, points, text_block
from generator.render.diagrams.text_metrics import Wrapped

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
        role: fit(_role_title(handbook, role), _LANE - 16, _HEAD_SIZE, "semibold", 3)
        for role in lanes
    }
    head_height = 16 + max((len(head.lines) for head in heads.values()), default=1) * _HEAD_LINE
    steps = _step_boxes(handbook, process, head_height + 16)
    height = (steps[-1].top + steps[-1].height if steps else head_height) + 16
    canvas = Canvas()

    def link(kind: str, item: str) -> str | None:
        return url_for(kind, item) if url_for else None

    for index, role in enumerate(lanes):
        if index % 2 == 0:
            canvas.rect(index * _LANE, 0, _LANE, height, "lane")
        canvas.rect(index * _LANE, 0, _LANE, head_height, "lane-head")
        with canvas.group(link("role", role), _role_title(handbook, role), lane=role):
            text_block(
                canvas,
                index * _LANE + _LANE / 2,
                8,
                heads[role].lines,
                size=_HEAD_SIZE,
                line_height=_HEAD_LINE,
                weight="semibold",
                anchor="middle",
            )
    separators = "".join(f"M{num(i * _LANE)} 0V{num(height)}" for i in range(1, len(lanes)))
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
        title = fit(step.title, inner - _BADGE_SPACE - _LANE_PAD, _STEP_SIZE, "semibold", 3)
        sop = handbook.sops.get(step.sop) if step.sop else None
        sop_text = f"{sop.code} · {sop.title}" if sop else ""
        sop_lines = fit(sop_text, inner - 2 * _LANE_PAD, _SOP_SIZE, "regular", 3)
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


def _draw_arrows(canvas: Canvas, steps: Sequence[_StepBox], centres: Sequence[float]) -> None:
    """Step to next step: straight down in one lane, else down, across the gap, and down."""
    lines = []
    for a, b, x_a, x_b in zip(steps, steps[1:], centres, centres[1:], strict=False):
        bottom, tip = a.top + a.height, b.top - _ARROW
        if x_a == x_b:
            lines.append(f"M{num(x_a)} {num(bottom)}V{num(tip)}")
        else:
            middle = bottom + _STEP_GAP / 2
            lines.append(f"M{num(x_a)} {num(bottom)}V{num(middle)}H{num(x_b)}V{num(tip)}")
        canvas.element(
            "polygon", "arrow", points=points((x_b - 5, tip), (x_b + 5, tip), (x_b, b.top))
        )
    canvas.path("".join(lines), "edge", stroke_width=1.5, stroke_linejoin="round")


def _draw_step(
    canvas: Canvas, step: _StepBox, x: float, focused: bool, sop_url: str | None
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
        text_block(
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
        text_block(
            canvas,
            x + _LANE_PAD,
            step.top + step.height - _LANE_PAD - len(step.sop_lines.lines) * _SOP_LINE,
            step.sop_lines.lines,
            size=_SOP_SIZE,
            line_height=_SOP_LINE,
            paint="link" if sop_url else "muted",
        )


def _role_title(handbook: Handbook, role_id: str) -> str:
    role = handbook.roles.get(role_id)
    return role.title if role else role_id
