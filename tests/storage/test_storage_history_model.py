"""Random sequences of save / undo / redo / restore agree with a model of whole states."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk

PATHS = ("summary", "budget", "project_title")
VALUES = st.one_of(st.none(), st.sampled_from(["가", "나", "데이터", ""]), st.integers(0, 3))
STEPS = st.lists(st.one_of(
    st.tuples(st.just("save"), st.sampled_from(PATHS), VALUES),
    st.tuples(st.just("undo")), st.tuples(st.just("redo")),
    st.tuples(st.just("restore"), st.integers(0, 40)),
), max_size=40)


class Model:
    """Undo and redo as stacks of whole states; every change a numbered revision."""

    def __init__(self) -> None:
        self.state: dict[str, Any] = {}
        self.undo: list[dict[str, Any]] = []
        self.redo: list[dict[str, Any]] = []
        self.at_rev: list[dict[str, Any]] = [{}]

    def change(self, new: dict[str, Any]) -> None:
        if new != self.state:
            self.undo.append(self.state)
            self.redo.clear()
            self.state = new
            self.at_rev.append(new)

    def step(self, stack: list[dict[str, Any]], other: list[dict[str, Any]]) -> None:
        if stack:
            other.append(self.state)
            self.state = stack.pop()
            self.at_rev.append(self.state)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_history_matches_the_model(desk: Desk, form_2026: FormDefinition,
                                   steps: list[tuple[Any, ...]]) -> None:
    app = desk.apps.new(form_2026).app_id or 0
    model = Model()
    for step in steps:
        if step[0] == "save":
            _, path, value = step
            new = {k: v for k, v in {**model.state, path: value}.items() if v is not None}
            desk.apps.save(app, path, value)
            model.change(new)
        elif step[0] == "undo":
            desk.history.undo(app)
            model.step(model.undo, model.redo)
        elif step[0] == "redo":
            desk.history.redo(app)
            model.step(model.redo, model.undo)
        else:
            rev = step[1] % len(model.at_rev)
            desk.history.restore(app, rev)
            model.change(dict(model.at_rev[rev]))
        assert desk.apps.open(app).values == model.state
        assert desk.apps.get(app).head_rev == len(model.at_rev) - 1
    for rev, state in enumerate(model.at_rev):
        assert {p: v for p, (v, _) in desk.history.state(app, rev).items()} == state
