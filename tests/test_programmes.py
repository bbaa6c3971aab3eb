"""The programme catalogue: data voucher 2023, AI voucher 2024, cloud voucher 2021 (and the rejected
samples of all four shipped forms).

- every [F] fact of /work/shared/PROGRAMS.md that a form encodes is pinned here (settings and rules);
- every rule of the three forms fires on a minimally changed sample, at its path, with its severity;
- samples validate with no error or warning (only the intended info) on a window day *and* today,
  and render a PDF;
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
NEW_FORMS = ("data-voucher@2023", "ai-voucher@2024", "cloud-voucher@2021")
# earlier editions kept so their drafts can be upgraded (tests/test_data_voucher_upgrade.py)
OLD_EDITIONS = ("data-voucher@2022",)
# a fixed day inside each application window
WINDOW = {"ai-data-voucher@2020": dt.date(2020, 5, 20), "data-voucher@2023": dt.date(2023, 1, 25),
          "ai-voucher@2024": dt.date(2024, 2, 10), "cloud-voucher@2021": dt.date(2021, 3, 10),
          "data-voucher@2022": dt.date(2022, 2, 10)}


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
    (key, rule) for key in NEW_FORMS
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


def test_four_programmes_are_shipped() -> None:
    assert sorted(f.key for f in load_shipped()) == sorted(["ai-data-voucher@2020", *NEW_FORMS, *OLD_EDITIONS])


@pytest.mark.parametrize(("key", "name", "value"), F_SETTINGS, ids=[f"{k}:{n}" for k, n, _ in F_SETTINGS])
def test_f_fact_settings(key: str, name: str, value: Any) -> None:
    setting = form_of(key).settings[name]
    assert setting.value == value
    assert setting.note is not None and "[F]" in setting.note.ko and "[F]" in setting.note.en


@pytest.mark.parametrize(("key", "rule"), F_RULES, ids=[f"{k}:{r}" for k, r in F_RULES])
def test_f_fact_rules_block(key: str, rule: str) -> None:
    assert all_rule_ids(form_of(key))[rule] == "error"


@pytest.mark.parametrize("key", NEW_FORMS + OLD_EDITIONS)
def test_every_setting_has_a_note_and_deadline_has_a_time(key: str) -> None:
    form = form_of(key)
    assert all(s.note is not None for s in form.settings.values()), [n for n, s in form.settings.items() if not s.note]
    assert form.deadline.utcoffset() == dt.timedelta(hours=9) and form.deadline.time() != dt.time(0, 0)
    # every [I] assumption is said so where the applicant or the author reads it
    assert any("[I]" in (s.note.ko if s.note else "") for s in form.settings.values())


@pytest.mark.parametrize("key", NEW_FORMS + OLD_EDITIONS)
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
    for key in NEW_FORMS + OLD_EDITIONS:
        profiles = {f.id: f.profile for f in form_of(key).fields.values() if f.profile}
        assert {"company.name", "company.brn", "contact.name", "contact.email"} <= set(profiles.values())
        for fid, profile in profiles.items():
            if fid in first:
                assert first[fid] == profile, (key, fid)


# ------------------------------------------------------------------------------------ computed facts

@pytest.mark.parametrize(("track", "cap"), [("purchase", 10_000_000), ("general", 40_000_000), ("ai", 60_000_000)])
def test_data_voucher_cap_follows_the_track(track: str, cap: int) -> None:
    form = form_of("data-voucher@2023")
    result = run(form, changed("data-voucher-2023-sme", {"track": track}), WINDOW[form.key])
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
    computed = run(form, changed(name, changes), WINDOW[form.key]).computed
    assert computed["required_private_ratio"] == ratio
    assert computed["min_private_share"] == min_private
    assert computed["min_private_cash"] == min_cash


def test_data_voucher_bonus_points_need_the_ticked_box() -> None:
    form = form_of("data-voucher@2023")
    assert run(form, sample("data-voucher-2023-sme"), WINDOW[form.key]).computed["bonus_points"] == 2
    unticked = run(form, changed("data-voucher-2023-sme", {"regional_claim": False}), WINDOW[form.key])
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
    computed = run(form, changed(name, changes), WINDOW[form.key]).computed
    assert (computed["min_self_ratio"], computed["min_cash_ratio"]) == (self_ratio, cash_ratio)


@pytest.mark.parametrize(("total", "max_gov", "min_self"), [
    (4_500_000, 3_600_000, 900_000), (19_375_000, 15_500_000, 3_875_000), (21_000_000, 15_500_000, 5_500_000),
])
def test_cloud_voucher_split_and_cap(total: int, max_gov: int, min_self: int) -> None:
    form = form_of("cloud-voucher@2021")
    computed = run(form, changed("cloud-voucher-2021-micro", {"total_fee": total}), WINDOW[form.key]).computed
    assert (computed["max_gov_share"], computed["min_self_share"]) == (max_gov, min_self)


# ------------------------------------------------------------------------------------ every rule fires
NO_NUMBERS = ("지금 무엇이 문제인지 충분히 설명하지 않은 채 막연하게 적은 계획입니다. " * 5).strip()
# (form, sample, changes, rule, path, severity)
CASES: list[tuple[str, str, dict[str, Any], str, str, str]] = [
    # data voucher 2023
    ("data-voucher@2023", "sme", {"other_task_applied": True}, "multiple_tasks", "other_task_applied", "error"),
    ("data-voucher@2023", "micro", {"duplicate_support": True}, "duplicate_support", "duplicate_support", "error"),
    ("data-voucher@2023", "founder", {"tax_arrears": True}, "tax_arrears", "tax_arrears", "error"),
    ("data-voucher@2023", "solo", {"business_status": "closed"}, "business_not_operating", "business_status", "error"),
    ("data-voucher@2023", "sme", {"sme_cert_valid_until": "2022-03-31"}, "sme_certificate_expired",
     "sme_cert_valid_until", "error"),
    ("data-voucher@2023", "founder", {"brn": "606-22-14570"}, "founder_has_brn", "applicant_type", "error"),
    ("data-voucher@2023", "founder", {"founder_no_registration": False}, "founder_not_declared",
     "founder_no_registration", "error"),
    ("data-voucher@2023", "founder", {"founder_will_register": False}, "founder_register_pledge",
     "founder_will_register", "error"),
    ("data-voucher@2023", "micro", {"employees": 5}, "micro_too_many_employees", "employees", "error"),
    ("data-voucher@2023", "solo", {"employees": 2}, "solo_has_employees", "employees", "error"),
    ("data-voucher@2023", "micro", {"entity_type": "corporation"}, "entity_type_mismatch", "entity_type", "error"),
    ("data-voucher@2023", "sme", {"tax_type": "simplified"}, "simplified_tax_not_individual", "tax_type", "error"),
    ("data-voucher@2023", "sme", {"equity": -5000000}, "capital_impairment", "equity", "error"),
    ("data-voucher@2023", "sme", {"equity": 150000000}, "partial_capital_impairment", "equity", "warning"),
    ("data-voucher@2023", "solo", {"supplier_registered": False}, "supplier_not_registered", "supplier_registered",
     "error"),
    ("data-voucher@2023", "sme", {"supplier_subcontract": True}, "supplier_subcontracting", "supplier_subcontract",
     "error"),
    ("data-voucher@2023", "sme", {"supplier_brn": "409-87-01527"}, "supplier_is_applicant", "supplier_brn", "error"),
    ("data-voucher@2023", "sme", {"datasets[0].method": "cleansing", "datasets[1].method": "analysis"},
     "ai_track_without_labelling", "datasets", "error"),
    ("data-voucher@2023", "solo", {"datasets[0].method": "bbox"}, "labelling_on_general_track", "datasets", "warning"),
    ("data-voucher@2023", "micro", {"need": NO_NUMBERS}, "need_without_numbers", "need", "warning"),
    ("data-voucher@2023", "micro", {"objective": NO_NUMBERS}, "objective_without_numbers", "objective", "warning"),
    ("data-voucher@2023", "micro", {"commercialisation": NO_NUMBERS}, "commercialisation_without_numbers",
     "commercialisation", "warning"),
    ("data-voucher@2023", "sme", {"project_end": "2023-04-01"}, "project_end_before_start", "project_end", "error"),
    ("data-voucher@2023", "sme", {"project_start": "2023-03-02", "project_end": "2023-11-30"}, "project_too_long",
     "project_end", "error"),
    ("data-voucher@2023", "founder", {"project_start": "2023-03-20", "schedule[0].task_start": "2023-03-20"},
     "project_starts_early", "project_start", "warning"),
    ("data-voucher@2023", "micro", {"project_end": "2023-12-01"}, "project_ends_late", "project_end", "warning"),
    ("data-voucher@2023", "sme", {"budget[3].quantity": 8000, "budget[3].amount": None}, "budget_lines_sum",
     "total_cost", "error"),
    ("data-voucher@2023", "sme", {"private_share": 14000000}, "shares_sum", "total_cost", "error"),
    ("data-voucher@2023", "micro", {"gov_share": 10500000, "private_share": 2000000}, "gov_share_over_cap",
     "gov_share", "error"),
    ("data-voucher@2023", "founder", {"gov_share": 37000000, "private_share": 8000000}, "private_share_too_low",
     "private_share", "error"),
    ("data-voucher@2023", "micro", {"private_cash": 3000000}, "private_cash_over_share", "private_cash", "error"),
    ("data-voucher@2023", "solo", {"private_cash": 4000000}, "private_cash_too_low", "private_cash", "error"),
    ("data-voucher@2023", "sme", {"consent_privacy": False}, "consent_privacy_refused", "consent_privacy", "error"),
    ("data-voucher@2023", "sme", {"consent_third_party": False}, "consent_third_party_refused",
     "consent_third_party", "error"),
    ("data-voucher@2023", "micro", {"agree_three_party": False}, "three_party_agreement_refused",
     "agree_three_party", "error"),
    ("data-voucher@2023", "micro", {"pledge_integrity": False}, "integrity_pledge_missing", "pledge_integrity",
     "error"),
    ("data-voucher@2023", "solo", {"sign_date": "2023-02-21"}, "signed_after_deadline", "sign_date", "error"),
    ("data-voucher@2023", "solo", {"sign_date": "2023-01-10"}, "signed_before_notice", "sign_date", "warning"),
    ("data-voucher@2023", "micro", {"regional_claim": True}, "regional_claim_invalid", "regional_claim", "error"),
    ("data-voucher@2023", "sme", {"regional_claim": False}, "regional_unclaimed", "regional_claim", "info"),
    ("data-voucher@2023", "sme", {}, "bonus_points_expected", "applicant_type", "info"),
    ("data-voucher@2023", "founder", {}, "private_share_waived", "private_share", "info"),
    ("data-voucher@2023", "micro", {}, "priority_quota", "applicant_type", "info"),
    ("data-voucher@2023", "sme", {"datasets[1].target_accuracy": 85}, "target_accuracy_low",
     "datasets[1].target_accuracy", "warning"),
    ("data-voucher@2023", "solo", {"datasets[1].output_volume": 200000}, "output_exceeds_raw",
     "datasets[1].output_volume", "warning"),
    ("data-voucher@2023", "micro", {"schedule[0].task_end": "2023-04-01"}, "milestone_order", "schedule[0].task_end",
     "error"),
    ("data-voucher@2023", "sme", {"schedule[3].task_end": "2023-11-15"}, "milestone_outside_period",
     "schedule[3].task_start", "error"),
    ("data-voucher@2023", "micro", {"budget[1].item": "analysis"}, "purchase_track_item", "budget[1].item", "error"),
    ("data-voucher@2023", "solo", {"budget[0].item": "purchase"}, "processing_track_item", "budget[0].item", "error"),
    ("data-voucher@2023", "solo", {"kpis[0].target": 3}, "kpi_target_not_better", "kpis[0].target", "warning"),
    # AI voucher 2024
    ("ai-voucher@2024", "small", {"other_task_applied": True}, "multiple_tasks", "other_task_applied", "error"),
    ("ai-voucher@2024", "midsize", {"duplicate_support": True}, "duplicate_support", "duplicate_support", "error"),
    ("ai-voucher@2024", "small", {"tax_arrears": True}, "tax_arrears", "tax_arrears", "error"),
    ("ai-voucher@2024", "midsize", {"business_status": "suspended"}, "business_not_operating", "business_status",
     "error"),
    ("ai-voucher@2024", "small", {"size_cert_valid_until": "2023-03-31"}, "size_certificate_expired",
     "size_cert_valid_until", "error"),
    ("ai-voucher@2024", "small", {"equity": 0}, "capital_impairment", "equity", "error"),
    ("ai-voucher@2024", "small", {"equity": 300000000}, "partial_capital_impairment", "equity", "warning"),
    ("ai-voucher@2024", "small", {"entity_type": "individual"}, "entity_type_mismatch", "entity_type", "error"),
    ("ai-voucher@2024", "midsize", {"entity_type": "individual", "brn": "131-05-77230", "crn": None},
     "midsize_sole_proprietor", "applicant_type", "warning"),
    ("ai-voucher@2024", "small", {"supplier_in_pool": False}, "supplier_not_in_pool", "supplier_in_pool", "error"),
    ("ai-voucher@2024", "midsize", {"supplier_subcontract": True}, "supplier_subcontracting", "supplier_subcontract",
     "error"),
    ("ai-voucher@2024", "small", {"supplier_brn": "617-81-33900"}, "supplier_is_applicant", "supplier_brn", "error"),
    ("ai-voucher@2024", "midsize", {"field_area": "general"}, "medical_solution_in_general_field", "field_area",
     "error"),
    ("ai-voucher@2024", "midsize", {"irb_status": "pending"}, "irb_not_approved", "irb_status", "warning"),
    ("ai-voucher@2024", "small", {"need": NO_NUMBERS}, "need_without_numbers", "need", "warning"),
    ("ai-voucher@2024", "small", {"objective": NO_NUMBERS}, "objective_without_numbers", "objective", "warning"),
    ("ai-voucher@2024", "small", {"application_plan": NO_NUMBERS}, "application_plan_without_numbers",
     "application_plan", "warning"),
    ("ai-voucher@2024", "small", {"project_end": "2024-05-01"}, "project_end_before_start", "project_end", "error"),
    ("ai-voucher@2024", "small", {"project_end": "2024-12-20"}, "project_too_long", "project_end", "error"),
    ("ai-voucher@2024", "small", {"project_start": "2024-04-22", "schedule[0].task_start": "2024-04-22"},
     "project_starts_early", "project_start", "warning"),
    ("ai-voucher@2024", "midsize", {"project_end": "2024-12-06"}, "project_ends_late", "project_end", "warning"),
    ("ai-voucher@2024", "small", {"budget[4].quantity": 2, "budget[4].amount": None}, "budget_lines_sum",
     "total_cost", "error"),
    ("ai-voucher@2024", "small", {"self_share": 60000000}, "shares_sum", "total_cost", "error"),
    ("ai-voucher@2024", "small", {"gov_share": 210000000, "self_share": 40000000}, "gov_share_over_cap", "gov_share",
     "error"),
    ("ai-voucher@2024", "midsize", {"gov_share": 144000000, "self_share": 36000000}, "self_share_too_low",
     "self_share", "error"),
    ("ai-voucher@2024", "midsize", {"self_cash": 60000000}, "self_cash_over_share", "self_cash", "error"),
    ("ai-voucher@2024", "midsize", {"self_cash": 20000000}, "self_cash_too_low", "self_cash", "error"),
    ("ai-voucher@2024", "small", {}, "youth_cash_waiver", "self_cash", "info"),
    ("ai-voucher@2024", "small", {"consent_privacy": False}, "consent_privacy_refused", "consent_privacy", "error"),
    ("ai-voucher@2024", "small", {"consent_third_party": False}, "consent_third_party_refused",
     "consent_third_party", "error"),
    ("ai-voucher@2024", "midsize", {"agree_three_party": False}, "three_party_agreement_refused",
     "agree_three_party", "error"),
    ("ai-voucher@2024", "midsize", {"pledge_integrity": False}, "integrity_pledge_missing", "pledge_integrity",
     "error"),
    ("ai-voucher@2024", "small", {"sign_date": "2024-03-05"}, "signed_after_deadline", "sign_date", "error"),
    ("ai-voucher@2024", "small", {"sign_date": "2024-01-20"}, "signed_before_notice", "sign_date", "warning"),
    ("ai-voucher@2024", "small", {"schedule[0].task_end": "2024-05-01"}, "milestone_order", "schedule[0].task_end",
     "error"),
    ("ai-voucher@2024", "midsize", {"schedule[3].task_end": "2024-12-13"}, "milestone_outside_period",
     "schedule[3].task_start", "error"),
    ("ai-voucher@2024", "small", {"budget[3].item": "hardware"}, "hardware_purchase_line", "budget[3].unit",
     "warning"),
    ("ai-voucher@2024", "midsize", {"kpis[1].target": 300}, "kpi_target_not_better", "kpis[1].target", "warning"),
    # cloud voucher 2021
    ("cloud-voucher@2021", "sme", {"other_task_applied": True}, "multiple_tasks", "other_task_applied", "error"),
    ("cloud-voucher@2021", "micro", {"duplicate_support": True}, "duplicate_support", "duplicate_support", "error"),
    ("cloud-voucher@2021", "sme", {"tax_arrears": True}, "tax_arrears", "tax_arrears", "error"),
    ("cloud-voucher@2021", "micro", {"business_status": "closed"}, "business_not_operating", "business_status",
     "error"),
    ("cloud-voucher@2021", "micro", {"sme_cert_valid_until": "2020-03-31"}, "sme_certificate_expired",
     "sme_cert_valid_until", "error"),
    ("cloud-voucher@2021", "micro", {"employees": 5}, "micro_too_many_employees", "employees", "error"),
    ("cloud-voucher@2021", "sme", {"equity": -1}, "capital_impairment", "equity", "error"),
    ("cloud-voucher@2021", "micro", {"entity_type": "corporation"}, "entity_type_mismatch", "entity_type", "error"),
    ("cloud-voucher@2021", "sme", {"provider_subcontract": True}, "provider_subcontracting", "provider_subcontract",
     "error"),
    ("cloud-voucher@2021", "micro", {"services[1].area": "conversion", "services[2].area": "conversion",
                                     "services[3].area": "conversion"}, "no_usage_service", "services", "warning"),
    ("cloud-voucher@2021", "sme", {"current_systems": NO_NUMBERS}, "current_systems_without_numbers",
     "current_systems", "warning"),
    ("cloud-voucher@2021", "sme", {"usage_goal": NO_NUMBERS}, "usage_goal_without_numbers", "usage_goal", "warning"),
    ("cloud-voucher@2021", "sme", {"usage_end": "2021-05-01"}, "usage_end_before_start", "usage_end", "error"),
    ("cloud-voucher@2021", "sme", {"usage_start": "2021-04-01"}, "usage_too_long", "usage_end", "error"),
    ("cloud-voucher@2021", "micro", {"usage_start": "2021-04-26", "usage_end": "2021-12-20"}, "usage_starts_early",
     "usage_start", "warning"),
    ("cloud-voucher@2021", "sme", {"usage_start": "2021-06-01", "usage_end": "2022-01-31"}, "usage_ends_late",
     "usage_end", "warning"),
    ("cloud-voucher@2021", "sme", {"total_fee": 22000000, "self_share": 6500000}, "service_lines_sum", "total_fee",
     "error"),
    ("cloud-voucher@2021", "micro", {"self_share": 1000000}, "shares_sum", "total_fee", "error"),
    ("cloud-voucher@2021", "sme", {"gov_share": 16800000, "self_share": 4200000}, "gov_share_over_cap", "gov_share",
     "error"),
    ("cloud-voucher@2021", "micro", {"gov_share": 4050000, "self_share": 450000}, "gov_share_over_ratio",
     "gov_share", "error"),
    ("cloud-voucher@2021", "sme", {}, "above_cap_self_paid", "self_share", "info"),
    ("cloud-voucher@2021", "sme", {"consent_privacy": False}, "consent_privacy_refused", "consent_privacy", "error"),
    ("cloud-voucher@2021", "sme", {"consent_third_party": False}, "consent_third_party_refused",
     "consent_third_party", "error"),
    ("cloud-voucher@2021", "micro", {"agree_three_party": False}, "three_party_agreement_refused",
     "agree_three_party", "error"),
    ("cloud-voucher@2021", "micro", {"pledge_integrity": False}, "integrity_pledge_missing", "pledge_integrity",
     "error"),
    ("cloud-voucher@2021", "sme", {"sign_date": "2021-03-27"}, "signed_after_deadline", "sign_date", "error"),
    ("cloud-voucher@2021", "sme", {"sign_date": "2021-02-20"}, "signed_before_notice", "sign_date", "warning"),
    ("cloud-voucher@2021", "micro", {"services[1].provider_registered": False}, "provider_not_registered",
     "services[1].provider_registered", "error"),
    ("cloud-voucher@2021", "micro", {"services[1].quantity": 9, "services[1].amount": None},
     "service_months_exceed_period", "services[1].quantity", "error"),
    ("cloud-voucher@2021", "micro", {"services[2].unit": "lot"}, "usage_billed_per_lot", "services[2].unit",
     "warning"),
    ("cloud-voucher@2021", "sme", {"kpis[0].target": 7}, "kpi_target_not_better", "kpis[0].target", "warning"),
]
# rules that a shipped setting keeps dormant; tested with other settings below
DORMANT = {("data-voucher@2023", "crowdsourcing_bonus")}


@pytest.mark.parametrize("key", NEW_FORMS)
def test_every_rule_has_a_case(key: str) -> None:
    covered = {c[3] for c in CASES if c[0] == key} | {r for k, r in DORMANT if k == key}
    assert set(all_rule_ids(form_of(key))) == covered


@pytest.mark.parametrize(("key", "name", "changes", "rule", "path", "severity"), CASES,
                         ids=[f"{c[0].split('@')[0]}:{c[3]}" for c in CASES])
def test_rule_fires_on_a_minimal_change(key: str, name: str, changes: dict[str, Any], rule: str, path: str,
                                        severity: str) -> None:
    form = form_of(key)
    stem = f"{key.replace('@', '-')}-{name}"
    if changes:
        assert rule not in codes(run(form, sample(stem), WINDOW[key])), "the unchanged sample must not have it"
    after = run(form, changed(stem, changes), WINDOW[key])
    hits = [i for i in after.issues if i.code == rule]
    assert hits, f"{rule} did not fire; got {sorted(codes(after))}"
    assert (hits[0].path, hits[0].severity) == (path, severity)
    assert all_rule_ids(form)[rule] == severity
    assert hits[0].message_ko and hits[0].message_en
    assert "{" not in hits[0].message_ko + hits[0].message_en, "unfilled placeholder"


def test_dormant_crowdsourcing_bonus_wakes_with_its_setting() -> None:
    form = form_of("data-voucher@2023")
    assert "crowdsourcing_bonus" not in codes(run(form, sample("data-voucher-2023-sme"), WINDOW[form.key]))
    settings = dict(form.settings)
    settings["crowdsourcing_bonus_points"] = settings["crowdsourcing_bonus_points"].model_copy(update={"value": 1})
    waking = form.model_copy(update={"settings": settings})
    result = run(waking, sample("data-voucher-2023-sme"), WINDOW[form.key])
    assert "crowdsourcing_bonus" in codes(result)
    assert result.computed["bonus_points"] == 3


def test_quota_settings_switch_the_quota_note_off() -> None:
    form = form_of("data-voucher@2023")
    off = {k: (s.model_copy(update={"value": False}) if k.startswith("quota_") else s)
           for k, s in form.settings.items()}
    result = run(form.model_copy(update={"settings": off}), sample("data-voucher-2023-micro"), WINDOW[form.key])
    assert "priority_quota" not in codes(result)
    assert isinstance(off["quota_youth"], Setting)


# ------------------------------------------------------------------------------------ samples

EXPECTED_INFO = {
    "data-voucher-2022-sme": {"bonus_points_expected", "private_share_waived", "priority_quota"},
    "data-voucher-2023-sme": {"bonus_points_expected", "private_share_waived", "priority_quota"},
    "data-voucher-2023-micro": {"bonus_points_expected", "priority_quota"},
    "data-voucher-2023-solo": set(),
    "data-voucher-2023-founder": {"bonus_points_expected", "private_share_waived", "priority_quota"},
    "ai-voucher-2024-small": {"youth_cash_waiver"},
    "ai-voucher-2024-midsize": set(),
    "cloud-voucher-2021-sme": {"above_cap_self_paid"},
    "cloud-voucher-2021-micro": set(),
}


def test_branches_have_samples() -> None:
    """One sample per applicant type, and every track of the data voucher covered."""
    for key in NEW_FORMS:
        form = form_of(key)
        types = {sample(s)["answers"]["applicant_type"] for s in EXPECTED_INFO if s.startswith(key.replace("@", "-"))}
        assert types == set(form.fields["applicant_type"].choice_values), key
    tracks = {sample(s)["answers"]["track"] for s in EXPECTED_INFO if s.startswith("data-voucher")}
    assert tracks == {"purchase", "general", "ai"}
    assert {sample(s)["answers"]["field_area"] for s in EXPECTED_INFO if s.startswith("ai-voucher")} == {
        "general", "medical"}


@pytest.mark.parametrize("stem", sorted(EXPECTED_INFO))
@pytest.mark.parametrize("when", ["window", "today"])
def test_sample_is_complete_with_only_the_intended_info(stem: str, when: str) -> None:
    data = sample(stem)
    form = form_of(data["form"])
    today = WINDOW[form.key] if when == "window" else dt.date.today()
    result = run(form, data, today)
    assert [(i.path, i.code) for i in result.issues if i.severity != "info"] == []
    assert {i.code for i in result.issues if i.severity == "info"} == EXPECTED_INFO[stem]
    assert result.percent == 100
    assert set(data["attachments"]) == set(result.required_attachments), "attach exactly what is required"


def test_every_sample_is_listed_here_or_in_its_own_test() -> None:
    stems = {p.stem for p in SAMPLES}
    assert stems == set(EXPECTED_INFO) | {s for s in stems if s.startswith("ai-data-voucher-2020-")}


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_renders_a_pdf(path: Path) -> None:
    answers = read_answers(path)
    form = form_of(answers.form)
    result = validate(form, answers.answers, attachments=answers.attachment_files(), today=WINDOW[form.key],
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
    today = WINDOW[form.key] if when == "window" else dt.date.today()
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
