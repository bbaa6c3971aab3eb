"""The programme catalogue, driven by the data: every shipped form and every sample file.

Adding a programme touches forms/ and tests/fixtures/ only (forms/README.md, "Adding a programme"):
- every [F] fact of ../shared/PROGRAMS.md that a form encodes is pinned here (settings and rules);
- every rule of every current form fires on a minimally changed sample, at its path, with its
  severity (tests/fixtures/rule_cases/ID-EDITION.json);
- samples validate with no error or warning (only the `expected_info` the sample file names) on the
  sample's own `today` *and* on the real today, and render a PDF;
- every rejected sample (tests/fixtures/rejected/) gives exactly its `expected_codes` through
  `voucher-desk validate --json` — the set of error-severity codes, see the README there.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from answer_edits import attachment_files, with_changes

from desktop_app.answers import read_answers
from desktop_app.cli import main
from desktop_app.forms import FormDefinition, find_form, load_shipped
from desktop_app.forms.model import Setting
from desktop_app.pdf import render_pdf
from desktop_app.validation.engine import ValidationResult, validate

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
REJECTED_DIR = ROOT / "tests" / "fixtures" / "rejected"
REJECTED = sorted(REJECTED_DIR.glob("*.json"))
SAMPLES = sorted(ANSWERS.glob("*.json"))
RULE_CASES_DIR = ROOT / "tests" / "fixtures" / "rule_cases"
# Tested by tests/test_ai_data_voucher.py, written before this data-driven layout.
LEGACY = ("ai-data-voucher@2020",)


def _superseded(form: FormDefinition, forms: list[FormDefinition]) -> bool:
    """An older edition kept so that its drafts can be upgraded: a newer one migrates from it."""
    return any(f.id == form.id and any(m.from_edition == form.edition for m in f.migrations) for f in forms)


_SHIPPED = load_shipped()
# Everything a test needs to know about a form or a sample comes from the form or the sample file:
# adding a programme touches forms/ and tests/fixtures/ only.
GENERIC = tuple(sorted(f.key for f in _SHIPPED if f.key not in LEGACY))
CURRENT = tuple(sorted(f.key for f in _SHIPPED if f.key in GENERIC and not _superseded(f, _SHIPPED)))
# the forms whose [F] facts are pinned below, by name
FACT_FORMS = ("data-voucher@2023", "ai-voucher@2024", "cloud-voucher@2021")


def window(form: FormDefinition) -> dt.date:
    """The test day of the form's samples (they agree on it)."""
    days = {day(sample(stem)) for stem in _complete(form.key)}
    assert len(days) == 1, (form.key, days)
    return days.pop()


def day(data: dict[str, Any]) -> dt.date:
    """The day inside the application window on which the sample file says it is complete."""
    return dt.date.fromisoformat(data["today"])


_FORMS: dict[str, FormDefinition] = {}


def form_of(key: str) -> FormDefinition:
    if key not in _FORMS:
        _FORMS[key] = find_form(key)
    return _FORMS[key]


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def run(form: FormDefinition, data: dict[str, Any], today: dt.date, base: Path = ANSWERS) -> ValidationResult:
    return validate(form, data["answers"], attachments=attachment_files(data, base), today=today,
                    file_exists=lambda name: (base / name).is_file())


def changed(name: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The sample with answers changed; keys like `schedule[3].task_end`; None deletes the answer."""
    return with_changes(sample(name), changes)


def codes(result: ValidationResult) -> set[str]:
    return {i.code for i in result.issues}


# ------------------------------------------------------------------------------------ [F] facts
# (form, setting, value): each [F] amount/ratio/age/quota of PROGRAMS.md that a form carries
F_SETTINGS: list[tuple[str, str, Any]] = [
    ("ai-data-voucher@2020", "cap", 70_000_000),
    ("ai-data-voucher@2020", "award_count", 587),
    ("data-voucher@2022", "cap_purchase", 16_000_000),
    ("data-voucher@2022", "cap_general", 45_000_000),
    ("data-voucher@2022", "cap", 75_000_000),
    ("data-voucher@2023", "cap_purchase", 10_000_000),
    ("data-voucher@2023", "cap_general", 40_000_000),
    ("data-voucher@2023", "cap", 60_000_000),
    ("data-voucher@2023", "award_count_purchase", 760),
    ("data-voucher@2023", "award_count_general", 250),
    ("data-voucher@2023", "award_count_ai", 1000),
    ("data-voucher@2023", "youth_private_waiver", 10),
    ("data-voucher@2023", "youth_bonus_points", 1),
    ("data-voucher@2023", "crowdsourcing_bonus_points", 0),
    ("data-voucher@2023", "pass_mark", 60),
    ("data-voucher@2023", "quota_youth", True),
    ("data-voucher@2023", "quota_regional", True),
    ("data-voucher@2023", "quota_micro_merchant", True),
    ("data-voucher@2023", "youth_age_min", 19),
    ("data-voucher@2023", "youth_age_max", 39),
    ("data-voucher@2023", "non_regional_areas", ("seoul", "gyeonggi", "incheon")),
    ("data-voucher@2023", "micro_merchant_revenue_limit", 104_000_000),
    ("data-voucher@2026", "pass_mark", 60),
    ("data-voucher@2026", "quota_youth", True),
    ("data-voucher@2026", "quota_regional", True),
    ("data-voucher@2026", "quota_micro_merchant", True),
    ("ai-voucher@2024", "cap", 200_000_000),
    ("ai-voucher@2024", "min_self_ratio_small", 20),
    ("ai-voucher@2024", "min_self_ratio_midsize", 30),
    ("ai-voucher@2024", "youth_cash_waived", True),
    ("ai-voucher@2024", "youth_age_min", 19),
    ("ai-voucher@2024", "youth_age_max", 39),
    ("cloud-voucher@2021", "cap", 15_500_000),
    ("cloud-voucher@2021", "gov_ratio", 80),
    ("cloud-voucher@2021", "self_ratio", 20),
]
# (form, rule id): each [F] rejection reason
F_RULES: list[tuple[str, str]] = [
    (key, rule) for key in FACT_FORMS
    for rule in ("multiple_tasks", "duplicate_support", "tax_arrears", "business_not_operating",
                 "capital_impairment", "gov_share_over_cap", "signed_after_deadline")
] + [
    ("data-voucher@2023", "sme_certificate_expired"), ("data-voucher@2023", "founder_has_brn"),
    ("data-voucher@2023", "founder_register_pledge"), ("data-voucher@2023", "supplier_not_registered"),
    ("data-voucher@2023", "supplier_subcontracting"), ("data-voucher@2023", "private_share_too_low"),
    ("data-voucher@2023", "regional_claim_invalid"), ("ai-voucher@2024", "size_certificate_expired"),
    ("ai-voucher@2024", "supplier_not_in_pool"), ("ai-voucher@2024", "supplier_subcontracting"),
    ("ai-voucher@2024", "self_share_too_low"), ("ai-voucher@2024", "self_cash_too_low"),
    ("cloud-voucher@2021", "sme_certificate_expired"), ("cloud-voucher@2021", "gov_share_over_ratio"),
    ("cloud-voucher@2021", "provider_subcontracting"), ("cloud-voucher@2021", "provider_not_registered"),
]


def all_rule_ids(form: FormDefinition) -> dict[str, str]:
    ids = {r.id: r.severity for r in form.rules}
    for f in form.fields.values():
        ids.update({r.id: r.severity for r in f.rules})
    return ids


def test_every_definition_in_forms_is_shipped() -> None:
    stems = {p.stem for p in (ROOT / "forms").glob("*.yaml")}
    assert {f.key.replace("@", "-") for f in _SHIPPED} == stems
    assert set(FACT_FORMS) <= set(GENERIC)  # a superseded edition keeps its facts pinned


@pytest.mark.parametrize(("key", "name", "value"), F_SETTINGS, ids=[f"{k}:{n}" for k, n, _ in F_SETTINGS])
def test_f_fact_settings(key: str, name: str, value: Any) -> None:
    setting = form_of(key).settings[name]
    assert setting.value == value
    assert setting.note is not None and "[F]" in setting.note.ko and "[F]" in setting.note.en


@pytest.mark.parametrize(("key", "rule"), F_RULES, ids=[f"{k}:{r}" for k, r in F_RULES])
def test_f_fact_rules_block(key: str, rule: str) -> None:
    assert all_rule_ids(form_of(key))[rule] == "error"


@pytest.mark.parametrize("key", GENERIC)
def test_every_setting_has_a_note_and_deadline_has_a_time(key: str) -> None:
    form = form_of(key)
    assert all(s.note is not None for s in form.settings.values()), [n for n, s in form.settings.items() if not s.note]
    assert form.deadline.utcoffset() == dt.timedelta(hours=9) and form.deadline.time() != dt.time(0, 0)
    # every [I] assumption is said so where the applicant or the author reads it
    assert any("[I]" in (s.note.ko if s.note else "") for s in form.settings.values())


@pytest.mark.parametrize("key", GENERIC)
def test_help_gives_an_example_for_every_typed_answer(key: str) -> None:
    """Labels and help in both languages; every answer typed by hand has an example."""
    missing = []
    for f in form_of(key).fields.values():
        for g in (f, *f.columns):
            assert g.help is not None, g.id
            if g.type in ("boolean", "choice", "multichoice", "image", "table") or g.compute:
                continue
            ko = g.help.ko + (g.placeholder.ko if g.placeholder else "")
            en = g.help.en + (g.placeholder.en if g.placeholder else "")
            if ("예)" not in ko and "예:" not in ko) or not re.search(r"e\.g\.|[Ee]xample", en):
                missing.append(g.id)
    assert missing == []


def test_profile_keys_match_the_first_form() -> None:
    """A consultant's client profile prefills every programme: the same field ids carry the same keys."""
    first = {f.id: f.profile for f in form_of("ai-data-voucher@2020").fields.values() if f.profile}
    for key in GENERIC:
        profiles = {f.id: f.profile for f in form_of(key).fields.values() if f.profile}
        assert {"company.name", "company.brn", "contact.name", "contact.email"} <= set(profiles.values())
        for fid, profile in profiles.items():
            if fid in first:
                assert first[fid] == profile, (key, fid)


# ------------------------------------------------------------------------------------ computed facts

@pytest.mark.parametrize(("track", "cap"), [("purchase", 10_000_000), ("general", 40_000_000), ("ai", 60_000_000)])
def test_data_voucher_cap_follows_the_track(track: str, cap: int) -> None:
    form = form_of("data-voucher@2023")
    result = run(form, changed("data-voucher-2023-sme", {"track": track}), window(form))
    assert result.computed["track_cap"] == cap


@pytest.mark.parametrize(("name", "changes", "ratio", "min_private", "min_cash"), [
    ("data-voucher-2023-sme", {}, 18, 13_500_000, 6_750_000),  # youth: 10 % of the share waived
    ("data-voucher-2023-sme", {"representative_birth": "1975-01-01"}, 20, 15_000_000, 7_500_000),
    ("data-voucher-2023-sme", {"representative_birth": "1975-01-01", "co_representative_birth": "1995-05-05"},
     18, 13_500_000, 6_750_000),  # a young co-representative makes a youth firm
    ("data-voucher-2023-solo", {}, 20, 10_000_000, 5_000_000),
])
def test_data_voucher_private_share_and_youth_waiver(name: str, changes: dict[str, Any], ratio: float,
                                                     min_private: int, min_cash: int) -> None:
    form = form_of("data-voucher@2023")
    computed = run(form, changed(name, changes), window(form)).computed
    assert computed["required_private_ratio"] == ratio
    assert computed["min_private_share"] == min_private
    assert computed["min_private_cash"] == min_cash


def test_data_voucher_bonus_points_need_the_ticked_box() -> None:
    form = form_of("data-voucher@2023")
    assert run(form, sample("data-voucher-2023-sme"), window(form)).computed["bonus_points"] == 2
    unticked = run(form, changed("data-voucher-2023-sme", {"regional_claim": False}), window(form))
    assert unticked.computed["bonus_points"] == 1
    assert "regional_unclaimed" in codes(unticked)


@pytest.mark.parametrize(("name", "changes", "self_ratio", "cash_ratio"), [
    ("ai-voucher-2024-small", {}, 20, 0),  # youth: no cash share
    ("ai-voucher-2024-small", {"representative_birth": "1975-11-02"}, 20, 10),
    ("ai-voucher-2024-midsize", {}, 30, 15),
    ("ai-voucher-2024-midsize", {"representative_birth": "1990-01-01"}, 30, 0),
])
def test_ai_voucher_contribution_by_size_and_youth(name: str, changes: dict[str, Any], self_ratio: int,
                                                   cash_ratio: int) -> None:
    form = form_of("ai-voucher@2024")
    computed = run(form, changed(name, changes), window(form)).computed
    assert (computed["min_self_ratio"], computed["min_cash_ratio"]) == (self_ratio, cash_ratio)


@pytest.mark.parametrize(("total", "max_gov", "min_self"), [
    (4_500_000, 3_600_000, 900_000), (19_375_000, 15_500_000, 3_875_000), (21_000_000, 15_500_000, 5_500_000),
])
def test_cloud_voucher_split_and_cap(total: int, max_gov: int, min_self: int) -> None:
    form = form_of("cloud-voucher@2021")
    computed = run(form, changed("cloud-voucher-2021-micro", {"total_fee": total}), window(form)).computed
    assert (computed["max_gov_share"], computed["min_self_share"]) == (max_gov, min_self)


# ------------------------------------------------------------------------------------ every rule fires
# tests/fixtures/rule_cases/ID-EDITION.json: for each rule of a form, a sample with a few answers
# changed so that the rule fires at its path with its severity; `dormant` rules are kept asleep by a
# shipped setting (and tested below with another).
RULE_CASES = {json.loads(p.read_text(encoding="utf-8"))["form"]: json.loads(p.read_text(encoding="utf-8"))
              for p in sorted(RULE_CASES_DIR.glob("*.json"))}
CASES: list[tuple[str, str, dict[str, Any], str, str, str]] = [
    (key, c["sample"], c["changes"], c["rule"], c["path"], c["severity"])
    for key, doc in RULE_CASES.items() for c in doc["cases"]
]


@pytest.mark.parametrize("key", CURRENT)
def test_every_rule_has_a_case(key: str) -> None:
    assert key in RULE_CASES, f"tests/fixtures/rule_cases/{key.replace('@', '-')}.json is missing"
    covered = {c[3] for c in CASES if c[0] == key} | set(RULE_CASES[key]["dormant"])
    assert set(all_rule_ids(form_of(key))) == covered


@pytest.mark.parametrize(("key", "name", "changes", "rule", "path", "severity"), CASES,
                         ids=[f"{c[0]}:{c[3]}" for c in CASES])
def test_rule_fires_on_a_minimal_change(key: str, name: str, changes: dict[str, Any], rule: str, path: str,
                                        severity: str) -> None:
    form = form_of(key)
    stem = name
    if changes:
        assert rule not in codes(run(form, sample(stem), day(sample(stem)))), "the unchanged sample must not have it"
    after = run(form, changed(stem, changes), day(sample(stem)))
    hits = [i for i in after.issues if i.code == rule]
    assert hits, f"{rule} did not fire; got {sorted(codes(after))}"
    assert (hits[0].path, hits[0].severity) == (path, severity)
    assert all_rule_ids(form)[rule] == severity
    assert hits[0].message_ko and hits[0].message_en
    assert "{" not in hits[0].message_ko + hits[0].message_en, "unfilled placeholder"


def test_dormant_crowdsourcing_bonus_wakes_with_its_setting() -> None:
    form = form_of("data-voucher@2023")
    assert "crowdsourcing_bonus" not in codes(run(form, sample("data-voucher-2023-sme"), window(form)))
    settings = dict(form.settings)
    settings["crowdsourcing_bonus_points"] = settings["crowdsourcing_bonus_points"].model_copy(update={"value": 1})
    waking = form.model_copy(update={"settings": settings})
    result = run(waking, sample("data-voucher-2023-sme"), window(form))
    assert "crowdsourcing_bonus" in codes(result)
    assert result.computed["bonus_points"] == 3


def test_quota_settings_switch_the_quota_note_off() -> None:
    form = form_of("data-voucher@2023")
    off = {k: (s.model_copy(update={"value": False}) if k.startswith("quota_") else s)
           for k, s in form.settings.items()}
    result = run(form.model_copy(update={"settings": off}), sample("data-voucher-2023-micro"), window(form))
    assert "priority_quota" not in codes(result)
    assert isinstance(off["quota_youth"], Setting)


# ------------------------------------------------------------------------------------ samples

def _complete(key: str) -> list[str]:
    """The complete samples of a form (tests/fixtures/answers/ID-EDITION-*.json)."""
    return [p.stem for p in SAMPLES if p.stem.startswith(key.replace("@", "-") + "-")]


GENERIC_SAMPLES = sorted(stem for key in GENERIC for stem in _complete(key))


def test_branches_have_samples() -> None:
    """One sample per applicant type of every current form, and every track of the data voucher covered."""
    for key in CURRENT:
        form = form_of(key)
        assert _complete(key), f"{key}: no complete sample in tests/fixtures/answers/"
        if "applicant_type" in form.fields:
            types = {sample(s)["answers"]["applicant_type"] for s in _complete(key)}
            assert types == set(form.fields["applicant_type"].choice_values), key
    tracks = {sample(s)["answers"]["track"] for s in _complete("data-voucher@2023")}
    assert tracks == {"purchase", "general", "ai"}
    assert {sample(s)["answers"]["field_area"] for s in _complete("ai-voucher@2024")} == {"general", "medical"}


@pytest.mark.parametrize("stem", GENERIC_SAMPLES)
@pytest.mark.parametrize("when", ["window", "today"])
def test_sample_is_complete_with_only_the_intended_info(stem: str, when: str) -> None:
    data = sample(stem)
    form = form_of(data["form"])
    today = day(data) if when == "window" else dt.date.today()
    result = run(form, data, today)
    assert [(i.path, i.code) for i in result.issues if i.severity != "info"] == []
    assert sorted({i.code for i in result.issues if i.severity == "info"}) == data["expected_info"]
    assert result.percent == 100
    assert set(data["attachments"]) == set(result.required_attachments), "attach exactly what is required"


def test_every_sample_says_its_day_and_its_notes() -> None:
    for stem in GENERIC_SAMPLES:
        data = sample(stem)
        assert isinstance(data.get("today"), str) and isinstance(data.get("expected_info"), list), stem
        assert data["expected_info"] == sorted(set(data["expected_info"])), stem


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_renders_a_pdf(path: Path) -> None:
    answers = read_answers(path)
    form = form_of(answers.form)
    when = answers.extra.get("today")
    today = dt.date.fromisoformat(when) if when else form.opens.date() if form.opens else form.deadline.date()
    result = validate(form, answers.answers, attachments=answers.attachment_files(), today=today,
                      file_exists=answers.file_exists)
    out = io.BytesIO()
    info = render_pdf(form, result, out, lang="en", attachments=answers.attachments, base_dir=answers.base_dir)
    assert out.getvalue().startswith(b"%PDF-")
    assert info.pages >= 3 and not info.draft


# ------------------------------------------------------------------------------------ rejected samples

def test_rejected_samples_cover_every_form() -> None:
    per_form = Counter(read_answers(p).form for p in REJECTED)
    assert {k: n for k, n in per_form.items() if n >= 3} == {f.key: per_form[f.key] for f in load_shipped()}


@pytest.mark.parametrize("path", REJECTED, ids=[p.stem for p in REJECTED])
@pytest.mark.parametrize("when", ["window", "today"])
def test_rejected_sample_gives_exactly_its_expected_codes(path: Path, when: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    answers = read_answers(path)
    expected = answers.extra["expected_codes"]
    assert expected and expected == sorted(set(expected)), "expected_codes: a sorted list without repeats"
    assert isinstance(answers.extra.get("comment"), str), "say what the applicant got wrong"
    form = form_of(answers.form)
    today = dt.date.fromisoformat(answers.extra["today"]) if when == "window" else dt.date.today()
    code = main(["validate", form.key, str(path), "--json", "--today", today.isoformat()])
    out = capsys.readouterr().out
    errors = sorted({i["code"] for i in json.loads(out) if i["severity"] == "error"})
    assert code == 1
    assert errors == expected


@pytest.mark.parametrize("path", REJECTED, ids=[p.stem for p in REJECTED])
def test_rejected_sample_is_one_mistake_away_from_a_valid_sample(path: Path) -> None:
    """Each rejected sample is a valid sample with a few answers changed (so it stays realistic)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    form = form_of(data["form"])
    stem = form.key.replace("@", "-")
    bases = [p for p in SAMPLES if p.stem.startswith(stem)]
    diffs = []
    for base in bases:
        answers = json.loads(base.read_text(encoding="utf-8"))["answers"]
        keys = set(answers) | set(data["answers"])
        diffs.append(sum(answers.get(k) != data["answers"].get(k) for k in keys))
    assert min(diffs) <= 4
