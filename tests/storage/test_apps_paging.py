"""`apps list` says when it stops, and pages with --limit/--offset (issue 18: it cut at
10,000 of 50,005 without a word); the service pages and counts in SQL order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.forms import load_shipped
from desktop_app.service import Desk


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_apps_list_pages_and_says_how_many_there_are(base_dir: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    form = load_shipped()[0]
    with Desk.open(auto_backup=False) as desk:
        made = [desk.apps.new(form, title=f"신청 {i:02d}").app_id for i in range(25)]
    code, out, err = _run(capsys, "apps", "list", "--limit", "10", "--json")
    assert code == 0 and len(json.loads(out)) == 10
    assert "listed 10 of 25" in err and "--offset 10 for the next" in err
    pages = [json.loads(_run(capsys, "apps", "list", "--limit", "10", "--offset", str(o), "--json")[1])
             for o in (0, 10, 20)]
    ids = [a["id"] for page in pages for a in page]
    assert sorted(ids) == sorted(made) and len(set(ids)) == 25
    code, out, err = _run(capsys, "apps", "list")
    assert code == 0 and len(out.splitlines()) == 25 and err == ""
    with pytest.raises(SystemExit) as exited:  # argparse's usage error: exit 2
        main(["apps", "list", "--limit", "0"])
    assert exited.value.code == 2 and "1 or more" in capsys.readouterr().err


def test_search_orders_in_sql_and_counts(base_dir: Path) -> None:
    forms = load_shipped()
    with Desk.open(auto_backup=False) as desk:
        for i, title in enumerate(["다", "가", "나"]):
            desk.apps.new(forms[i % len(forms)], title=title)
        assert [a.title for a in desk.apps.search(order="title", descending=False)] == ["가", "나", "다"]
        assert [a.title for a in desk.apps.search(order="title", limit=2, offset=1)] == ["나", "가"]
        assert desk.apps.count() == 3 and desk.apps.count("가") == 1
        ranks = {forms[2].key: 0, forms[0].key: 1, forms[1].key: 2}
        assert [a.title for a in desk.apps.search(order="rank", ranks=ranks, descending=False)] == ["나", "다", "가"]
        with pytest.raises(ValueError, match="unknown order"):
            desk.apps.search(order="nonsense")
