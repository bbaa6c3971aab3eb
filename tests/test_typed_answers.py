"""Typed text read as answers — choice labels, yes/no words, everyday dates — on the command
line as typed (`apps set`), in answers files (`validate`), and never coerced when unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attachment_files import copy_files

from desktop_app.cli import main
from desktop_app.forms import load_form, readers

ROOT = Path(__file__).resolve().parent.parent
FORM = load_form(ROOT / "forms" / "ai-data-voucher-2020.yaml")
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
RIGHTS = FORM.fields["datasets"].column_map["rights"]
DIRECTION = FORM.fields["kpis"].column_map["direction"]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("text", "value"), [
    ("own", "own"), ("자체 생산(권리 보유)", "own"), ("자체생산(권리보유)", "own"), ("자체 생산", "own"),
    ("자체 보유", "own"), ("OWN DATA", "own"), ("이용허락", "licensed"), ("Licensed from a third party", "licensed"),
    ("우리 것", None), ("데이터", None), ("", None),
])
def test_choice_labels_words_and_values(text: str, value: str | None) -> None:
    assert readers.read_choice(RIGHTS, text) == value


def test_kpi_direction_labels() -> None:
    assert [readers.read_choice(DIRECTION, t) for t in ("높을수록 좋음", "낮을수록", "Lower", "up", "좋음")] == \
        ["up", "down", "down", "up", None]  # "좋음" is in both labels: ambiguous, not guessed


@pytest.mark.parametrize(("text", "value"), [
    ("예", True), ("있음", True), ("yes", True), ("아니오", False), ("아니요", False), ("없음", False),
    ("해당 없음", False), ("No", False), ("몰라", None), ("있음?", None),
])
def test_yes_no_words(text: str, value: bool | None) -> None:
    assert readers.read_boolean(text) is value


@pytest.mark.parametrize(("text", "iso"), [
    ("1997-03-14", "1997-03-14"), ("19970314", "1997-03-14"), ("1997.03.14", "1997-03-14"),
    ("1997. 3. 14.", "1997-03-14"), ("1997/3/14", "1997-03-14"), ("1997년 3월 14일", "1997-03-14"),
    ("9970314", None), ("1997-02-30", None), ("14.03.1997", None), ("1997-3", None),
])
def test_everyday_dates(text: str, iso: str | None) -> None:
    assert readers.read_date(text) == iso


def test_apps_set_reads_labels_and_refuses_unknown_text(base_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, app, err = cli(capsys, "apps", "new", "ai-data-voucher", "--answers", str(SAMPLE))
    assert code == 0, err
    app = app.strip()
    assert cli(capsys, "apps", "set", app, "applicant_type", "소상공인")[0] == 0
    assert cli(capsys, "apps", "set", app, "founded", "2014.03.18")[0] == 0
    rows = [{"rights": "자체 보유", "personal_data": "있음", "labelling": "폴리곤"}]
    assert cli(capsys, "apps", "set", "--json-value", app, "datasets", json.dumps(rows, ensure_ascii=False))[0] == 0
    code, out, _ = cli(capsys, "apps", "show", app, "--json")
    answers = json.loads(out)["answers"]
    assert answers["applicant_type"] == "micro"
    assert answers["founded"] == "2014-03-18"
    assert answers["datasets"][0] == {"rights": "own", "personal_data": True, "labelling": "polygon"}

    code, _, err = cli(capsys, "apps", "set", app, "applicant_type", "대기업")
    assert code == 2
    assert "'대기업'" in err and "중소기업, 소상공인, 1인 창조기업, 예비창업자" in err
    bad = [{"rights": "own", "personal_data": "몰라"}]
    code, _, err = cli(capsys, "apps", "set", "--json-value", app, "datasets", json.dumps(bad, ensure_ascii=False))
    assert code == 2 and "datasets[0].personal_data" in err and "'몰라'" in err
    code, _, err = cli(capsys, "apps", "set", app, "founded", "2014-13-01")
    assert code == 2 and "1997.03.14" in err
    # a count with a word in it, and a field id with a typo, were saved with exit 0 (a tester)
    code, _, err = cli(capsys, "apps", "set", app, "employees", "7명")
    assert code == 2 and "'7명'은(는) 정수로 읽을 수 없습니다" in err and "is not a whole number" in err
    code, _, err = cli(capsys, "apps", "set", app, "employes", "7")
    assert code == 2 and "비슷한 항목: employees" in err and "did you mean: employees" in err
    assert cli(capsys, "apps", "set", app, "employees", "1,200")[0] == 0
    code, out, _ = cli(capsys, "apps", "show", app, "--json")
    kept = json.loads(out)["answers"]
    assert kept["applicant_type"] == "micro" and kept["founded"] == "2014-03-18"
    assert kept["datasets"][0]["personal_data"] is True
    assert kept["employees"] == 1200 and "employes" not in kept


def test_answers_file_with_labels_validates_and_unknown_labels_are_named(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["answers"]["datasets"][0].update(rights="자체 생산", personal_data="아니오")
    data["answers"]["kpis"][1]["direction"] = "낮을수록 좋음"
    data["answers"]["founded"] = "2014.03.17"
    copy_files(tmp_path, SAMPLE, data)  # beside the copy: no absolute paths in an answers file
    good = tmp_path / "labels.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, "validate", "ai-data-voucher", str(good), "--today", "2020-06-01", "--json")
    issues = json.loads(out)["issues"] if out.strip().startswith("{") else json.loads(out)
    assert [i for i in issues if i["severity"] == "error"] == [], err

    data["answers"]["datasets"][0]["personal_data"] = "있을걸요"
    data["answers"]["kpis"][1]["direction"] = "좋음"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli(capsys, "validate", "ai-data-voucher", str(good), "--today", "2020-06-01", "--json")
    issues = json.loads(out)["issues"] if out.strip().startswith("{") else json.loads(out)
    found = {i["path"]: i for i in issues}
    assert code == 1
    assert found["datasets[0].personal_data"]["code"] == "boolean.unknown"
    assert found["kpis[1].direction"]["code"] == "choice.unknown"
    assert "높을수록 좋음, 낮을수록 좋음" in found["kpis[1].direction"]["message"]
